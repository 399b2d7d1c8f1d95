/**
 * The exported golden workflows (`examples/<p>/exported/`) run on the time-skipping server with the examples'
 * handlers: each returns expected-output.json, and matches the generic `stateMachine` workflow on the same
 * definition call for call and history event for event (the trace query, timestamps aside).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { type Json } from '../../src/asl/types';
import { mocksFromConfig } from '../../src/importer/mock-config';
import { type TaskMocks } from '../../src/interpreter/mocks';
import { createWorker } from '../../src/worker';
import { workflowBundle } from '../../src/workflow-bundle';
import { loadExample } from '../support/parity';
import { exampleHandlers, timeSkippingEnv, uniqueId } from '../support/temporal';
import { exportedWorkflow, runBoth } from './export-support';

const EXAMPLES = [
  'sequential-processing',
  'choice-logic',
  'error-catching',
  'parallel-processing',
  'map-batch-processing',
  'retry-logic',
  'input-output-processing',
  'well-organized',
  'api-gateway-integration',
];

/** The mocks `run` uses for an example (the `default` test case of a mock-config.json beside it). */
function mocksOf(example: string): TaskMocks | undefined {
  if (example !== 'api-gateway-integration') return undefined;
  const path = join(__dirname, '..', '..', 'examples', example, 'mock-config.json');
  return mocksFromConfig(JSON.parse(readFileSync(path, 'utf8')) as Json, 'default', example);
}

describe('exported examples on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let code: string;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    code = (await workflowBundle({ workflowFiles: EXAMPLES.map(exportedWorkflow) })).code;
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it.each(EXAMPLES)(
    '%s: the exported workflow returns expected-output.json, as the interpreter does',
    async (example) => {
      const { machine, input, expected } = loadExample(example);
      const taskQueue = uniqueId(example);
      const worker = await createWorker({
        connection: env.nativeConnection,
        taskQueue,
        handlers: exampleHandlers(example),
        workflowBundle: { code },
      });
      const runs = await worker.runUntil(() =>
        runBoth(env, taskQueue, { machine, stateMachineName: example, input, mocks: mocksOf(example) }),
      );
      expect(runs.exported.outcome).toEqual({ status: 'SUCCEEDED', output: expected });
      expect(runs.exported).toEqual(runs.asl);
      expect(runs.traces[1]).toEqual(runs.traces[0]);
      expect(runs.traces[1].length).toBeGreaterThan(3);
      // The exported code is deterministic: its run replays on the same bundle without a non-determinism error.
      const history = await env.client.workflow.getHandle(runs.ids[1]).fetchHistory();
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code } }, history, runs.ids[1]),
      ).resolves.toBeUndefined();
    },
  );
});
