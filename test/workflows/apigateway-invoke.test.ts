import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type StateMachine } from '../../src/asl/types';
import { createWorker } from '../../src/worker';
import { type LoopbackServer, startLoopbackServer } from '../support/loopback-server';
import { timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

/** GetBills (200) then GetMissing (404, caught by its Catch) against the API at `$.api`. */
const machine: StateMachine = {
  StartAt: 'GetBills',
  States: {
    GetBills: {
      Type: 'Task',
      Resource: 'arn:aws:states:::apigateway:invoke',
      Parameters: { 'ApiEndpoint.$': '$.api', Method: 'GET', Stage: 'prod', Path: 'bills' },
      ResultSelector: { 'bills.$': '$.ResponseBody.bills', 'status.$': '$.StatusCode' },
      ResultPath: '$.found',
      Next: 'GetMissing',
    },
    GetMissing: {
      Type: 'Task',
      Resource: 'arn:aws:states:::apigateway:invoke',
      Parameters: { 'ApiEndpoint.$': '$.api', Method: 'GET', Stage: 'prod', Path: 'bills/unknown' },
      Catch: [{ ErrorEquals: ['ApiGateway.404'], ResultPath: '$.error', Next: 'Handled' }],
      End: true,
    },
    Handled: { Type: 'Pass', End: true },
  },
};

describe('an apigateway:invoke Task on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let server: LoopbackServer;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    server = await startLoopbackServer();
    server.respond((req) =>
      req.url === '/prod/bills'
        ? { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"bills":[1,2]}' }
        : { status: 404, headers: { 'Content-Type': 'application/json' }, body: '{"message":"Not Found"}' },
    );
  });
  afterAll(async () => {
    await server?.close();
    await env?.teardown();
  });

  it('returns the API output and catches ApiGateway.404 with the response body as the cause', async () => {
    const taskQueue = uniqueId('apigateway');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: workflowBundle(),
    });
    const output = await worker.runUntil(
      env.client.workflow.execute('stateMachine', {
        args: [{ definition: machine, input: { api: server.baseUrl }, stateMachineName: 'apigateway' }],
        taskQueue,
        workflowId: uniqueId('apigateway'),
      }),
    );
    expect(output).toEqual({
      api: server.baseUrl,
      found: { bills: [1, 2], status: 200 },
      error: { Error: 'ApiGateway.404', Cause: '{"message":"Not Found"}' },
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /prod/bills',
      'GET /prod/bills/unknown',
    ]);
  });
});
