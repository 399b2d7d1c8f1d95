/**
 * AWS's size quota on data: 256 KiB of UTF-8 JSON text for a state's output, a Task's result and a Task's
 * effective input (AWS: concepts-error-handling, States.DataLimitExceeded). Past it the execution fails with
 * `States.DataLimitExceeded`, which no `States.ALL` catches; its cause names the state, or the resource for a
 * Task's result, and carries no "An error occurred while executing the state" prefix.
 */
import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import type { Json } from '../asl/types';
import { utf8Length } from './json';

/** The payload quota: 256 KiB of UTF-8 JSON text (state output, Task result and input, a single variable). */
export const MAX_PAYLOAD_BYTES = 262144;

/** The size AWS counts for a value: the UTF-8 bytes of its JSON text. */
export function payloadSize(value: Json): number {
  return utf8Length(JSON.stringify(value));
}

/** Whether a value is larger than the payload quota. */
export function exceedsPayloadQuota(value: Json): boolean {
  return payloadSize(value) > MAX_PAYLOAD_BYTES;
}

/**
 * AWS's error for a result over the quota: `source` is the state's name (a state's output) or, for a Task's result,
 * what AWS calls the resource (the function ARN, or the integration's service).
 */
export function resultTooLarge(source: string): ExecutionError {
  return new ExecutionError(
    STATES_ERRORS.DataLimitExceeded,
    `The state/task '${source}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    true,
  );
}

/** The same error for a Task's effective input (its Parameters or Arguments) over the quota. */
export function inputTooLarge(stateName: string): ExecutionError {
  return new ExecutionError(
    STATES_ERRORS.DataLimitExceeded,
    `The state/task '${stateName}' has an input with a size exceeding the maximum number of bytes service limit.`,
    true,
  );
}

/** Fails with {@link resultTooLarge} when a value is over the quota. */
export function checkResultSize(value: Json, source: string): void {
  if (exceedsPayloadQuota(value)) throw resultTooLarge(source);
}

/** StartExecution's refusal of an input over the quota (AWS's API ValidationException): the execution never starts. */
export class ExecutionInputTooLarge extends Error {
  constructor(readonly size: number) {
    super(
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`,
    );
    this.name = 'ValidationException';
  }
}

/** Refuses an execution input whose JSON text is over the quota, as StartExecution does. */
export function checkExecutionInput(input: Json): void {
  const size = payloadSize(input);
  if (size > MAX_PAYLOAD_BYTES) throw new ExecutionInputTooLarge(size);
}
