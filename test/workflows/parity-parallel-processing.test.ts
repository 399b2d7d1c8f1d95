import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { loadExample, runBoth } from '../support/parity';
import { expectParity, type RunningWorker, startPatternWorker } from '../support/pattern-worker';
import { timeSkippingEnv } from '../support/temporal';

const example = loadExample('parallel-processing');
const asset = example.input as { images: Json[]; metadata: Record<string, Json> } & Record<string, Json>;

describe('parallel-processing: the ASL machine and parallelProcessing agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startPatternWorker(env, 'parallel-processing');
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  const both = (input?: Json) =>
    runBoth(env, worker.taskQueue, { example, workflowType: 'parallelProcessing', input });

  it('runs both branches at once, then AggregateResults, and returns expected-output.json', async () => {
    const runs = await both();
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual(['process-images', 'process-metadata', 'aggregate-results']);
    expectParity(runs);
  });

  it('fails with ProcessImages’ error when that branch fails, and never aggregates', async () => {
    const runs = await both({ ...asset, images: [{ key: 'uploads/broken.jpg', width: 0, height: 0 }] });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'InvalidImage' });
    expect(runs.asl.calls).toEqual(['process-images', 'process-metadata']);
    expectParity(runs);
  });

  it('fails with ProcessMetadata’s error when the other branch fails', async () => {
    const runs = await both({ ...asset, metadata: { title: '   ', tags: [] } });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'InvalidMetadata' });
    expect(JSON.parse((runs.asl.outcome as { cause: string }).cause)).toMatchObject({
      errorMessage: 'Asset ASSET-7 has no title.',
    });
    expectParity(runs);
  });
});
