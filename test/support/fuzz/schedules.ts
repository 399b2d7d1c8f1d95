/**
 * Other timings of the same run: a Task's latency is the one thing in a run that no definition fixes (a Lambda
 * answers in 5 ms or in 500), so two branches that each fail after a Task can fail in either order, on AWS as on
 * Temporal (activities complete in whatever order the worker finishes them). The local runtime answers a handled
 * Task within a few microtasks; these task runners delay each Task's answer by a seeded number of event-loop turns,
 * so the local runtime can play the other orders: which branch of a Parallel or which Map iteration fails first.
 */
import { type LocalTaskRunner } from '../../../src/runtimes/local';
import { Rng } from './rng';

/** The most event-loop turns one Task's answer is held back (enough to let any other branch's pure work run). */
export const MAX_TASK_TURNS = 3;

/** Schedules the differential test tries before it calls a difference a bug (each a seed of Task latencies). */
export const ALTERNATIVE_SCHEDULES = 32;

function turns(n: number): Promise<void> {
  // setImmediate runs after every pending microtask: one turn lets every branch that can make progress do so.
  return n <= 0 ? Promise.resolve() : new Promise((resolve) => setImmediate(() => resolve(turns(n - 1))));
}

/**
 * `runTask` with each Task's answer (result or error) held back 0..MAX_TASK_TURNS event-loop turns, drawn in call
 * order from `schedule`: the same seed replays the same interleaving. The virtual clock does not advance while a
 * Task is in flight, so Waits and retry delays keep their order against Tasks; only concurrent branches reorder.
 */
export function withTaskLatencies(runTask: LocalTaskRunner, schedule: number): LocalTaskRunner {
  const rng = new Rng(schedule);
  return async (request) => {
    const held = rng.int(0, MAX_TASK_TURNS);
    try {
      const result = await runTask(request);
      await turns(held);
      return result;
    } catch (err) {
      await turns(held);
      throw err;
    }
  };
}
