/** One worker for a test file's state machines, on the run's shared time-skipping or dev server. */
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type ActivityDeps } from '../../activities';
import { type HandlerMap } from '../../activities/local/handlers';
import { type Json, type StateMachine } from '../../src/asl/types';
import { createWorker } from '../../src/worker';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { devServerEnv, timeSkippingEnv, uniqueId, workflowBundle } from './temporal';

/** A running worker plus ways to run machines on it through the generic workflow. */
export interface MachineWorker {
  readonly env: TestWorkflowEnvironment;
  readonly taskQueue: string;
  /** Starts an execution (workflow id `<name>-<uuid>`) and returns its handle. */
  start(
    definition: StateMachine,
    input?: Json,
    extra?: Partial<StateMachineWorkflowInput>,
  ): Promise<WorkflowHandleWithFirstExecutionRunId>;
  /** Runs an execution to its end and returns its output (rejects with WorkflowFailedError when it fails). */
  execute(definition: StateMachine, input?: Json, extra?: Partial<StateMachineWorkflowInput>): Promise<Json>;
  /** Stops the worker and closes the connection. */
  stop(): Promise<void>;
}

/** Options for {@link startMachineWorker}. */
export interface MachineWorkerOptions {
  /** Names the task queue, workflow ids and state machine. */
  readonly name: string;
  /** A time-skipping server of this worker's own (torn down by stop()), or the run's shared dev server. */
  readonly server: 'time-skipping' | 'dev';
  readonly handlers?: HandlerMap;
  readonly activities?: Omit<ActivityDeps, 'handlers'>;
}

/** Starts a worker on its own task queue for one test file. */
export async function startMachineWorker(options: MachineWorkerOptions): Promise<MachineWorker> {
  const env = options.server === 'dev' ? await devServerEnv() : await timeSkippingEnv();
  const taskQueue = uniqueId(options.name);
  const worker = await createWorker({
    connection: env.nativeConnection,
    taskQueue,
    handlers: options.handlers ?? {},
    workflowBundle: workflowBundle(),
    ...(options.activities ? { activities: options.activities } : {}),
  });
  const running = worker.run();
  const start = (
    definition: StateMachine,
    input: Json = {},
    extra: Partial<StateMachineWorkflowInput> = {},
  ) => {
    const args: StateMachineWorkflowInput = { definition, input, stateMachineName: options.name, ...extra };
    return env.client.workflow.start('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: uniqueId(options.name),
    });
  };
  return {
    env,
    taskQueue,
    start,
    execute: async (definition, input, extra) =>
      (await (await start(definition, input, extra)).result()) as Json,
    stop: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** The ASL failure an execution ended with (fails the test when it succeeded). */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => new Error('expected the execution to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return (err as WorkflowFailedError).cause as ApplicationFailure;
}
