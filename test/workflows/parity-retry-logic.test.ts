import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { resetAttempts } from '../../examples/retry-logic/handlers/process-payment';
import { loadExample, record } from '../support/parity';
import { expectParity, type RunningWorker, startPatternWorker } from '../support/pattern-worker';
import { timeSkippingEnv } from '../support/temporal';

const example = loadExample('retry-logic');
const order = example.input as Record<string, Json>;

describe('retry-logic: the ASL machine and retryLogic agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startPatternWorker(env, 'retry-logic');
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  // The handler counts attempts per order in this process, so each run starts from zero: both see the same failures.
  async function both(input: Json = example.input) {
    const args: StateMachineWorkflowInput = {
      definition: example.machine,
      input,
      stateMachineName: 'retry-logic',
    };
    resetAttempts();
    const asl = await record(env, worker.taskQueue, 'stateMachine', [args]);
    resetAttempts();
    const code = await record(env, worker.taskQueue, 'retryLogic', [input]);
    return { asl, code };
  }

  const simulate = (failures: number, error: string) => ({ ...order, simulate: { failures, error } });

  it('charges and confirms the order, returning expected-output.json', async () => {
    const runs = await both();
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual(['process-payment', 'confirm-order']);
    expectParity(runs);
  });

  it('absorbs two TransientErrors: ProcessPayment runs three times, after 2 s and 4 s', async () => {
    const before = await env.currentTimeMs();
    const runs = await both(simulate(2, 'TransientError'));
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual([
      'process-payment',
      'process-payment',
      'process-payment',
      'confirm-order',
    ]);
    expectParity(runs);
    // Both runs waited 2 + 4 s of (skipped) workflow time.
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * 6000);
  });

  it('gives up after MaxAttempts 3 ServiceExceptions and fails with the last one', async () => {
    const runs = await both(simulate(10, 'ServiceException'));
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'ServiceException' });
    expect(JSON.parse((runs.asl.outcome as { cause: string }).cause)).toMatchObject({
      errorMessage: 'Payment service unavailable (attempt 4).',
    });
    expect(runs.asl.calls).toEqual(Array(4).fill('process-payment'));
    expectParity(runs);
  });

  it('does not retry an error no retrier names', async () => {
    const runs = await both({ ...order, amount: 0 });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(runs.asl.calls).toEqual(['process-payment']);
    expectParity(runs);
  });

  it('retries a States.Timeout (TimeoutSeconds 3) under its own retrier', async () => {
    const runs = await both(simulate(1, 'Timeout'));
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual(['process-payment', 'process-payment', 'confirm-order']);
    expectParity(runs);
  }, 30_000);

  it('fails States.Timeout once the timeout retrier’s MaxAttempts 2 are spent', async () => {
    const runs = await both(simulate(3, 'Timeout'));
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(runs.asl.calls).toEqual(Array(3).fill('process-payment'));
    expectParity(runs);
  }, 60_000);
});
