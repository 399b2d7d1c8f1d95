/** The predefined error names of the Amazon States Language. */
export const STATES_ERRORS = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
} as const;

/** Errors that no `ErrorEquals` wildcard catches: only naming them exactly does. */
const NOT_CAUGHT_BY_ALL: ReadonlySet<string> = new Set([
  STATES_ERRORS.DataLimitExceeded,
  STATES_ERRORS.Runtime,
]);

/** Errors that `States.TaskFailed` does not stand for (it covers every other Task failure). */
const NOT_TASK_FAILED: ReadonlySet<string> = new Set([
  STATES_ERRORS.Timeout,
  STATES_ERRORS.HeartbeatTimeout,
  ...NOT_CAUGHT_BY_ALL,
]);

/**
 * Whether an error name is matched by a retrier's or catcher's `ErrorEquals`, as ASL defines it:
 * exact names, `States.ALL` for everything but terminal errors, `States.TaskFailed` for any Task failure but timeouts.
 */
export function matchesErrorEquals(errorEquals: readonly string[], errorName: string): boolean {
  for (const candidate of errorEquals) {
    if (candidate === errorName) return true;
    if (candidate === STATES_ERRORS.ALL && !NOT_CAUGHT_BY_ALL.has(errorName)) return true;
    if (candidate === STATES_ERRORS.TaskFailed && !NOT_TASK_FAILED.has(errorName)) return true;
  }
  return false;
}

/**
 * An ASL runtime error: what a state raises and what Retry/Catch match on. Crosses sandbox and realm boundaries by
 * its `error` name (never by `instanceof`), e.g. as `ApplicationFailure.type`.
 */
export class ExecutionError extends Error {
  constructor(
    /** The ASL error name (`States.Runtime`, `States.TaskFailed`, a user's `CustomError`). */
    readonly error: string,
    /** The cause text, as AWS reports it. */
    readonly causeText: string,
    /**
     * Whether the cause already says where the error arose. Errors of a state's own data flow are not, until the
     * interpreter prefixes them with the state's name and event id as AWS does; Task and Fail errors never need it.
     */
    readonly located = false,
  ) {
    super(`${error}: ${causeText}`);
    this.name = 'ExecutionError';
  }
}

/** Whether a value looks like an {@link ExecutionError}, judged by shape so it works across realms. */
export function isExecutionError(value: unknown): value is ExecutionError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'ExecutionError' &&
    typeof (value as { error?: unknown }).error === 'string'
  );
}
