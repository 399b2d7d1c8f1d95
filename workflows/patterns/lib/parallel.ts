import { CancellationScope, isCancellation } from '@temporalio/workflow';
import { runPool } from '../../../src/interpreter/pool';
import { aslErrorOf, failWith } from './errors';

/** One branch of {@link parallel}: any async code, e.g. a sequence of activities with its own retries. */
export type Branch<T> = () => Promise<T>;

/**
 * Runs branches at once, as a Parallel state runs its Branches: the results come back in branch order; the first
 * branch to fail cancels the others (inside one CancellationScope, so their activities and timers stop) and the
 * whole call fails with that branch's ASL error as is (AWS does not wrap it in `States.BranchFailed`).
 *
 * @example
 * const [images, metadata] = await parallel([
 *   () => invokeFunction({ functionName: 'process-images', payload: input }),
 *   () => invokeFunction({ functionName: 'process-metadata', payload: input }),
 * ] as const);
 */
export async function parallel<T extends readonly unknown[]>(branches: {
  readonly [K in keyof T]: Branch<T[K]>;
}): Promise<T> {
  const tasks = branches as readonly Branch<unknown>[];
  const scope = new CancellationScope();
  try {
    return (await scope.run(() => runPool(tasks, undefined, () => scope.cancel()))) as unknown as T;
  } catch (err) {
    // A cancellation from outside (the workflow's own) stays a cancellation; anything else becomes its ASL error.
    if (isCancellation(err)) throw err;
    throw failWith(aslErrorOf(err));
  }
}
