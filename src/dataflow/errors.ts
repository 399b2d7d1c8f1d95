import { ExecutionError, STATES_ERRORS } from '../asl/errors';

/*
 * AWS words a data-flow failure as "An error occurred while executing the state 'S' (entered at the event id #N). <detail>".
 * Only the interpreter knows S and N, so the evaluators here raise errors whose cause is the <detail> alone and the
 * interpreter prefixes it with {@link withStateContext}.
 */

/** A `States.Runtime` error with AWS's detail text. */
export function runtimeError(detail: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.Runtime, detail);
}

/** A `States.IntrinsicFailure` error with AWS's detail text. */
export function intrinsicFailure(detail: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.IntrinsicFailure, detail);
}

/** A `States.QueryEvaluationError` with AWS's detail text. */
export function queryEvaluationError(detail: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.QueryEvaluationError, detail);
}

/** The prefix AWS puts before every data-flow error's detail. */
export function stateErrorPrefix(stateName: string, enteredEventId: number): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). `;
}

/** The same error with AWS's "An error occurred while executing the state ..." prefix added to its cause. */
export function withStateContext(
  error: ExecutionError,
  stateName: string,
  enteredEventId: number,
): ExecutionError {
  return new ExecutionError(error.error, stateErrorPrefix(stateName, enteredEventId) + error.causeText, true);
}
