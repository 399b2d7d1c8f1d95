import { Sha256 } from '@aws-crypto/sha256-js';
import { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { type AwsCredentialIdentity, type AwsCredentialIdentityProvider } from '@smithy/types';
import { type Json } from '../../src/asl/types';
import { aslFailure } from '../errors';
import {
  exchange,
  ExchangeTimeout,
  hasHeader,
  invokeOutput,
  networkCause,
  scalarText,
} from './http-exchange';
import {
  parametersOf,
  requiredString,
  type ServiceCall,
  type ServiceContext,
  unsupportedAction,
} from './service';

/** The methods `apigateway:invoke` accepts (AWS: connect-api-gateway, Method). */
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const AUTH_TYPES = ['NO_AUTH', 'IAM_ROLE', 'RESOURCE_POLICY'];

/** Headers a Task may not set (AWS: connect-api-gateway, "not currently permitted"), lower-cased. */
const FORBIDDEN_HEADERS = new Set(
  [
    'Authorization',
    'Connection',
    'Content-md5',
    'Expect',
    'Host',
    'Max-Forwards',
    'Proxy-Authenticate',
    'Server',
    'TE',
    'Transfer-Encoding',
    'Trailer',
    'Upgrade',
    'Via',
    'Www-Authenticate',
  ].map((h) => h.toLowerCase()),
);
const FORBIDDEN_PREFIXES = ['x-forwarded', 'x-amz'];

/** `execute-api` hosts name their region: `<api-id>.execute-api.<region>.amazonaws.com`. */
const EXECUTE_API_HOST = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/i;

/**
 * `arn:aws:states:::apigateway:invoke[.waitForTaskToken]`: calls a REST or HTTP API and returns
 * `{Headers, ResponseBody, StatusCode, StatusText}`; a status outside 2xx fails with `ApiGateway.<status>` and the
 * response body as the cause, as Step Functions does. `ApiEndpoint` is a host (`https://` is added); one that
 * already starts with `http://` or `https://` is used as the base URL as is, so a Task can reach a local server.
 */
export async function apiGatewayCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'invoke') throw unsupportedAction(call, ['invoke']);
  const params = parametersOf(call);
  const method = requiredString(call, params, 'Method').toUpperCase();
  if (!METHODS.includes(method))
    throw runtime(call, `Method must be one of ${METHODS.join(', ')}, got '${method}'.`);
  const authType = params.AuthType ?? 'NO_AUTH';
  if (typeof authType !== 'string' || !AUTH_TYPES.includes(authType)) {
    throw runtime(call, `AuthType must be one of ${AUTH_TYPES.join(', ')}, got ${JSON.stringify(authType)}.`);
  }
  const allowNull = params.AllowNullValues === true;
  const url = invokeUrl(call, params, allowNull);
  const headers = requestHeaders(call, params.Headers, allowNull);
  headers.host = url.host;

  let body: string | undefined;
  if (params.RequestBody !== undefined) {
    const requestBody = allowNull ? params.RequestBody : withoutNulls(params.RequestBody);
    body = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  }

  // RESOURCE_POLICY APIs also require a signed request: Step Functions signs as its service principal; a worker
  // can only sign as itself, so both authenticated types sign with the worker's (or the Task's role's) credentials.
  const signed =
    authType === 'NO_AUTH' ? headers : await signedHeaders({ call, ctx, method, url, headers, body });

  let result;
  try {
    result = await exchange({ method, url, headers: signed, body, timeoutMs: call.timeoutMs });
  } catch (err) {
    throw aslFailure(
      `ApiGateway.${exceptionName(err)}`,
      `${method} ${url.href} failed: ${networkCause(err)}`,
    );
  }
  if (result.statusCode < 200 || result.statusCode > 299) {
    throw aslFailure(`ApiGateway.${result.statusCode}`, result.bodyText);
  }
  return invokeOutput(result);
}

/** `<base>/<Stage>/<Path>?<QueryParameters>`; values of a query key repeat the key, as API Gateway reads them. */
function invokeUrl(call: ServiceCall, params: Record<string, Json>, allowNull: boolean): URL {
  const endpoint = requiredString(call, params, 'ApiEndpoint');
  const base = /^https?:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw runtime(call, `ApiEndpoint '${endpoint}' is not a host name or URL.`);
  }
  const segments = [params.Stage, params.Path]
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .map((s) => s.replace(/^\/+|\/+$/g, ''))
    .filter((s) => s.length > 0);
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = [prefix, ...segments].join('/') || '/';
  const query = params.QueryParameters;
  if (query !== undefined && query !== null) {
    if (typeof query !== 'object' || Array.isArray(query)) {
      throw runtime(call, 'QueryParameters must be an object of string arrays.');
    }
    const pairs: string[] = [];
    for (const [key, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === null && !allowNull) continue;
        pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(scalarText(item))}`);
      }
    }
    if (pairs.length > 0) url.search = `?${pairs.join('&')}`;
  }
  return url;
}

/** The Task's Headers (a map of string arrays), refusing the ones Step Functions refuses. */
function requestHeaders(
  call: ServiceCall,
  raw: Json | undefined,
  allowNull: boolean,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw runtime(call, 'Headers must be an object of string arrays.');
  }
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower) || FORBIDDEN_PREFIXES.some((p) => lower.startsWith(p))) {
      throw runtime(call, `The 'Headers' field contains unsupported values: ${name}`);
    }
    const values = (Array.isArray(value) ? value : [value]).filter((v) => allowNull || v !== null);
    if (values.length > 0) out[name] = values.map(scalarText);
  }
  return out;
}

interface SigningRequest {
  readonly call: ServiceCall;
  readonly ctx: ServiceContext;
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string | string[]>;
  readonly body?: string;
}

/** The headers plus SigV4's for `execute-api` in the endpoint's region (multi-valued headers joined by commas). */
async function signedHeaders(req: SigningRequest): Promise<Record<string, string>> {
  const region = EXECUTE_API_HOST.exec(req.url.hostname)?.[1] ?? req.ctx.clients.region;
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: signingCredentials(req.call, req.ctx),
    sha256: Sha256,
  });
  const query: Record<string, string[]> = {};
  for (const [k, v] of req.url.searchParams) (query[k] ??= []).push(v);
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
  );
  const signed = await signer.sign({
    method: req.method,
    protocol: req.url.protocol,
    hostname: req.url.hostname,
    port: req.url.port ? Number(req.url.port) : undefined,
    path: req.url.pathname,
    query,
    headers,
    body: req.body,
  });
  return signed.headers;
}

let defaultChain: AwsCredentialIdentityProvider | undefined;

/**
 * Whose credentials sign: the Task's `Credentials.RoleArn` (through the STS client AwsClients builds for that role,
 * which assumes and refreshes it), else the worker's configured credentials, else the SDK's default chain.
 */
function signingCredentials(
  call: ServiceCall,
  ctx: ServiceContext,
): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  const role = (call.credentials as { RoleArn?: unknown } | undefined)?.RoleArn;
  if (typeof role === 'string') return ctx.clients.get(STSClient, 'sts', call.credentials).config.credentials;
  if (ctx.clients.settings.credentials) return ctx.clients.settings.credentials;
  defaultChain ??= defaultProvider();
  return defaultChain;
}

/** A network failure named as the Java exception Step Functions' HTTP client would raise. */
function exceptionName(err: unknown): string {
  if (err instanceof ExchangeTimeout) return 'SocketTimeoutException';
  switch ((err as { code?: string }).code) {
    case 'ECONNREFUSED':
      return 'ConnectException';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'UnknownHostException';
    case 'ETIMEDOUT':
      return 'SocketTimeoutException';
    default:
      return 'SocketException';
  }
}

/** `RequestBody` without null-valued fields: `AllowNullValues` defaults to false, which drops them. */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

function runtime(call: ServiceCall, message: string) {
  return aslFailure('States.Runtime', `The Task '${call.stateName}' (apigateway:invoke): ${message}`);
}
