import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { mocksFromConfig } from '../../src/importer/mock-config';
import { type TaskMocks } from '../../src/interpreter/mocks';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { type ApiGatewayIntegrationOptions } from '../../workflows/patterns/api-gateway-integration';
import { type LoopbackServer, startLoopbackServer } from '../support/loopback-server';
import { loadExample, record, type RunRecord } from '../support/parity';
import { timeSkippingEnv } from '../support/temporal';
import { type RunningWorker, startPatternWorker } from '../support/pattern-worker';

const example = loadExample('api-gateway-integration');
const mockConfig = JSON.parse(readFileSync(join(example.dir, 'mock-config.json'), 'utf8')) as Json;
const mocksOf = (testCase: string): TaskMocks =>
  mocksFromConfig(mockConfig, testCase, 'api-gateway-integration');

/** The example with InvokeAPI pointed at another endpoint (the loopback stand-in for execute-api). */
function pointedAt(endpoint: string): StateMachine {
  const invoke = example.machine.States.InvokeAPI as unknown as { Parameters: Record<string, Json> };
  const InvokeAPI = { ...invoke, Parameters: { ...invoke.Parameters, ApiEndpoint: endpoint } };
  return { ...example.machine, States: { ...example.machine.States, InvokeAPI } } as unknown as StateMachine;
}

describe('api-gateway-integration: the ASL machine and apiGatewayIntegration agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;
  let server: LoopbackServer;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    server = await startLoopbackServer();
    worker = await startPatternWorker(env, 'api-gateway-integration');
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    await env?.teardown();
  });

  /** The generic workflow on `machine` and the hand-written one with `options`, on the same input. */
  async function both(
    machine: StateMachine,
    options: ApiGatewayIntegrationOptions,
  ): Promise<{ asl: RunRecord; code: RunRecord }> {
    const args: StateMachineWorkflowInput = {
      definition: machine,
      input: example.input,
      stateMachineName: 'api-gateway-integration',
      ...(options.mocks ? { mocks: options.mocks } : {}),
    };
    const asl = await record(env, worker.taskQueue, 'stateMachine', [args]);
    const code = await record(env, worker.taskQueue, 'apiGatewayIntegration', [example.input, options]);
    return { asl, code };
  }

  describe('with the mock config (test cases of mock-config.json)', () => {
    it('default: processes the mocked 200 answer and returns expected-output.json', async () => {
      const { asl, code } = await both(example.machine, { mocks: mocksOf('default') });
      expect(asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
      // A mocked Task schedules no activity, on either side.
      expect(asl.calls).toEqual(['process-response']);
      expect(code).toEqual(asl);
    });

    it('ServerError: catches ApiGateway.500 and marks the order PENDING', async () => {
      const { asl, code } = await both(example.machine, { mocks: mocksOf('ServerError') });
      expect(asl.outcome).toEqual({
        status: 'SUCCEEDED',
        output: { orderId: 'ORD-4001', status: 'PENDING', reason: 'ApiGateway.500' },
      });
      expect(asl.calls).toEqual([]);
      expect(code).toEqual(asl);
    });

    it('BadRequest: fails with ApiGateway.400, which no catcher handles', async () => {
      const { asl, code } = await both(example.machine, { mocks: mocksOf('BadRequest') });
      expect(asl.outcome).toEqual({
        status: 'FAILED',
        error: 'ApiGateway.400',
        cause: '{"message":"items must not be empty"}',
      });
      expect(code).toEqual(asl);
    });
  });

  describe('against a loopback server standing in for the API', () => {
    const accepted = '{"orderId":"ORD-4001","accepted":true,"trackingId":"TRK-9001"}';

    it('POSTs the order to /orders, signed, and returns expected-output.json', async () => {
      server.respond({ status: 200, headers: { 'Content-Type': 'application/json' }, body: accepted });
      server.requests.length = 0;
      const { asl, code } = await both(pointedAt(server.baseUrl), { apiEndpoint: server.baseUrl });
      expect(asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
      expect(asl.calls).toEqual(['apigateway:invoke', 'process-response']);
      expect(code).toEqual(asl);
      expect(server.requests).toHaveLength(2);
      for (const request of server.requests) {
        expect(request.method).toBe('POST');
        expect(request.url).toBe('/orders');
        expect(JSON.parse(request.body)).toEqual({
          orderId: 'ORD-4001',
          items: (example.input as { items: Json }).items,
        });
        // AuthType IAM_ROLE: SigV4 with the worker's credentials.
        expect(request.headers.authorization?.[0]).toMatch(/^AWS4-HMAC-SHA256 /);
      }
    });

    it('catches a 500 from the API as ApiGateway.500', async () => {
      server.respond({ status: 500, body: '{"message":"Internal server error"}' });
      const { asl, code } = await both(pointedAt(server.baseUrl), { apiEndpoint: server.baseUrl });
      expect(asl.outcome).toEqual({
        status: 'SUCCEEDED',
        output: { orderId: 'ORD-4001', status: 'PENDING', reason: 'ApiGateway.500' },
      });
      expect(asl.calls).toEqual(['apigateway:invoke']);
      expect(code).toEqual(asl);
    });

    it('fails with ApiGateway.503 (not caught) and the response body as the cause', async () => {
      server.respond({ status: 503, body: '{"message":"Service Unavailable"}' });
      const { asl, code } = await both(pointedAt(server.baseUrl), { apiEndpoint: server.baseUrl });
      expect(asl.outcome).toEqual({
        status: 'FAILED',
        error: 'ApiGateway.503',
        cause: '{"message":"Service Unavailable"}',
      });
      expect(code).toEqual(asl);
    });
  });
});
