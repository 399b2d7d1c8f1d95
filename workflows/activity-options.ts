import { type ActivityOptions } from '@temporalio/workflow';
import { type Duration, type RetryPolicy } from '@temporalio/common';

/**
 * How long a running activity may go without a heartbeat before Temporal counts its worker as lost and runs the
 * attempt again elsewhere. Every activity heartbeats by itself every 5 s while it runs (`activities/liveness.ts`),
 * and the worker sends one per 0.8 x this timeout (16 s), so 20 s notices a killed worker quickly while a busy
 * worker (a 2-core machine, a GC pause, a slow server) has room to spare before its work is run twice.
 */
export const ACTIVITY_HEARTBEAT_TIMEOUT: Duration = '20 seconds';

/**
 * What Temporal retries: only lost workers and timed-out attempts, since every failure an activity raises is
 * non-retryable (it is an ASL error for the interpreter's Retry and Catch). A quick first retry gets the work going
 * again as soon as a worker is back; the cap stops a Task that kills its worker every time from crash-looping the
 * fleet (it then fails with States.HeartbeatTimeout, which Retry and Catch see).
 */
export const ACTIVITY_RETRY_POLICY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '10 seconds',
  maximumAttempts: 10,
};

/**
 * Options for an activity that survives its worker: `deadline` is the whole call's clock across every attempt
 * (a Task's TimeoutSeconds, as on AWS, where a re-run never resets it), with the heartbeat timeout and retry
 * policy above.
 */
export function liveActivityOptions(deadline: Duration, summary?: string): ActivityOptions {
  return {
    scheduleToCloseTimeout: deadline,
    heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
    retry: ACTIVITY_RETRY_POLICY,
    ...(summary !== undefined ? { summary } : {}),
  };
}
