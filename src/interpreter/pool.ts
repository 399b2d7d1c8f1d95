import { type ConcurrentTask } from './runtime';

/** Step Functions runs at most 40 iterations of an inline Map at once, whatever its MaxConcurrency says. */
export const INLINE_MAP_MAX_CONCURRENCY = 40;

/**
 * The change id (Temporal's `patched()`) of the 40-wide inline Map: executions in flight from before it scheduled
 * every iteration at once and keep doing so when they replay.
 */
export const INLINE_MAP_WIDTH_PATCH = 'asl-inline-map-width-40';

/** How many iterations of an inline Map run at once: MaxConcurrency (0: all items) within AWS's 40. */
export function inlineMapWidth(maxConcurrency: number): number {
  return maxConcurrency > 0
    ? Math.min(maxConcurrency, INLINE_MAP_MAX_CONCURRENCY)
    : INLINE_MAP_MAX_CONCURRENCY;
}

/**
 * Runs tasks at most `limit` at a time (0 or undefined: all at once), resolving with the results in task order.
 * A task starts only when a running one settles, so at most `limit` promises are pending at any time, and the
 * next task starts from a promise callback, never from inside the previous task's stack. The first failure
 * rejects; tasks not yet started never start, and `onFail` lets the runtime cancel those running. Once `stop`
 * answers true, no task starts any more and the pool resolves when the running ones settle (unstarted results are
 * left undefined).
 */
export function runPool<T>(
  tasks: readonly ConcurrentTask<T>[],
  limit: number | undefined,
  onFail: () => void = () => undefined,
  stop?: () => boolean,
): Promise<T[]> {
  const width = limit && limit > 0 ? Math.min(limit, tasks.length) : tasks.length;
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  let done = 0;
  let running = 0;
  let stopped = false;
  let failed = false;
  return new Promise<T[]>((resolve, reject) => {
    if (tasks.length === 0) {
      resolve([]);
      return;
    }
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      onFail();
      reject(err);
    };
    const startNext = (): void => {
      if (failed || next >= tasks.length) return;
      // Stopped: start nothing more, and end once the running tasks have settled (never thousands of no-op tasks).
      if (stopped || (stop !== undefined && stop())) {
        stopped = true;
        if (running === 0) resolve(results);
        return;
      }
      const index = next++;
      let pending: Promise<T>;
      try {
        pending = tasks[index]();
      } catch (err) {
        // A task that throws before returning its promise fails the pool like one that rejects.
        fail(err);
        return;
      }
      running += 1;
      pending.then((value) => {
        results[index] = value;
        done += 1;
        running -= 1;
        if (done === tasks.length) resolve(results);
        else startNext();
      }, fail);
    };
    for (let i = 0; i < width; i++) startNext();
  });
}
