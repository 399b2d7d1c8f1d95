/** Running an exported workflow beside the generic `stateMachine` workflow, for the export tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type WorkflowHandle, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { exportMachine } from '../../src/export';
import { identifier } from '../../src/export/names';
import { type TaskMocks } from '../../src/interpreter/mocks';
import { type TraceEvent } from '../../src/interpreter/trace';
import { createWorker } from '../../src/worker';
import { workflowBundle } from '../../src/workflow-bundle';
import { TRACE_QUERY } from '../../workflows/state-machine-input';
import { callsOf, type Outcome, type RunRecord } from '../support/parity';
import { comparable } from '../support/comparable';
import { uniqueId } from '../support/temporal';

/** The golden workflow file of an example, and its function's name. */
export function exportedWorkflow(example: string): { readonly file: string; readonly name: string } {
  const name = identifier(example);
  return { file: join(__dirname, '..', '..', 'examples', example, 'exported', `${name}.workflow.ts`), name };
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
export function comparableTrace(trace: readonly string[], concurrent: boolean): string[] {
  if (!concurrent) return [...trace];
  return trace.map((event) => JSON.stringify({ ...(JSON.parse(event) as object), id: undefined })).sort();
}

/** Exports each machine into `dir` as `<name>.workflow.ts` and bundles them with the package's workflows. */
export async function bundleExported(
  dir: string,
  machines: readonly { readonly name: string; readonly machine: StateMachine }[],
): Promise<string> {
  const files = [];
  for (const { name, machine } of machines) {
    const file = join(dir, `${name}.workflow.ts`);
    writeFileSync(file, (await exportMachine(machine, { name })).workflow);
    files.push({ file, name });
  }
  return (await workflowBundle({ workflowFiles: files })).code;
}

/** Runs `fn` with a worker of the bundle `code` (no handlers) polling a fresh task queue named after `name`. */
export async function withBundleWorker<T>(
  env: TestWorkflowEnvironment,
  code: string,
  name: string,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueId(name);
  const worker = await createWorker({
    connection: env.nativeConnection,
    taskQueue,
    handlers: {},
    workflowBundle: { code },
  });
  return worker.runUntil(() => fn(taskQueue));
}

/** Waits for a started workflow's end: its result, or the ASL error and cause it failed with. */
export async function outcomeOf(handle: WorkflowHandle): Promise<Outcome> {
  try {
    return { status: 'SUCCEEDED', output: await handle.result() };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure)) throw err;
    return { status: 'FAILED', error: err.cause.type ?? '', cause: err.cause.message };
  }
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
  return { outcome: await outcomeOf(handle), calls: await callsOf(handle) };
}

/** Both runs of one input: outcomes and calls (Lambda stack traces aside), and comparable traces. */
export interface BothRuns {
  readonly asl: RunRecord;
  readonly exported: RunRecord;
  readonly traces: readonly [asl: string[], exported: string[]];
  /** The workflow ids of the two runs. */
  readonly ids: readonly [asl: string, exported: string];
}

/**
 * Runs the definition through the generic workflow and the exported one with the same input, execution name and
 * mocks (on a worker already polling `taskQueue`); `beforeEach` runs before each of the two (to reset a handler).
 */
export async function runBoth(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  options: {
    readonly machine: StateMachine;
    readonly stateMachineName: string;
    readonly input: Json;
    readonly mocks?: TaskMocks;
    readonly beforeEach?: () => void;
  },
): Promise<BothRuns> {
  const { machine, stateMachineName, input, mocks } = options;
  const ids = [uniqueId('asl'), uniqueId('exported')] as const;
  const concurrent = Object.values(machine.States).some((s) => s.Type === 'Map' || s.Type === 'Parallel');
  options.beforeEach?.();
  const asl = await record(
    env,
    taskQueue,
    'stateMachine',
    [{ definition: machine, input, stateMachineName, executionName: 'same', ...(mocks ? { mocks } : {}) }],
    ids[0],
  );
  options.beforeEach?.();
  const exported = await record(
    env,
    taskQueue,
    exportedWorkflow(stateMachineName).name,
    [input, { executionName: 'same', ...(mocks ? { mocks } : {}) }],
    ids[1],
  );
  const traces = [
    comparableTrace(await traceOf(env, ids[0]), concurrent),
    comparableTrace(await traceOf(env, ids[1]), concurrent),
  ] as const;
  return { asl: comparable(asl), exported: comparable(exported), traces, ids };
}
