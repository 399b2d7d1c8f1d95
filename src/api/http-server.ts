/**
 * The Step Functions API over HTTP: AWS JSON 1.0 (`POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`, a JSON
 * body), answers as JSON, errors as HTTP 400 `{"__type", "message"}` so every AWS SDK maps them to its exceptions.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ACTIVITY_OPERATIONS } from './activity-operations';
import { type RequestVerifier } from './auth';
import { type ApiContext, type Operation } from './context';
import { ApiError } from './errors';
import { EXECUTION_OPERATIONS } from './execution-operations';
import { STATE_MACHINE_OPERATIONS } from './state-machine-operations';
import { TAG_OPERATIONS } from './tag-operations';
import { TASK_TOKEN_OPERATIONS } from './task-token-operations';

/** Every operation the server answers, by its name in `X-Amz-Target`. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...STATE_MACHINE_OPERATIONS,
  ...EXECUTION_OPERATIONS,
  ...TASK_TOKEN_OPERATIONS,
  ...TAG_OPERATIONS,
  ...ACTIVITY_OPERATIONS,
};

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** A 1 MiB definition escaped as JSON text, plus the rest of the request. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('ValidationException', 'Request body is too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(text);
}

/** Decodes, dispatches and answers one request. */
async function handle(
  request: IncomingMessage,
  context: ApiContext,
  signal: AbortSignal,
  verify: RequestVerifier | undefined,
): Promise<[number, object]> {
  if (request.method !== 'POST') {
    throw new ApiError('UnknownOperationException', `Only POST / is served, not ${request.method ?? ''}`);
  }
  const target = String(request.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  const raw = await readBody(request);
  // Authentication first: a caller that is not signed in learns nothing of the operations or the body's shape.
  await verify?.(request, raw);
  const text = raw.toString('utf8');
  if (!operation) {
    throw new ApiError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
  }
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw new ApiError(
      'SerializationException',
      `The request body is not valid JSON: ${(err as Error).message}`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return [200, await operation(body as Record<string, unknown>, context, signal)];
}

/**
 * Creates (does not start) the HTTP server of the API; `onError` hears about failures that are not AWS errors;
 * with `verify`, every request must pass it (SigV4, see `auth.ts`) before it is decoded.
 */
export function createApiServer(
  context: ApiContext,
  onError: (err: unknown) => void = () => {},
  verify?: RequestVerifier,
): Server {
  return createServer((request, response) => {
    const hangUp = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) hangUp.abort();
    });
    handle(request, context, hangUp.signal, verify).then(
      ([status, body]) => send(response, status, body),
      (err: unknown) => {
        if (hangUp.signal.aborted) return;
        if (err instanceof ApiError) {
          send(response, err.status, { __type: err.type, message: err.message });
          return;
        }
        onError(err);
        send(response, 500, {
          __type: 'InternalFailure',
          message: err instanceof Error ? err.message : String(err),
        });
      },
    );
  });
}
