import { type RetrierSpec } from '../../src/interpreter/retry';
import { retry } from './lib/retry';
import { invokeFunction, LAMBDA_RETRIER } from './lambda';

/**
 * A Lambda Task as the examples write it: one call to the function by name with the payload as its input, under
 * the console's default retrier unless the state has its own.
 */
export function lambdaTask(
  functionName: string,
  payload: unknown,
  retriers: readonly RetrierSpec[] = [LAMBDA_RETRIER],
): Promise<unknown> {
  return retry(retriers, () => invokeFunction({ functionName, payload }));
}
