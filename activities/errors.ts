import { ApplicationFailure } from '@temporalio/common';

/**
 * An ASL error as it crosses into the workflow: the error name travels as `ApplicationFailure.type` and the cause
 * as its message. Non-retryable, because ASL's Retry runs in the interpreter, not in Temporal.
 */
export function aslFailure(error: string, cause: string): ApplicationFailure {
  return ApplicationFailure.create({ type: error, message: cause, nonRetryable: true });
}
