import { sleep } from '@temporalio/workflow';
import { decideRetry, type RetrierSpec, withRetrierDefaults } from '../../../src/interpreter/retry';
import { aslErrorOf } from './errors';

/**
 * Runs `fn` under ASL `Retry` semantics with durable timers between attempts: the first retrier whose
 * ErrorEquals matches the error decides, each retrier counts its own attempts, and the last error is re-thrown
 * when none retries.
 *
 * @example
 * const order = await retry(
 *   [{ errorEquals: ['TransientError'], intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 }],
 *   () => invokeFunction({ functionName: 'process-payment', payload: input }),
 * );
 */
export async function retry<T>(retriers: readonly RetrierSpec[], fn: () => Promise<T>): Promise<T> {
  const resolved = retriers.map(withRetrierDefaults);
  const attempts = resolved.map(() => 0);
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      // Math.random is seeded and replay-safe inside the workflow sandbox.
      const decision = decideRetry(resolved, attempts, aslErrorOf(err).error, Math.random);
      if (!decision.retry) throw err;
      attempts[decision.retrierIndex] += 1;
      await sleep(decision.delayMs);
    }
  }
}
