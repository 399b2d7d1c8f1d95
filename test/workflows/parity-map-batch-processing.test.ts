import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { loadExample, runBoth } from '../support/parity';
import { expectParity, type RunningWorker, startPatternWorker } from '../support/pattern-worker';
import { timeSkippingEnv } from '../support/temporal';

const example = loadExample('map-batch-processing');
const input = example.input as { batch: { batchId: string; items: Json[] } };

describe('map-batch-processing: the ASL machine and mapBatchProcessing agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startPatternWorker(env, 'map-batch-processing');
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  const both = (override?: Json) =>
    runBoth(env, worker.taskQueue, { example, workflowType: 'mapBatchProcessing', input: override });

  it('processes every item of $.batch.items, five at a time, then aggregates; returns expected-output.json', async () => {
    const runs = await both();
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual([...Array(7).fill('process-item'), 'aggregate-results']);
    expectParity(runs);
  });

  it('aggregates an empty batch without running ProcessItem', async () => {
    const runs = await both({ batch: { batchId: 'BATCH-0', items: [] } });
    expect(runs.asl.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { parcels: 0, units: 0, totalWeightGrams: 0, skus: [] },
    });
    expect(runs.asl.calls).toEqual(['aggregate-results']);
    expectParity(runs);
  });

  it('fails the Map with the failing item’s own error, and never aggregates', async () => {
    // Four items all start at once (MaxConcurrency 5), so both runs make exactly the same calls.
    const items = input.batch.items.slice(0, 4);
    items[2] = { sku: 'TEE-SFN', quantity: -1, unitWeightKg: 0.2 };
    const runs = await both({ batch: { batchId: 'BATCH-X', items } });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'InvalidItem' });
    expect(JSON.parse((runs.asl.outcome as { cause: string }).cause)).toMatchObject({
      errorMessage: 'Item TEE-SFN has an invalid quantity: -1.',
    });
    expect(runs.asl.calls).toEqual(Array(4).fill('process-item'));
    expectParity(runs);
  });
});
