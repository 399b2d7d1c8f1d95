import { isCancellation } from '@temporalio/workflow';
import { aslErrorOf, failWith } from './errors';

/**
 * Runs a pattern's body as an execution: any failure ends the workflow with its ASL error name and cause (as an
 * execution fails with them), while a cancellation stays a cancellation rather than becoming a failure.
 *
 * @example
 * export const myPattern = (input: unknown) => asExecution(async () => lambdaTask('step', input));
 */
export async function asExecution<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw failWith(aslErrorOf(err));
  }
}
