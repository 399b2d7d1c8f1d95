import { request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Json } from '../../src/asl/types';

/** One HTTP request as the API Gateway and HTTP Task integrations send it. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  /** Header values by name; an array sends one header line per value. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
  /** Abort the exchange after this long (a {@link ExchangeTimeout} is thrown). */
  readonly timeoutMs?: number;
}

/** A response as both integrations report it: `{Headers, ResponseBody, StatusCode, StatusText}`. */
export interface ExchangeResult {
  readonly statusCode: number;
  readonly statusText: string;
  /** Header values by name, in the server's own spelling, each a list as Step Functions reports them. */
  readonly headers: Record<string, string[]>;
  readonly contentType: string;
  readonly bodyText: string;
}

/** The exchange took longer than its `timeoutMs`. */
export class ExchangeTimeout extends Error {
  override readonly name = 'ExchangeTimeout';
}

/**
 * Sends one request and reads the whole response. `node:http` rather than `fetch` because Step Functions reports
 * response headers in the server's spelling (`Content-Type`, `x-amzn-RequestId`) and multi-valued, which fetch's
 * `Headers` (lower-cased, comma-joined) cannot give back; it also sends exactly the headers asked for.
 */
export function exchange(req: OutgoingRequest): Promise<ExchangeResult> {
  const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(req.url, {
      method: req.method,
      headers: req.headers as Record<string, string | string[]>,
    });
    const timer =
      req.timeoutMs !== undefined
        ? setTimeout(
            () => outgoing.destroy(new ExchangeTimeout(`no response within ${req.timeoutMs} ms`)),
            req.timeoutMs,
          )
        : undefined;
    outgoing.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string[]> = {};
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          (headers[res.rawHeaders[i]] ??= []).push(res.rawHeaders[i + 1]);
        }
        const statusCode = res.statusCode ?? 0;
        resolve({
          statusCode,
          statusText: res.statusMessage || STATUS_CODES[statusCode] || '',
          headers,
          contentType: String(res.headers['content-type'] ?? ''),
          bodyText: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** The response body as Step Functions reports it: parsed when it is JSON, else the text itself. */
export function responseBody(result: ExchangeResult): Json {
  const text = result.bodyText;
  // A JSON content type, or none at all, is parsed; a body that does not parse stays text.
  if (text.length > 0 && (result.contentType === '' || /[/+]json\b/i.test(result.contentType))) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

/** The Task output both integrations return. */
export function invokeOutput(result: ExchangeResult): Json {
  return {
    Headers: result.headers,
    ResponseBody: responseBody(result),
    StatusCode: result.statusCode,
    StatusText: result.statusText,
  };
}

/** Whether a header name (case-insensitively) is among `headers`' names. */
export function hasHeader(headers: Readonly<Record<string, unknown>>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

/** A JSON scalar as a header, query or form value (`null` as empty, objects serialized). */
export function scalarText(value: Json): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A short description of a network failure, for an error's cause. */
export function networkCause(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e?.message ?? String(err);
  return e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
