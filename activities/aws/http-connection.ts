import { DescribeConnectionCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Json } from '../../src/asl/types';
import { aslFailure } from '../errors';
import { exchange, networkCause, scalarText } from './http-exchange';
import { type ServiceCall, type ServiceContext } from './service';

/** What an EventBridge connection adds to an HTTP Task's request: auth and its invocation parameters. */
export interface ConnectionParameters {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: Record<string, string>;
}

/** A JSON object whose keys are lower-cased with `_` removed, so `ApiKeyName` and `api_key_name` read alike. */
type Loose = Record<string, unknown>;

/**
 * Resolves an EventBridge connection (API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS) into headers, query and body
 * parameters, as Step Functions does before an HTTP Task's call. DescribeConnection masks secret values on AWS, so
 * they are read from the connection's Secrets Manager secret (`SecretArn`); its key spelling is not documented, so
 * both CamelCase and snake_case keys, flat or under the `AuthParameters` names, are accepted. Failures are the
 * documented `Events.ConnectionResource.*` errors.
 */
export async function resolveConnection(
  call: ServiceCall,
  ctx: ServiceContext,
  connectionArn: string,
): Promise<ConnectionParameters> {
  const name = /:connection\/([^/]+)/.exec(connectionArn)?.[1];
  if (!name)
    throw connectionError('ResourceNotFound', `'${connectionArn}' is not an EventBridge connection ARN.`);

  const events = ctx.clients.get(EventBridgeClient, 'events', call.credentials);
  let described;
  try {
    described = await events.send(new DescribeConnectionCommand({ Name: name }));
  } catch (err) {
    throw awsError(err, `DescribeConnection ${name}`);
  }
  const state = described.ConnectionState ?? 'AUTHORIZED';
  if (state === 'AUTHORIZING') throw connectionError('AuthInProgress', `The connection ${name} is ${state}.`);
  if (state !== 'AUTHORIZED')
    throw connectionError('InvalidConnectionState', `The connection ${name} is ${state}.`);

  let secret: Loose = {};
  if (described.SecretArn) {
    const sm = ctx.clients.get(SecretsManagerClient, 'secretsmanager', call.credentials);
    try {
      const out = await sm.send(new GetSecretValueCommand({ SecretId: described.SecretArn }));
      secret = loose(JSON.parse(out.SecretString ?? '{}')) as Loose;
    } catch (err) {
      throw awsError(err, `GetSecretValue ${described.SecretArn}`);
    }
  }
  const shown = loose(described.AuthParameters ?? {}) as Loose;

  const invocation = (pick(secret, 'invocationhttpparameters') ?? pick(shown, 'invocationhttpparameters')) as
    Loose | undefined;
  const params: ConnectionParameters = {
    headers: keyValues(invocation, 'headerparameters'),
    query: keyValues(invocation, 'querystringparameters'),
    body: keyValues(invocation, 'bodyparameters'),
  };

  switch (described.AuthorizationType) {
    case 'API_KEY': {
      const key = {
        ...asLoose(pick(shown, 'apikeyauthparameters')),
        ...asLoose(pick(secret, 'apikeyauthparameters')),
        ...secret,
      };
      const keyName = pick(key, 'apikeyname');
      const keyValue = pick(key, 'apikeyvalue');
      if (typeof keyName !== 'string' || typeof keyValue !== 'string') {
        throw connectionError(
          'InvalidConnectionState',
          `The connection ${name} has no API key name and value.`,
        );
      }
      params.headers[keyName] = keyValue;
      break;
    }
    case 'BASIC': {
      const basic = {
        ...asLoose(pick(shown, 'basicauthparameters')),
        ...asLoose(pick(secret, 'basicauthparameters')),
        ...secret,
      };
      const username = pick(basic, 'username');
      const password = pick(basic, 'password');
      if (typeof username !== 'string' || typeof password !== 'string') {
        throw connectionError(
          'InvalidConnectionState',
          `The connection ${name} has no username and password.`,
        );
      }
      params.headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
      break;
    }
    case 'OAUTH_CLIENT_CREDENTIALS': {
      const oauth = {
        ...asLoose(pick(shown, 'oauthparameters')),
        ...asLoose(pick(secret, 'oauthparameters')),
        ...secret,
      };
      params.headers.Authorization = `Bearer ${await oauthToken(name, oauth)}`;
      break;
    }
    default:
      throw connectionError(
        'InvalidConnectionState',
        `The connection ${name} has the authorization type ${String(described.AuthorizationType)}, which asl-temporal ` +
          'cannot apply.',
      );
  }
  return params;
}

/**
 * An access token from the connection's authorization endpoint (client credentials grant, client id and secret as
 * Basic auth plus the connection's OAuth HTTP parameters). Fetched per call: EventBridge caches tokens, we do not.
 */
async function oauthToken(name: string, oauth: Loose): Promise<string> {
  const endpoint = pick(oauth, 'authorizationendpoint');
  const client = { ...asLoose(pick(oauth, 'clientparameters')), ...oauth };
  const clientId = pick(client, 'clientid');
  const clientSecret = pick(client, 'clientsecret');
  if (typeof endpoint !== 'string' || typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw connectionError(
      'InvalidConnectionState',
      `The connection ${name} lacks its OAuth endpoint or client.`,
    );
  }
  const http = asLoose(pick(oauth, 'oauthhttpparameters'));
  const body = { grant_type: 'client_credentials', ...keyValues(http, 'bodyparameters') };
  const url = new URL(endpoint);
  for (const [k, v] of Object.entries(keyValues(http, 'querystringparameters'))) url.searchParams.set(k, v);
  const method = typeof pick(oauth, 'httpmethod') === 'string' ? String(pick(oauth, 'httpmethod')) : 'POST';
  let result;
  try {
    result = await exchange({
      method,
      url,
      headers: {
        host: url.host,
        ...keyValues(http, 'headerparameters'),
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body).toString(),
      timeoutMs: 60_000,
    });
  } catch (err) {
    throw connectionError(
      'InternalError',
      `The OAuth token request to ${endpoint} failed: ${networkCause(err)}`,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(result.bodyText) as { access_token?: unknown }).access_token;
  } catch {
    token = undefined;
  }
  if (result.statusCode >= 300 || typeof token !== 'string') {
    throw connectionError(
      'InvalidConnectionState',
      `The OAuth token request to ${endpoint} answered ${result.statusCode}: ${result.bodyText}`,
    );
  }
  return token;
}

/** `[{Key, Value}]` parameter lists (EventBridge's shape) as a map; a missing list is empty. */
function keyValues(parent: Loose | undefined, field: string): Record<string, string> {
  const list = parent ? pick(parent, field) : undefined;
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    const entry = asLoose(item);
    const key = pick(entry, 'key');
    const value = pick(entry, 'value');
    if (typeof key === 'string' && value !== undefined) out[key] = scalarText(value as Json);
  }
  return out;
}

/** A deep copy whose object keys are lower-cased and stripped of `_` and `-`. */
function loose(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(loose);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.toLowerCase().replace(/[_-]/g, ''), loose(v)]),
    );
  }
  return value;
}

function pick(obj: Loose, key: string): unknown {
  return obj[key];
}

function asLoose(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
}

function connectionError(kind: string, cause: string) {
  return aslFailure(`Events.ConnectionResource.${kind}`, cause);
}

/** An EventBridge or Secrets Manager failure as the connection error Step Functions documents. */
function awsError(err: unknown, what: string) {
  const e = err as { name?: string; message?: string };
  const message = `${what} failed: ${e?.message ?? String(err)}`;
  if (e?.name === 'ResourceNotFoundException') return connectionError('ResourceNotFound', message);
  if (e?.name === 'AccessDeniedException') return connectionError('AccessDenied', message);
  return connectionError('InternalError', message);
}
