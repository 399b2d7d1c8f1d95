import { type Json } from '../../src/asl/types';
import { aslFailure } from '../errors';
import { type ConnectionParameters, resolveConnection } from './http-connection';
import { exchange, hasHeader, invokeOutput, networkCause, scalarText } from './http-exchange';
import {
  parametersOf,
  requiredString,
  type ServiceCall,
  type ServiceContext,
  unsupportedAction,
} from './service';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const ARRAY_FORMATS = ['INDICES', 'REPEAT', 'COMMAS', 'BRACKETS'] as const;

/** How `URL_ENCODED` bodies spell arrays (AWS: call-https-apis, "Applying URL-encoding on request body"). */
export type ArrayFormat = (typeof ARRAY_FORMATS)[number];

/** An HTTP Task gives up after 60 s (AWS: call-https-apis, "Timeouts for connections"). */
const HTTP_TASK_TIMEOUT_MS = 60_000;

/** Headers an HTTP Task may not set (AWS: call-https-apis, Headers), lower-cased; plus the prefixes below. */
const FORBIDDEN_HEADERS = new Set(
  [
    'A-IM',
    'Accept-Charset',
    'Accept-Datetime',
    'Accept-Encoding',
    'Authorization',
    'Cache-Control',
    'Connection',
    'Content-Encoding',
    'Content-MD5',
    'Date',
    'Expect',
    'Forwarded',
    'From',
    'Host',
    'HTTP2-Settings',
    'If-Match',
    'If-Modified-Since',
    'If-None-Match',
    'If-Range',
    'If-Unmodified-Since',
    'Max-Forwards',
    'Origin',
    'Pragma',
    'Proxy-Authorization',
    'Referer',
    'Server',
    'TE',
    'Trailer',
    'Transfer-Encoding',
    'Upgrade',
    'Via',
    'Warning',
  ].map((h) => h.toLowerCase()),
);
const FORBIDDEN_PREFIXES = ['x-forwarded-', 'x-amz-', 'x-amzn-'];

/** Response content types Step Functions will not read (AWS: call-https-apis, "Unsupported HTTP Task responses"). */
const UNREADABLE_CONTENT = /^(application\/octet-stream|image\/|video\/|audio\/)/i;

/**
 * `arn:aws:states:::http:invoke` (HTTP Task): calls `ApiEndpoint` with the EventBridge connection's auth and
 * parameters merged over the Task's (the connection wins on a clash), and returns
 * `{Headers, ResponseBody, StatusCode, StatusText}`. A status outside 2xx fails with `States.Http.StatusCode.<code>`
 * and the response body as the cause; no response within 60 s (or the Task's TimeoutSeconds, if shorter) and
 * network failures are `States.Http.Socket`. `http://` endpoints are accepted too, so Tasks can reach local servers.
 */
export async function httpInvokeCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'invoke') throw unsupportedAction(call, ['invoke']);
  const params = parametersOf(call);
  const url = endpointUrl(call, params);
  const method = requiredString(call, params, 'Method').toUpperCase();
  if (!METHODS.includes(method))
    throw runtime(call, `Method must be one of ${METHODS.join(', ')}, got '${method}'.`);
  const { encoding, arrayFormat } = transformOf(call, params.Transform);
  const taskHeaders = headersOf(call, params.Headers);
  const taskQuery = queryOf(call, params.QueryParameters);
  const connection = await resolveConnection(call, ctx, connectionArnOf(call, params));

  const headers = mergeHeaders(taskHeaders, connection.headers);
  for (const [k, v] of Object.entries(connection.query)) taskQuery.set(k, v);
  for (const [k, v] of taskQuery) url.searchParams.append(k, v);
  // URLSearchParams writes spaces as '+'; Step Functions percent-encodes them.
  url.search = url.search.replace(/\+/g, '%20');

  const body = requestBody(call, params.RequestBody, connection, encoding, arrayFormat);
  if (body !== undefined && !hasHeader(headers, 'content-type')) {
    headers['Content-Type'] =
      encoding === 'URL_ENCODED' ? 'application/x-www-form-urlencoded' : 'application/json; charset=UTF-8';
  }
  // Step Functions sets these itself, over anything the Task or the connection says.
  headers.host = url.host;
  headers['User-Agent'] = `Amazon|StepFunctions|HttpInvoke|${ctx.clients.region}`;
  headers.Range = 'bytes=0-262144';

  const timeoutMs = Math.min(HTTP_TASK_TIMEOUT_MS, call.timeoutMs ?? HTTP_TASK_TIMEOUT_MS);
  let result;
  try {
    result = await exchange({ method, url, headers, body, timeoutMs });
  } catch (err) {
    throw aslFailure(
      'States.Http.Socket',
      `${method} ${url.origin}${url.pathname} failed: ${networkCause(err)}`,
    );
  }
  if (UNREADABLE_CONTENT.test(result.contentType)) {
    throw runtime(call, `the response's content type ${result.contentType} cannot be read as text.`);
  }
  if (result.statusCode < 200 || result.statusCode > 299) {
    throw aslFailure(`States.Http.StatusCode.${result.statusCode}`, result.bodyText);
  }
  return invokeOutput(result);
}

function endpointUrl(call: ServiceCall, params: Record<string, Json>): URL {
  const endpoint = requiredString(call, params, 'ApiEndpoint');
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw runtime(call, `ApiEndpoint must be an https:// URL, got '${endpoint}'.`);
  }
  return url;
}

/** The connection from `InvocationConfig.ConnectionArn` or the older `Authentication.ConnectionArn`. */
function connectionArnOf(call: ServiceCall, params: Record<string, Json>): string {
  for (const field of ['InvocationConfig', 'Authentication']) {
    const holder = params[field];
    if (holder && typeof holder === 'object' && !Array.isArray(holder)) {
      const arn = holder.ConnectionArn;
      if (typeof arn === 'string' && arn.length > 0) return arn;
    }
  }
  throw runtime(call, 'an HTTP Task needs InvocationConfig.ConnectionArn or Authentication.ConnectionArn.');
}

function transformOf(
  call: ServiceCall,
  raw: Json | undefined,
): { encoding: 'NONE' | 'URL_ENCODED'; arrayFormat: ArrayFormat } {
  if (raw === undefined || raw === null) return { encoding: 'NONE', arrayFormat: 'INDICES' };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw runtime(call, 'Transform must be an object.');
  const encoding = raw.RequestBodyEncoding ?? 'NONE';
  if (encoding !== 'NONE' && encoding !== 'URL_ENCODED') {
    throw runtime(call, `RequestBodyEncoding must be NONE or URL_ENCODED, got ${JSON.stringify(encoding)}.`);
  }
  const options = raw.RequestEncodingOptions;
  const format =
    options && typeof options === 'object' && !Array.isArray(options) ? options.ArrayFormat : undefined;
  if (format !== undefined && !ARRAY_FORMATS.includes(format as ArrayFormat)) {
    throw runtime(
      call,
      `ArrayFormat must be one of ${ARRAY_FORMATS.join(', ')}, got ${JSON.stringify(format)}.`,
    );
  }
  return { encoding, arrayFormat: (format as ArrayFormat | undefined) ?? 'INDICES' };
}

/** The Task's Headers (values may be lists, sent comma-joined), refusing the ones Step Functions refuses. */
function headersOf(call: ServiceCall, raw: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw runtime(call, 'Headers must be an object.');
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower) || FORBIDDEN_PREFIXES.some((p) => lower.startsWith(p))) {
      throw runtime(call, `the header '${name}' may not be set by an HTTP Task.`);
    }
    out[name] = Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value);
  }
  return out;
}

/** QueryParameters as an object (a list value repeats its key) or a ready query string. */
function queryOf(call: ServiceCall, raw: Json | undefined): URLSearchParams {
  const out = new URLSearchParams();
  if (raw === undefined || raw === null) return out;
  if (typeof raw === 'string') return new URLSearchParams(raw.replace(/^\?/, ''));
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw runtime(call, 'QueryParameters must be an object.');
  for (const [key, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : [value]) out.append(key, scalarText(item));
  }
  return out;
}

/** The Task's headers with the connection's over them; a clash in any letter case keeps the connection's. */
function mergeHeaders(
  task: Record<string, string>,
  connection: Record<string, string>,
): Record<string, string> {
  const out = { ...task };
  for (const [name, value] of Object.entries(connection)) {
    for (const existing of Object.keys(out))
      if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    out[name] = value;
  }
  return out;
}

/** RequestBody merged with the connection's body parameters, then serialized (AWS: "Merging ... data"). */
function requestBody(
  call: ServiceCall,
  raw: Json | undefined,
  connection: ConnectionParameters,
  encoding: 'NONE' | 'URL_ENCODED',
  arrayFormat: ArrayFormat,
): string | undefined {
  const extra = Object.keys(connection.body).length > 0;
  if (typeof raw === 'string') {
    if (extra)
      throw runtime(call, "a string RequestBody cannot be merged with the connection's body parameters.");
    return raw;
  }
  let body: Json | undefined = raw;
  if (extra) {
    const base = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
    body = { ...base, ...connection.body };
  }
  if (body === undefined) return undefined;
  if (encoding === 'URL_ENCODED' && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    return formEncode(body, arrayFormat);
  }
  return JSON.stringify(body);
}

/**
 * An object as `application/x-www-form-urlencoded`: nested objects as `key[field]`, arrays in the given format
 * (`a[0]=x`, `a=x&a=y`, `a=x,y`, `a[]=x`), names and values percent-encoded (spaces as `%20`), as the AWS examples
 * show.
 */
export function formEncode(body: Readonly<Record<string, Json>>, arrayFormat: ArrayFormat): string {
  const pairs: [string, string][] = [];
  const walk = (name: string, value: Json): void => {
    if (Array.isArray(value)) {
      if (arrayFormat === 'COMMAS') {
        pairs.push([name, value.map(scalarText).join(',')]);
        return;
      }
      value.forEach((item, i) =>
        walk(
          arrayFormat === 'INDICES' ? `${name}[${i}]` : arrayFormat === 'BRACKETS' ? `${name}[]` : name,
          item,
        ),
      );
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(`${name}[${k}]`, v);
    } else {
      pairs.push([name, scalarText(value)]);
    }
  };
  for (const [k, v] of Object.entries(body)) walk(k, v);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

function runtime(call: ServiceCall, message: string) {
  return aslFailure('States.Runtime', `The Task '${call.stateName}' (http:invoke): ${message}`);
}
