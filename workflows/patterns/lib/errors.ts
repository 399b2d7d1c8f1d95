import { RetryState, TimeoutType } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  TimeoutFailure,
} from '@temporalio/workflow';
import { STATES_ERRORS } from '../../../src/asl/errors';

/** An ASL error: the name `ErrorEquals` matches on, and the cause text. */
export interface AslError {
  readonly error: string;
  readonly cause: string;
}

/**
 * Reads the ASL error out of whatever a Temporal call threw: activities carry it as `ApplicationFailure.type`;
 * Temporal's own timeouts become `States.Timeout` / `States.HeartbeatTimeout`. A lost worker's last attempt that
 * Temporal did not retry because the whole call's clock (TimeoutSeconds) would run out first is `States.Timeout`.
 */
export function aslErrorOf(err: unknown): AslError {
  const inner = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  if (inner instanceof ApplicationFailure) {
    return { error: inner.type ?? STATES_ERRORS.TaskFailed, cause: inner.message };
  }
  if (inner instanceof TimeoutFailure) {
    const outOfTime = err instanceof ActivityFailure && err.retryState === RetryState.TIMEOUT;
    const heartbeat = inner.timeoutType === TimeoutType.HEARTBEAT && !outOfTime;
    return {
      error: heartbeat ? STATES_ERRORS.HeartbeatTimeout : STATES_ERRORS.Timeout,
      cause: heartbeat ? 'The task did not send a heartbeat in time.' : 'The task did not complete in time.',
    };
  }
  if (inner instanceof Error) return { error: STATES_ERRORS.TaskFailed, cause: inner.message };
  return { error: STATES_ERRORS.TaskFailed, cause: String(inner) };
}

/** Re-raises an ASL error as the workflow's failure, so the execution fails with AWS's error name. */
export function failWith(error: AslError): ApplicationFailure {
  return ApplicationFailure.create({ type: error.error, message: error.cause, nonRetryable: true });
}
