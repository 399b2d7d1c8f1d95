/**
 * A codec server: the HTTP endpoint the Temporal Web UI and `temporal --codec-endpoint` call to see payloads in
 * clear (`POST /decode`) and to seal what they send (`POST /encode`), with the same key as the workers. Keys never
 * reach the Temporal server; whoever can call this endpoint can read the data, so it binds loopback by default and
 * can require a bearer token.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type PayloadCodec } from '@temporalio/common';
import { payloadsFromJson, payloadsToJson, PayloadJsonError } from './payload-json';

/** Options for {@link startCodecServer}. */
export interface CodecServerOptions {
  readonly codec: PayloadCodec;
  /** Default 127.0.0.1: the decoded data must not be one open port away from the network. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** The Web UI's origin, allowed by CORS (credentials included); default the dev server's UI. */
  readonly uiOrigin?: string;
  /** When set, every POST must carry `Authorization: Bearer <token>` (or the token itself). */
  readonly authToken?: string;
}

/** A running codec server. */
export interface CodecServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The Web UI of `asl-temporal dev` and `temporal server start-dev`. */
export const DEFAULT_UI_ORIGIN = 'http://localhost:8233';
/** Requests larger than this are refused (a history page's payloads fit many times over). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** The headers the Web UI sends, plus Authorization for its "pass access token" setting. */
export const ALLOWED_HEADERS = 'Content-Type,X-Namespace,Authorization';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when the request carries the token (compared in constant time). */
function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = header.replace(/^Bearer\s+/i, '');
  return timingSafeEqual(digest(given), digest(token));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `/decode`, `/encode`, and the same under a namespace segment (`/<namespace>/decode`, the CLI's templating). */
function operationOf(url: string | undefined): 'encode' | 'decode' | undefined {
  const path = (url ?? '').split('?')[0];
  const match = /^(?:\/[^/]+)?\/(encode|decode)\/?$/.exec(path);
  return match ? (match[1] as 'encode' | 'decode') : undefined;
}

/** Starts a codec server and resolves once it listens. */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const uiOrigin = (options.uiOrigin ?? DEFAULT_UI_ORIGIN).replace(/\/+$/, '');
  const cors = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.headers.origin !== uiOrigin) return false;
    res.setHeader('Access-Control-Allow-Origin', uiOrigin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    return true;
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const allowed = cors(req, res);
    const operation = operationOf(req.url);
    if (req.method === 'OPTIONS') {
      // The preflight: only the UI's origin gets the go-ahead.
      if (!allowed || !operation) return send(res, 403, { message: 'origin or path not allowed' });
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (!operation)
      return send(res, 404, { message: 'the codec server answers POST /encode and POST /decode' });
    if (req.method !== 'POST') return send(res, 405, { message: `${operation} takes POST` });
    if (options.authToken !== undefined && !authorized(req, options.authToken)) {
      return send(res, 401, { message: 'a valid Authorization: Bearer <token> header is required' });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      if (err instanceof HttpError) return send(res, err.status, { message: err.message });
      return send(res, 400, { message: `the body is not JSON: ${(err as Error).message}` });
    }
    try {
      const payloads = payloadsFromJson(body);
      const out =
        operation === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      send(res, 200, payloadsToJson(out));
    } catch (err) {
      send(res, 400, {
        message: err instanceof PayloadJsonError ? `bad request: ${err.message}` : (err as Error).message,
      });
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: (err as Error).message });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${shown}:${port}`,
    host: address,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
