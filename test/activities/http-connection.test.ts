import { CreateConnectionCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createActivities } from '../../activities';
import { type LoopbackServer, startLoopbackServer } from '../support/loopback-server';
import { uniqueId } from '../support/temporal';

/**
 * HTTP Tasks against EventBridge connections created in moto (the run's AWS endpoint): the activity describes the
 * connection, reads its Secrets Manager secret and sends the credentials to a loopback server.
 */
describe('http:invoke with an EventBridge connection in moto', () => {
  const events = new EventBridgeClient({});
  const activities = createActivities({ handlers: {} });
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(async () => {
    events.destroy();
    await server?.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  function invoke(connectionArn: string) {
    return activities.runTask({
      stateName: 'CallHttps',
      resource: 'arn:aws:states:::http:invoke',
      parameters: {
        ApiEndpoint: `${server.baseUrl}/orders`,
        Method: 'GET',
        InvocationConfig: { ConnectionArn: connectionArn },
      },
    });
  }

  it("sends an API_KEY connection's key and its invocation header to the endpoint", async () => {
    const { ConnectionArn } = await events.send(
      new CreateConnectionCommand({
        Name: uniqueId('api-key'),
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'moto-key-1' },
          InvocationHttpParameters: {
            HeaderParameters: [{ Key: 'X-Tenant', Value: 'acme', IsValueSecret: false }],
          },
        },
      }),
    );
    const output = (await invoke(ConnectionArn ?? '')) as { StatusCode: number };
    expect(output.StatusCode).toBe(200);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].headers['x-api-key']).toEqual(['moto-key-1']);
    expect(server.requests[0].headers['x-tenant']).toEqual(['acme']);
  });

  it("sends a BASIC connection's credentials", async () => {
    const { ConnectionArn } = await events.send(
      new CreateConnectionCommand({
        Name: uniqueId('basic'),
        AuthorizationType: 'BASIC',
        AuthParameters: { BasicAuthParameters: { Username: 'moto-user', Password: 'moto-pass' } },
      }),
    );
    await invoke(ConnectionArn ?? '');
    expect(server.requests[0].headers.authorization).toEqual([
      `Basic ${Buffer.from('moto-user:moto-pass').toString('base64')}`,
    ]);
  });

  it('fails with Events.ConnectionResource.ResourceNotFound for a connection moto does not know', async () => {
    await expect(
      invoke('arn:aws:events:us-east-1:123456789012:connection/missing/00000000-0000-0000-0000-000000000000'),
    ).rejects.toMatchObject({ type: 'Events.ConnectionResource.ResourceNotFound' });
    expect(server.requests).toHaveLength(0);
  });
});
