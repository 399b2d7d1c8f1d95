import {
  type DescribeConnectionCommandOutput,
  DescribeConnectionCommand,
  EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type ApplicationFailure } from '@temporalio/common';
import { mockClient } from 'aws-sdk-client-mock';
import { createActivities } from '../../../activities';
import { formEncode } from '../../../activities/aws/http';
import { type Json } from '../../../src/asl/types';
import {
  type LoopbackServer,
  type ReceivedRequest,
  startLoopbackServer,
} from '../../support/loopback-server';

const CONNECTION_ARN =
  'arn:aws:events:us-east-2:123456789012:connection/Example/81210c42-8af1-456b-9c4a-6ff02fc664ac';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:events!connection/Example/abc-auth';

const events = mockClient(EventBridgeClient);
const secrets = mockClient(SecretsManagerClient);
const activities = createActivities({
  handlers: {},
  aws: { region: 'us-east-2', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } },
});

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(async () => {
  events.restore();
  secrets.restore();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.respond({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' });
  events.reset();
  secrets.reset();
});

/** A connection as DescribeConnection shows it (secret values masked) and its secret as EventBridge keeps it. */
function connection(
  described: Partial<DescribeConnectionCommandOutput>,
  secret?: Record<string, unknown>,
): void {
  events.on(DescribeConnectionCommand, { Name: 'Example' }).resolves({
    ConnectionArn: CONNECTION_ARN,
    ConnectionState: 'AUTHORIZED',
    Name: 'Example',
    ...(secret ? { SecretArn: SECRET_ARN } : {}),
    ...described,
  });
  if (secret)
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .resolves({ SecretString: JSON.stringify(secret) });
}

function invoke(parameters: Record<string, Json>, extra: { timeoutSeconds?: number } = {}) {
  return activities.runTask({
    stateName: 'CallHttps',
    resource: 'arn:aws:states:::http:invoke',
    parameters: { Authentication: { ConnectionArn: CONNECTION_ARN }, ...parameters },
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return err as ApplicationFailure;
}

function only(): ReceivedRequest {
  expect(server.requests).toHaveLength(1);
  return server.requests[0];
}

describe('http:invoke against a loopback server', () => {
  it("merges the connection's API key, headers, query and body over the Task's, as AWS's example shows", async () => {
    // The example of "Merging EventBridge connection and HTTP Task definition data" (AWS: call-https-apis).
    connection(
      {
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'ApiKey' },
          InvocationHttpParameters: {
            BodyParameters: [{ Key: 'BodyParam', Value: 'connection_body_param' }],
            HeaderParameters: [{ Key: 'Header-Param', Value: 'connection_header_param' }],
            QueryStringParameters: [{ Key: 'QueryParam', Value: 'connection_query_param' }],
          },
        },
      },
      { api_key_name: 'ApiKey', api_key_value: 'key_value' },
    );
    const output = await invoke({
      ApiEndpoint: `${server.baseUrl}/path`,
      Method: 'POST',
      Headers: { 'Request-Id': 'my_request_id', 'Header-Param': 'state_machine_header_param' },
      RequestBody: { Job: 'Software Engineer', Company: 'AnyCompany', BodyParam: 'state_machine_body_param' },
      QueryParameters: { QueryParam: 'state_machine_query_param' },
    });
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/path?QueryParam=connection_query_param');
    expect(req.headers.apikey).toEqual(['key_value']);
    expect(req.headers['header-param']).toEqual(['connection_header_param']);
    expect(req.headers['request-id']).toEqual(['my_request_id']);
    expect(req.headers['content-type']).toEqual(['application/json; charset=UTF-8']);
    expect(req.headers['user-agent']).toEqual(['Amazon|StepFunctions|HttpInvoke|us-east-2']);
    expect(req.headers.range).toEqual(['bytes=0-262144']);
    expect(req.body).toBe(
      '{"Job":"Software Engineer","Company":"AnyCompany","BodyParam":"connection_body_param"}',
    );
    expect(output).toEqual({
      Headers: expect.objectContaining({ 'Content-Type': ['application/json'] }),
      ResponseBody: { ok: true },
      StatusCode: 200,
      StatusText: 'OK',
    });
  });

  it('reads the API key from DescribeConnection when the connection keeps no secret (as moto answers)', async () => {
    connection({
      AuthorizationType: 'API_KEY',
      // moto answers the key's value here; AWS masks it (its SDK type has no ApiKeyValue).
      AuthParameters: {
        ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k-1' },
      } as DescribeConnectionCommandOutput['AuthParameters'],
    });
    await invoke({
      ApiEndpoint: server.baseUrl,
      Method: 'GET',
      QueryParameters: { q: 'a b', tags: ['x', 'y'] },
    });
    const req = only();
    expect(req.headers['x-api-key']).toEqual(['k-1']);
    expect(req.url).toBe('/?q=a%20b&tags=x&tags=y');
  });

  it('sends Basic auth for a BASIC connection', async () => {
    connection(
      { AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'myUsername' } } },
      { username: 'myUsername', password: 'myPassword' },
    );
    await invoke({ ApiEndpoint: server.baseUrl, Method: 'GET' });
    const expected = `Basic ${Buffer.from('myUsername:myPassword').toString('base64')}`;
    expect(only().headers.authorization).toEqual([expected]);
  });

  it('fetches a client-credentials token for an OAuth connection and sends it as the bearer', async () => {
    server.respond((req) =>
      req.url.startsWith('/token')
        ? { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"access_token":"tok-9"}' }
        : { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' },
    );
    connection(
      {
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: `${server.baseUrl}/token`,
            HttpMethod: 'POST',
            ClientParameters: { ClientID: 'client-1' },
            OAuthHttpParameters: { BodyParameters: [{ Key: 'scope', Value: 'read' }] },
          },
        },
      },
      { client_parameters: { client_id: 'client-1', client_secret: 'shh' } },
    );
    await invoke({ ApiEndpoint: `${server.baseUrl}/api`, Method: 'GET' });
    expect(server.requests).toHaveLength(2);
    const [token, api] = server.requests;
    expect(token.method).toBe('POST');
    expect(token.headers.authorization).toEqual([`Basic ${Buffer.from('client-1:shh').toString('base64')}`]);
    expect(new URLSearchParams(token.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(token.body).get('scope')).toBe('read');
    expect(api.headers.authorization).toEqual(['Bearer tok-9']);
  });

  it("URL-encodes the body as AWS's Stripe example shows", async () => {
    connection({ AuthorizationType: 'BASIC' }, { username: 'u', password: 'p' });
    await invoke({
      ApiEndpoint: `${server.baseUrl}/v1/invoices`,
      Method: 'POST',
      Headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      RequestBody: {
        description: 'Monthly subscription',
        metadata: { order_details: 'monthly report data' },
        customer: '1234567890',
      },
      Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: 'INDICES' } },
    });
    const req = only();
    expect(req.headers['content-type']).toEqual(['application/x-www-form-urlencoded']);
    expect(req.body).toBe(
      'description=Monthly%20subscription&metadata%5Border_details%5D=monthly%20report%20data&customer=1234567890',
    );
  });

  it.each([
    ['INDICES', 'array%5B0%5D=a&array%5B1%5D=b&array%5B2%5D=c&array%5B3%5D=d'],
    ['REPEAT', 'array=a&array=b&array=c&array=d'],
    ['COMMAS', 'array=a%2Cb%2Cc%2Cd'],
    ['BRACKETS', 'array%5B%5D=a&array%5B%5D=b&array%5B%5D=c&array%5B%5D=d'],
  ] as const)('encodes arrays with ArrayFormat %s', (format, expected) => {
    expect(formEncode({ array: ['a', 'b', 'c', 'd'] }, format)).toBe(expected);
  });

  it('fails a non-2xx status with States.Http.StatusCode.<code> and the body as the cause', async () => {
    connection({ AuthorizationType: 'BASIC' }, { username: 'u', password: 'p' });
    server.respond({ status: 429, headers: { 'Content-Type': 'text/plain' }, body: 'slow down' });
    const failure = await failureOf(invoke({ ApiEndpoint: server.baseUrl, Method: 'GET' }));
    expect(failure.type).toBe('States.Http.StatusCode.429');
    expect(failure.message).toBe('slow down');
  });

  it('fails with States.Http.Socket when no response comes in time', async () => {
    connection({ AuthorizationType: 'BASIC' }, { username: 'u', password: 'p' });
    server.respond({ status: 200, body: '{}', delayMs: 2_000 });
    const failure = await failureOf(
      invoke({ ApiEndpoint: server.baseUrl, Method: 'GET' }, { timeoutSeconds: 0.2 }),
    );
    expect(failure.type).toBe('States.Http.Socket');
  });

  it('refuses a forbidden header and a string body the connection would add body parameters to', async () => {
    connection(
      {
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          InvocationHttpParameters: { BodyParameters: [{ Key: 'mode', Value: 'x' }] },
        },
      },
      { api_key_name: 'k', api_key_value: 'v' },
    );
    const header = await failureOf(
      invoke({ ApiEndpoint: server.baseUrl, Method: 'GET', Headers: { Origin: 'x' } }),
    );
    expect(header.type).toBe('States.Runtime');
    const body = await failureOf(
      invoke({ ApiEndpoint: server.baseUrl, Method: 'POST', RequestBody: 'text' }),
    );
    expect(body.type).toBe('States.Runtime');
    expect(server.requests).toHaveLength(0);
  });

  it('fails with States.Runtime on a binary response', async () => {
    connection({ AuthorizationType: 'BASIC' }, { username: 'u', password: 'p' });
    server.respond({ status: 200, headers: { 'Content-Type': 'image/png' }, body: 'png' });
    expect((await failureOf(invoke({ ApiEndpoint: server.baseUrl, Method: 'GET' }))).type).toBe(
      'States.Runtime',
    );
  });

  it('names connection problems Events.ConnectionResource.*', async () => {
    events.on(DescribeConnectionCommand).rejects(
      Object.assign(new Error('Failed to describe the connection(s).'), {
        name: 'ResourceNotFoundException',
      }),
    );
    const missing = await failureOf(invoke({ ApiEndpoint: server.baseUrl, Method: 'GET' }));
    expect(missing.type).toBe('Events.ConnectionResource.ResourceNotFound');

    events.reset();
    connection({ AuthorizationType: 'BASIC', ConnectionState: 'DEAUTHORIZED' });
    const state = await failureOf(invoke({ ApiEndpoint: server.baseUrl, Method: 'GET' }));
    expect(state.type).toBe('Events.ConnectionResource.InvalidConnectionState');
    expect(server.requests).toHaveLength(0);
  });

  it('needs a connection ARN', async () => {
    const failure = await failureOf(
      activities.runTask({
        stateName: 'CallHttps',
        resource: 'arn:aws:states:::http:invoke',
        parameters: { ApiEndpoint: server.baseUrl, Method: 'GET' },
      }),
    );
    expect(failure.type).toBe('States.Runtime');
  });
});
