import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { loadExample, runBoth } from '../support/parity';
import { expectParity, type RunningWorker, startPatternWorker } from '../support/pattern-worker';
import { timeSkippingEnv } from '../support/temporal';

const example = loadExample('well-organized');
const dataset = example.input as Record<string, Json>;

describe('well-organized: the ASL machine and wellOrganized agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startPatternWorker(env, 'well-organized');
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  // Cleanup checks that Initialize gave it an execution ARN and an ISO-8601 time, and names the machine.
  const both = (input?: Json) =>
    runBoth(env, worker.taskQueue, {
      example,
      workflowType: 'wellOrganized',
      input,
      stateMachineName: 'well-organized',
    });

  it('initializes from $$.Execution.Id and $$.State.EnteredTime, validates, processes, cleans up', async () => {
    const runs = await both();
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual(['validate', 'transform-records', 'compute-statistics', 'cleanup']);
    expectParity(runs);
  });

  it('stops at Validate with its error when the dataset is empty', async () => {
    const runs = await both({ ...dataset, records: [] });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'ValidationError' });
    expect(JSON.parse((runs.asl.outcome as { cause: string }).cause)).toMatchObject({
      errorMessage: 'Dataset DS-3 has no records.',
    });
    expect(runs.asl.calls).toEqual(['validate']);
    expectParity(runs);
  });

  it('stops at Validate when a record has no numeric value', async () => {
    const runs = await both({ ...dataset, records: [{ id: 'r-9', value: 'n/a' }] });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'ValidationError' });
    expect(runs.asl.calls).toEqual(['validate']);
    expectParity(runs);
  });
});
