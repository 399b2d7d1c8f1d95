import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type HandlerMap } from '../../activities/local/handlers';
import { createWorker } from '../../src/worker';
import { type RunRecord } from './parity';
import { comparable } from './comparable';
import { exampleHandlers, uniqueId, workflowBundle } from './temporal';

/** A worker running in the background on its own task queue, for one test file. */
export interface RunningWorker {
  readonly taskQueue: string;
  stop(): Promise<void>;
}

/** Starts a worker for an example's handlers (or the given ones) on a fresh task queue. */
export async function startPatternWorker(
  env: TestWorkflowEnvironment,
  example: string,
  handlers: HandlerMap = exampleHandlers(example),
): Promise<RunningWorker> {
  const taskQueue = uniqueId(example);
  const worker = await createWorker({
    connection: env.nativeConnection,
    taskQueue,
    handlers,
    workflowBundle: workflowBundle(),
  });
  const running = worker.run();
  return {
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/** Asserts parity: the same outcome (Lambda stack traces aside) and the same calls in the same order. */
export function expectParity(runs: { readonly asl: RunRecord; readonly code: RunRecord }): void {
  expect(comparable(runs.code)).toEqual(comparable(runs.asl));
}
