import { CancellationScope, isCancellation, patched } from '@temporalio/workflow';
import { ExecutionError } from '../../../src/asl/errors';
import { type Json } from '../../../src/asl/types';
import { INLINE_MAP_WIDTH_PATCH, inlineMapWidth, runPool } from '../../../src/interpreter/pool';
import {
  exceedsTolerance,
  type MapSettings,
  toleranceFailure,
} from '../../../src/interpreter/states/map-tolerance';
import { aslErrorOf, failWith } from './errors';
import { type ErrorOutput } from './catch';

/** How {@link map} runs: ASL's MaxConcurrency (0 or absent: all at once) and tolerated failures. */
export interface MapOptions {
  readonly maxConcurrency?: number;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
}

/** Options with a tolerance: failed items then yield their `{Error, Cause}` instead of failing the map. */
export type TolerantMapOptions = MapOptions &
  ({ readonly toleratedFailureCount: number } | { readonly toleratedFailurePercentage: number });

/**
 * Runs `fn` on every item, at most `maxConcurrency` at a time, with the results in item order, as a Map state does.
 * Without a tolerance the first failing item fails the map with its own ASL error and cancels the running ones;
 * with one, a failed item's result is its error output `{Error, Cause}` until the failures exceed the tolerance,
 * which fails the map with `States.ExceedToleratedFailureThreshold` (the interpreter's own rules decide).
 *
 * @example
 * const results = await map(batch.items, (item) => invokeFunction({ functionName: 'process-item', payload: item }), {
 *   maxConcurrency: 5,
 * });
 */
export function map<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  options: TolerantMapOptions,
): Promise<(R | ErrorOutput)[]>;
/** {@inheritDoc map} */
export function map<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  options?: MapOptions,
): Promise<R[]>;
export async function map<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  options: MapOptions = {},
): Promise<(R | ErrorOutput)[]> {
  // The tolerance rules only read the item count, so the items themselves need not be JSON here.
  const settings: MapSettings = {
    items: items as unknown as Json[],
    maxConcurrency: options.maxConcurrency ?? 0,
    toleratedCount: options.toleratedFailureCount,
    toleratedPercentage: options.toleratedFailurePercentage,
    itemInput: (item) => item,
  };
  let failures = 0;
  const iterations = items.map((item, index) => async (): Promise<R | ErrorOutput> => {
    try {
      return await fn(item, index);
    } catch (err) {
      if (isCancellation(err)) throw err;
      const { error, cause } = aslErrorOf(err);
      failures += 1;
      if (!exceedsTolerance(settings, failures)) return { Error: error, Cause: cause };
      const failed = toleranceFailure(settings, new ExecutionError(error, cause));
      throw failWith({ error: failed.error, cause: failed.causeText });
    }
  });
  const scope = new CancellationScope();
  // As wide as the ASL interpreter runs an inline Map (AWS's 40 at most), so both make the same calls in turn.
  const width = patched(INLINE_MAP_WIDTH_PATCH)
    ? inlineMapWidth(settings.maxConcurrency)
    : settings.maxConcurrency;
  return scope.run(() => runPool(iterations, width, () => scope.cancel()));
}
