import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { liveActivityOptions } from '../activity-options';
import { asExecution } from './lib/execution';
import { retry } from './lib/retry';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the seed's Retry Logic machine, by the names in their ARNs. */
export const RETRY_FUNCTIONS = {
  processPayment: 'process-payment',
  confirmOrder: 'confirm-order',
} as const;

/** ProcessPayment's TimeoutSeconds: an attempt running longer fails `States.Timeout`. */
export const PAYMENT_TIMEOUT_SECONDS = 3;

/** ProcessPayment's Retry, as the seed writes it. */
export const PAYMENT_RETRIERS = [
  { errorEquals: ['ServiceException', 'TransientError'], intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 },
  { errorEquals: ['States.Timeout'], intervalSeconds: 1, maxAttempts: 2 },
] as const;

// TimeoutSeconds is the activity's schedule-to-close timeout, which Temporal reports as a TimeoutFailure
// (States.Timeout), exactly as the generic workflow runs a Task with TimeoutSeconds.
const { invokeFunction: invokeWithTimeout } = proxyActivities<Activities>(
  liveActivityOptions(`${PAYMENT_TIMEOUT_SECONDS} seconds`),
);

/**
 * The seed's Retry Logic pattern as plain Temporal code: ProcessPayment under its two retriers (transient errors
 * after 2, 4, 8 s; timeouts after 1, 2 s), each counting its own attempts on durable timers, then ConfirmOrder.
 * Same as `examples/retry-logic/`.
 */
export function retryLogic(input: unknown): Promise<unknown> {
  return asExecution(async () => {
    const payment = await retry(PAYMENT_RETRIERS, () =>
      invokeWithTimeout({ functionName: RETRY_FUNCTIONS.processPayment, payload: input }),
    );
    return lambdaTask(RETRY_FUNCTIONS.confirmOrder, payment);
  });
}
