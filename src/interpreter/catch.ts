import { matchesErrorEquals } from '../asl/errors';
import { type Catcher } from '../asl/types';

/** The first catcher whose ErrorEquals matches the error, as ASL picks it. */
export function findCatcher(
  catchers: readonly Catcher[] | undefined,
  errorName: string,
): Catcher | undefined {
  return catchers?.find((c) => matchesErrorEquals(c.ErrorEquals, errorName));
}
