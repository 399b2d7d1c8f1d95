/** The Step Functions API's errors, as AWS JSON 1.0 sends them: HTTP 400 with `{"__type", "message"}`. */

/** The error names this server answers with (the SDKs map each to its exception class). */
export type ApiErrorName =
  | 'ExecutionDoesNotExist'
  | 'StateMachineDoesNotExist'
  | 'ActivityDoesNotExist'
  | 'InvalidDefinition'
  | 'InvalidArn'
  | 'InvalidName'
  | 'InvalidToken'
  | 'InvalidOutput'
  | 'InvalidExecutionInput'
  | 'ExecutionAlreadyExists'
  | 'StateMachineAlreadyExists'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'ResourceNotFound'
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException'
  | 'InternalFailure';

/** An error the API returns to the caller, with AWS's name and message. */
export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorName,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** AWS's ValidationException for a missing required member. */
export function missingMember(member: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

/** AWS's ValidationException for a member of the wrong type or out of its bounds. */
export function invalidMember(member: string, constraint: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
