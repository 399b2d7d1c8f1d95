import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { type ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../../activities';
import { type Json } from '../../../src/asl/types';
import {
  type LoopbackServer,
  type ReceivedRequest,
  startLoopbackServer,
} from '../../support/loopback-server';

const CREDENTIALS = {
  accessKeyId: 'AKIDTESTING',
  secretAccessKey: 'test-secret-key',
  sessionToken: 'test-session',
};
const activities = createActivities({ handlers: {}, aws: { region: 'eu-west-1', credentials: CREDENTIALS } });

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.respond({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' });
});

function invoke(parameters: Record<string, Json>, extra: { timeoutSeconds?: number } = {}) {
  return activities.runTask({
    stateName: 'CallApi',
    resource: 'arn:aws:states:::apigateway:invoke',
    parameters: { ApiEndpoint: server.baseUrl, ...parameters },
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

describe('apigateway:invoke against a loopback server', () => {
  it('sends Method, Stage, Path, multi-valued QueryParameters and Headers, and returns the AWS output shape', async () => {
    server.respond({
      status: 200,
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1', 'Set-Cookie': ['a=1', 'b=2'] },
      body: '{"myBills":[]}',
    });
    const output = await invoke({
      Method: 'GET',
      Stage: 'prod',
      Path: '/bills/42',
      QueryParameters: { billId: ['123', '456'], q: ['a b&c'] },
      Headers: { key: ['value1', 'value2'] },
    });
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/prod/bills/42?billId=123&billId=456&q=a%20b%26c');
    expect(req.headers.key).toEqual(['value1', 'value2']);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toBe('');
    expect(output).toEqual({
      Headers: expect.objectContaining({
        'Content-Type': ['application/json'],
        'X-Request-Id': ['r-1'],
        'Set-Cookie': ['a=1', 'b=2'],
      }),
      ResponseBody: { myBills: [] },
      StatusCode: 200,
      StatusText: 'OK',
    });
  });

  it('sends a JSON RequestBody serialized, dropping null fields unless AllowNullValues is true', async () => {
    await invoke({
      Method: 'POST',
      Path: 'bills',
      RequestBody: { billId: 'b-1', category: null, nested: { x: null } },
    });
    let req = only();
    expect(req.url).toBe('/bills');
    expect(req.headers['content-type']).toEqual(['application/json']);
    expect(JSON.parse(req.body)).toEqual({ billId: 'b-1', nested: {} });

    server.requests.length = 0;
    await invoke({ Method: 'PUT', RequestBody: { billId: 'b-1', category: null }, AllowNullValues: true });
    req = only();
    expect(req.method).toBe('PUT');
    expect(req.url).toBe('/');
    expect(JSON.parse(req.body)).toEqual({ billId: 'b-1', category: null });
  });

  it('keeps a non-JSON response body as text', async () => {
    server.respond({ status: 201, headers: { 'Content-Type': 'text/plain' }, body: 'created' });
    const output = (await invoke({ Method: 'POST', RequestBody: 'raw text' })) as Record<string, Json>;
    expect(only().body).toBe('raw text');
    expect(output.ResponseBody).toBe('created');
    expect(output.StatusCode).toBe(201);
    expect(output.StatusText).toBe('Created');
  });

  it('fails a 404 with ApiGateway.404 and the response body as the cause', async () => {
    server.respond({
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: '{"message":"Not Found"}',
    });
    const failure = await failureOf(invoke({ Method: 'GET', Path: 'missing' }));
    expect(failure.type).toBe('ApiGateway.404');
    expect(failure.message).toBe('{"message":"Not Found"}');
    expect(failure.nonRetryable).toBe(true);
  });

  it('fails a 403 with ApiGateway.403', async () => {
    server.respond({ status: 403, body: '{"message":"Missing Authentication Token"}' });
    const failure = await failureOf(invoke({ Method: 'GET' }));
    expect(failure.type).toBe('ApiGateway.403');
    expect(failure.message).toBe('{"message":"Missing Authentication Token"}');
  });

  it('refuses headers Step Functions does not permit, before sending anything', async () => {
    for (const name of ['Authorization', 'X-Amz-Date', 'x-forwarded-for', 'Host']) {
      const failure = await failureOf(invoke({ Method: 'GET', Headers: { [name]: ['x'] } }));
      expect(failure.type).toBe('States.Runtime');
      expect(failure.message).toContain(name);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an unknown Method or AuthType', async () => {
    expect((await failureOf(invoke({ Method: 'TRACE' }))).type).toBe('States.Runtime');
    expect((await failureOf(invoke({ Method: 'GET', AuthType: 'COGNITO' }))).type).toBe('States.Runtime');
  });

  it('names a refused connection ApiGateway.ConnectException', async () => {
    const closed = await startLoopbackServer();
    const url = closed.baseUrl;
    await closed.close();
    const failure = await failureOf(
      activities.runTask({
        stateName: 'CallApi',
        resource: 'arn:aws:states:::apigateway:invoke',
        parameters: { ApiEndpoint: url, Method: 'GET' },
      }),
    );
    expect(failure.type).toBe('ApiGateway.ConnectException');
  });

  it('signs IAM_ROLE requests with SigV4 for execute-api, and the signature verifies', async () => {
    await invoke({
      Method: 'POST',
      Stage: 'prod',
      Path: 'orders',
      QueryParameters: { b: ['2'], a: ['1', 'x y'] },
      Headers: { 'X-Custom': ['one'] },
      RequestBody: { order: 7 },
      AuthType: 'IAM_ROLE',
    });
    const req = only();
    const authorization = req.headers.authorization?.[0] ?? '';
    const amzDate = req.headers['x-amz-date']?.[0] ?? '';
    expect(authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=AKIDTESTING/${amzDate.slice(0, 8)}/eu-west-1/execute-api/aws4_request, `,
      ),
    );
    expect(req.headers['x-amz-security-token']).toEqual(['test-session']);

    // Recompute the signature from what the server received.
    const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1].split(';') ?? [];
    expect(signedNames).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type', 'x-custom']));
    const url = new URL(req.url, server.baseUrl);
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const signer = new SignatureV4({
      service: 'execute-api',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      sha256: Sha256,
    });
    const expected = await signer.sign(
      {
        method: req.method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query,
        headers: Object.fromEntries(signedNames.map((n) => [n, (req.headers[n] ?? []).join(',')])),
        body: req.body,
      },
      {
        signingDate: new Date(
          amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
        ),
      },
    );
    expect(expected.headers.authorization).toBe(authorization);
    expect(JSON.parse(req.body)).toEqual({ order: 7 });
  });

  it('does not sign NO_AUTH requests', async () => {
    await invoke({ Method: 'GET', AuthType: 'NO_AUTH' });
    expect(only().headers.authorization).toBeUndefined();
  });
});
