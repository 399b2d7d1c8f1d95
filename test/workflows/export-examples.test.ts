/**
 * The exported golden workflows (`examples/<p>/exported/`) run on the time-skipping server with the examples'
 * handlers: each returns expected-output.json, and matches the generic `stateMachine` workflow on the same
 * definition call for call and history event for event (the trace query, timestamps aside).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { mocksFromConfig } from '../../src/importer/mock-config';
import { type TaskMocks } from '../../src/interpreter/mocks';
import { type TraceEvent } from '../../src/interpreter/trace';
import { identifier } from '../../src/export/names';
import { createWorker } from '../../src/worker';
import { workflowBundle } from '../../src/workflow-bundle';
import { TRACE_QUERY } from '../../workflows/state-machine-input';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { callsOf, loadExample, type Outcome, type RunRecord } from '../support/parity';
import { comparable } from '../support/comparable';
import { exampleHandlers, timeSkippingEnv, uniqueId } from '../support/temporal';

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

const exportedFile = (example: string) =>
  join(__dirname, '..', '..', 'examples', example, 'exported', `${identifier(example)}.workflow.ts`);

/** The mocks `run` uses for an example (the `default` test case of a mock-config.json beside it). */
function mocksOf(example: string): TaskMocks | undefined {
  if (example !== 'api-gateway-integration') return undefined;
  const path = join(__dirname, '..', '..', 'examples', example, 'mock-config.json');
  return mocksFromConfig(JSON.parse(readFileSync(path, 'utf8')) as Json, 'default', example);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A run's trace without what differs between any two runs: event times and the times states put in the data. */
async function traceOf(env: TestWorkflowEnvironment, workflowId: string): Promise<string[]> {
  const answer = await env.client.workflow.getHandle(workflowId).query<{ events: TraceEvent[] }>(TRACE_QUERY);
  return answer.events.map(({ timestamp: _timestamp, ...rest }) =>
    JSON.stringify(rest, (_key, value: unknown) =>
      typeof value === 'string' && ISO_TIME.test(value) ? '<time>' : value,
    ),
  );
}

/**
 * Branches and iterations run at once, so their events interleave in whichever order the activities end: such
 * traces are compared as sets of events (ids aside), sequential ones event for event.
 */
function comparableTrace(trace: readonly string[], concurrent: boolean): string[] {
  if (!concurrent) return [...trace];
  return trace.map((event) => JSON.stringify({ ...(JSON.parse(event) as object), id: undefined })).sort();
}

/** Runs a workflow under a given id to its end: its outcome and the calls it made. */
async function record(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  workflowType: string,
  args: unknown[],
  workflowId: string,
): Promise<RunRecord> {
  const handle = await env.client.workflow.start(workflowType, { args, taskQueue, workflowId });
  let outcome: Outcome;
  try {
    outcome = { status: 'SUCCEEDED', output: await handle.result() };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure)) throw err;
    outcome = { status: 'FAILED', error: err.cause.type ?? '', cause: err.cause.message };
  }
  return { outcome, calls: await callsOf(handle) };
}

describe('exported examples on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let code: string;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const bundle = await workflowBundle({
      workflowFiles: EXAMPLES.map((example) => ({ file: exportedFile(example), name: identifier(example) })),
    });
    code = bundle.code;
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
      const mocks = mocksOf(example);
      const runs = await worker.runUntil(async () => {
        const ids = [uniqueId('asl'), uniqueId('exported')];
        const run = async (
          id: string,
          workflowType: string,
          args: unknown[],
        ): Promise<RunRecord & { id: string }> => {
          const started = await record(env, taskQueue, workflowType, args, id);
          return { ...started, id };
        };
        const asl = await run(ids[0], 'stateMachine', [
          {
            definition: machine,
            input,
            stateMachineName: example,
            executionName: 'same',
            ...(mocks ? { mocks } : {}),
          },
        ]);
        const exported = await run(ids[1], identifier(example), [
          input,
          { executionName: 'same', ...(mocks ? { mocks } : {}) },
        ]);
        return { asl, exported, traces: [await traceOf(env, ids[0]), await traceOf(env, ids[1])] };
      });
      expect(runs.exported.outcome).toEqual({ status: 'SUCCEEDED', output: expected });
      expect(comparable(runs.exported)).toEqual({ ...comparable(runs.asl), id: runs.exported.id });
      const concurrent = Object.values(machine.States).some(
        (state) => state.Type === 'Map' || state.Type === 'Parallel',
      );
      expect(comparableTrace(runs.traces[1], concurrent)).toEqual(
        comparableTrace(runs.traces[0], concurrent),
      );
      expect(runs.traces[1].length).toBeGreaterThan(3);
    },
  );
});
