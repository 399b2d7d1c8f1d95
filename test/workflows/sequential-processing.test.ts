import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorker } from '../../src/worker';
import { type HandlerMap, type LocalHandler } from '../../activities/local/handlers';
import { exampleHandlers, timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

const example = join(__dirname, '..', '..', 'examples', 'sequential-processing');
const input = JSON.parse(readFileSync(join(example, 'input.json'), 'utf8'));
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8'));

describe('sequential processing pattern on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run(handlers: HandlerMap, workflowInput: unknown) {
    const taskQueue = uniqueId('sequential');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers,
      workflowBundle: workflowBundle(),
    });
    return worker.runUntil(
      env.client.workflow.execute('sequentialProcessing', {
        args: [workflowInput],
        taskQueue,
        workflowId: uniqueId('sequential'),
      }),
    );
  }

  it('runs ProcessOrder -> UpdateInventory -> NotifyCustomer and returns the last output', async () => {
    await expect(run(exampleHandlers('sequential-processing'), input)).resolves.toEqual(expected);
  });

  it('absorbs a transient failure through the retrier, waiting its interval on a durable timer', async () => {
    const handlers = exampleHandlers('sequential-processing');
    let calls = 0;
    const flaky: LocalHandler = (event, context) => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('inventory service busy'), { name: 'TransientError' });
      return handlers['update-inventory'](event, context);
    };
    const before = await env.currentTimeMs();
    await expect(run({ ...handlers, 'update-inventory': flaky }, input)).resolves.toEqual(expected);
    expect(calls).toBe(2);
    // IntervalSeconds 1: the retry waited (skipped) at least one second of workflow time.
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(1000);
  });

  it('fails with the function error type when the error is not retried', async () => {
    const failure = run(exampleHandlers('sequential-processing'), { ...input, items: [] });
    await expect(failure).rejects.toBeInstanceOf(WorkflowFailedError);
    const cause = await failure.catch((err: WorkflowFailedError) => err.cause);
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('InvalidOrder');
    expect(JSON.parse((cause as ApplicationFailure).message)).toMatchObject({
      errorType: 'InvalidOrder',
      errorMessage: 'Order ORD-1001 has no items.',
    });
  });

  it('gives up after MaxAttempts retries and fails with the last error', async () => {
    let calls = 0;
    const alwaysBusy: LocalHandler = () => {
      calls += 1;
      throw Object.assign(new Error('still busy'), { name: 'TransientError' });
    };
    const handlers = { ...exampleHandlers('sequential-processing'), 'process-order': alwaysBusy };
    const failure = await run(handlers, input).catch((err: WorkflowFailedError) => err.cause);
    expect((failure as ApplicationFailure).type).toBe('TransientError');
    expect(calls).toBe(4); // the first attempt and MaxAttempts (3) retries
  });
});
