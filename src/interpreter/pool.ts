import { type ConcurrentTask } from './runtime';

/**
 * Runs tasks at most `limit` at a time (0 or undefined: all at once), resolving with the results in task order.
 * The first failure rejects; tasks not yet started never start, and `onFail` lets the runtime cancel those running.
 */
export function runPool<T>(
  tasks: readonly ConcurrentTask<T>[],
  limit: number | undefined,
  onFail: () => void = () => undefined,
): Promise<T[]> {
  const width = limit && limit > 0 ? Math.min(limit, tasks.length) : tasks.length;
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  let done = 0;
  let failed = false;
  return new Promise<T[]>((resolve, reject) => {
    if (tasks.length === 0) {
      resolve([]);
      return;
    }
    const startNext = (): void => {
      if (failed || next >= tasks.length) return;
      const index = next++;
      tasks[index]().then(
        (value) => {
          results[index] = value;
          done += 1;
          if (done === tasks.length) resolve(results);
          else startNext();
        },
        (err: unknown) => {
          if (failed) return;
          failed = true;
          onFail();
          reject(err);
        },
      );
    };
    for (let i = 0; i < width; i++) startNext();
  });
}
