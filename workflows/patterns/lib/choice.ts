import { STATES_ERRORS } from '../../../src/asl/errors';
import { failWith } from './errors';

/** One rule of {@link choice}: when `predicate` holds for the input, `branch` runs with it. */
export type ChoiceRule<I, R> = readonly [predicate: (input: I) => boolean, branch: (input: I) => Promise<R>];

/**
 * Picks the first rule whose predicate holds, in order, as a Choice state picks among its Choices, and runs its
 * branch; else `otherwise` (the Default). With no match and no default it fails `States.NoChoiceMatched`, as ASL.
 *
 * @example
 * return choice(order, [
 *   [(o) => o.orderValue > 1000, highValueProcess],
 *   [(o) => o.orderType === 'express', expressProcess],
 * ], standardProcess);
 */
export function choice<I, R>(
  input: I,
  rules: readonly ChoiceRule<I, R>[],
  otherwise?: (input: I) => Promise<R>,
  stateName = 'Choice',
): Promise<R> {
  for (const [predicate, branch] of rules) {
    if (predicate(input)) return branch(input);
  }
  if (otherwise) return otherwise(input);
  // The interpreter's own message, so a hand-written choice fails exactly as the ASL state would.
  return Promise.reject(
    failWith({
      error: STATES_ERRORS.NoChoiceMatched,
      cause: `No Matches! An error occurred while executing the state '${stateName}'.`,
    }),
  );
}
