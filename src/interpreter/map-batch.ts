import { type Json } from '../asl/types';
import { HistoryCounter } from './history';
import { type MachineContext } from './machine-context';
import { runMachine } from './run';
import {
  type ChildBatchResult,
  type ChildItemResult,
  type ChildMachineRequest,
  type Runtime,
} from './runtime';
import { VariableScope } from './scope';
import { enterBranch } from './states/enter-branch';
import { toExecutionError } from './states/error-handling';
import { writeResultFiles } from './states/result-files';

/** Runs one iteration of a batch: the item processor (interpreted, or exported code) on one item. */
export type BatchIteration = (input: Json, context: MachineContext) => Promise<Json>;

/** Thrown inside the pool to stop a batch whose failures already fail the Map; never escapes. */
class BatchStopped extends Error {}

/** Where a batch runs: its runtime, and optionally a distinct one per iteration. */
export interface MapBatchRuntimes {
  readonly runtime: Runtime;
  /** The Temporal adapter derives nested child ids from the item's index, so each iteration gets its own. */
  readonly iterationRuntime?: (index: number) => Runtime;
}

/**
 * Runs one Distributed Map batch: the item processor once per input, each iteration in a fresh root scope (a
 * Distributed Map sees no outer variables) with its own event counter, as a child execution has. Failures become
 * results; once more than `maxFailures` failed, the rest are cancelled and reported ABORTED.
 */
export async function runMapBatch(
  request: ChildMachineRequest,
  runtimes: MapBatchRuntimes,
  iterate: BatchIteration = (input, context) => runMachine(request.machine, input, context),
): Promise<ChildBatchResult> {
  const runtimeOf = runtimes.iterationRuntime ?? (() => runtimes.runtime);
  const results: ChildItemResult[] = request.items.map(() => ({ status: 'ABORTED' }));
  let failures = 0;
  let stopped = false;
  const state = request.stateName;
  const iterations = request.items.map((input, offset) => async (): Promise<void> => {
    const index = request.firstIndex + offset;
    const runtime = runtimeOf(index);
    // Entering the iteration spends the task's budget too, so a batch of one-state iterations still pauses.
    const pause = enterBranch(runtime);
    if (pause) await pause;
    if (stopped) return;
    const history = new HistoryCounter();
    history.emit(runtime, { type: 'MapIterationStarted', timestamp: runtime.now(), state, index });
    try {
      const output = await iterate(input, {
        runtime,
        execution: request.execution,
        scope: VariableScope.root(),
        queryLanguage: request.queryLanguage,
        nested: true,
        history,
      });
      // After a stop, iterations still running were cancelled or finish unobserved: they stay ABORTED.
      if (stopped) return;
      results[offset] = request.discardOutputs ? { status: 'SUCCEEDED' } : { status: 'SUCCEEDED', output };
      history.emit(runtime, { type: 'MapIterationSucceeded', timestamp: runtime.now(), state, index });
    } catch (err) {
      if (stopped) return;
      const error = toExecutionError(err);
      results[offset] = { status: 'FAILED', error: error.error, cause: error.causeText };
      history.emit(runtime, {
        type: 'MapIterationFailed',
        timestamp: runtime.now(),
        state,
        index,
        error: error.error,
        cause: error.causeText,
      });
      failures += 1;
      if (request.maxFailures !== undefined && failures > request.maxFailures) {
        stopped = true;
        throw new BatchStopped();
      }
    }
  });
  try {
    await runtimes.runtime.all(iterations, { limit: request.maxConcurrency });
  } catch (err) {
    if (!(err instanceof BatchStopped)) throw err;
  }
  const target = request.resultFiles;
  if (!target) return { results };
  // With a ResultWriter the batch exports its own items, so their outputs never travel to the parent.
  const ends = results.map((result, k) => ({ input: request.items[k] ?? null, result }));
  const files = await writeResultFiles(ends, target, runtimes.runtime, state, request.batchIndex);
  return { results: results.map(withoutOutput), files };
}

/** A result as the parent needs it once the batch exported it: the status, and a failure's error and cause. */
function withoutOutput(result: ChildItemResult): ChildItemResult {
  return result.status === 'SUCCEEDED' ? { status: 'SUCCEEDED' } : result;
}
