/**
 * AWS's size quotas and the bounds that keep Temporal's own limits from being reached first (docs/reliability.md,
 * "Limits"). Data: 256 KiB of UTF-8 JSON text for a state's output, a Task's result and a Task's effective input
 * (AWS: concepts-error-handling, States.DataLimitExceeded). Past it the execution fails with
 * `States.DataLimitExceeded`, which no `States.ALL` catches; its cause names the state, or the resource for a
 * Task's result, and carries no "An error occurred while executing the state" prefix. API requests over their
 * length constraints (StartExecution's input, the definition, SendTaskSuccess's output) are refused with AWS's
 * `ValidationException` before anything runs.
 */
import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import type { Json } from '../asl/types';
import { utf8Length } from './json';
import { payloadSizeBound } from './payload-bound';

/** The payload quota: 256 KiB of UTF-8 JSON text (state output, Task result and input, a single variable). */
export const MAX_PAYLOAD_BYTES = 262144;

/** The size AWS counts for a value: the UTF-8 bytes of its JSON text. */
export function payloadSize(value: Json): number {
  return utf8Length(JSON.stringify(value));
}

/** Whether a value is larger than the payload quota (measured exactly only when its cheap bound is over it). */
export function exceedsPayloadQuota(value: Json): boolean {
  return (
    payloadSizeBound(value, MAX_PAYLOAD_BYTES) > MAX_PAYLOAD_BYTES && payloadSize(value) > MAX_PAYLOAD_BYTES
  );
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

/**
 * The `patched()` id of the input checks on Map iterations and Parallel branches: an execution started before them
 * built such an input over the quota and went on, so on replay it must go on again (asked only when a check fails).
 */
export const BRANCH_INPUT_LIMIT_PATCH = 'asl-branch-input-limit-1';

/** What {@link checkBranchInput} asks of the runtime port: whether this execution runs with the check. */
export interface PatchedQuery {
  isPatched?(change: string): boolean;
}

/**
 * Fails with {@link inputTooLarge} (naming the Map or Parallel state) when an input it built for an iteration or a
 * branch (ItemSelector, Parameters, Arguments, a batch) is over the quota, as every state's input is on AWS; an
 * execution recorded before the check (its history without the patch marker) goes on as it did.
 */
export function checkBranchInput(input: Json, stateName: string, runtime: PatchedQuery): void {
  if (exceedsPayloadQuota(input) && runtime.isPatched?.(BRANCH_INPUT_LIMIT_PATCH) !== false) {
    throw inputTooLarge(stateName);
  }
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
  if (payloadSizeBound(input, MAX_PAYLOAD_BYTES) <= MAX_PAYLOAD_BYTES) return;
  const size = payloadSize(input);
  if (size > MAX_PAYLOAD_BYTES) throw new ExecutionInputTooLarge(size);
}

/** AWS's quota on a state machine definition: 1 MiB (CreateStateMachine's `definition`, a hard quota). */
export const MAX_DEFINITION_BYTES = 1048576;

/**
 * AWS's API refusal of a request field over its length constraint (`ValidationException`), with its message:
 * StartExecution's `input`, CreateStateMachine's `definition`, SendTaskSuccess's `output`, SendTaskFailure's
 * `error` and `cause`.
 */
export class ValidationException extends Error {
  constructor(
    readonly field: string,
    readonly maxLength: number,
    readonly size: number,
  ) {
    super(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
    this.name = 'ValidationException';
  }
}

/** Refuses a definition whose JSON text is over 1 MiB, as CreateStateMachine does (measured compact, as parsed). */
export function checkDefinitionSize(definition: object): void {
  const size = payloadSize(definition as Json);
  if (size > MAX_DEFINITION_BYTES) throw new ValidationException('definition', MAX_DEFINITION_BYTES, size);
}

/** SendTaskFailure's length constraints: `error` at most 256 characters, `cause` at most 32,768. */
export const MAX_TASK_ERROR_LENGTH = 256;
/** See {@link MAX_TASK_ERROR_LENGTH}. */
export const MAX_TASK_CAUSE_LENGTH = 32768;

/** Refuses a SendTaskSuccess output (a JSON value, measured as its JSON text) over 256 KiB, as AWS's API does. */
export function checkTaskOutput(output: Json): void {
  const size = payloadSize(output);
  if (size > MAX_PAYLOAD_BYTES) throw new ValidationException('output', MAX_PAYLOAD_BYTES, size);
}

/** The same for an output still in the JSON text the caller sent: its UTF-8 bytes, whitespace included. */
export function checkTaskOutputText(text: string): void {
  const size = utf8Length(text);
  if (size > MAX_PAYLOAD_BYTES) throw new ValidationException('output', MAX_PAYLOAD_BYTES, size);
}

/** Refuses a SendTaskFailure whose error or cause is longer than AWS's API takes. */
export function checkTaskFailure(failure: { readonly error?: string; readonly cause?: string }): void {
  if (failure.error !== undefined && failure.error.length > MAX_TASK_ERROR_LENGTH) {
    throw new ValidationException('error', MAX_TASK_ERROR_LENGTH, failure.error.length);
  }
  if (failure.cause !== undefined && failure.cause.length > MAX_TASK_CAUSE_LENGTH) {
    throw new ValidationException('cause', MAX_TASK_CAUSE_LENGTH, failure.cause.length);
  }
}

/**
 * The most one workflow payload (a start's or a continue-as-new's arguments) may weigh here: Temporal refuses a
 * payload over 2 MiB (`limit.blobSize.error`) and terminates a workflow whose command carries one, so we stay
 * 128 KiB below it for the payload's metadata and the fields not measured (logging, tracing, counters).
 */
export const MAX_WORKFLOW_PAYLOAD_BYTES = 2 * 1024 * 1024 - 128 * 1024;

/** A start refused because its definition, input and mocks together would not fit in one Temporal payload. */
export class ExecutionPayloadTooLarge extends Error {
  constructor(
    readonly size: number,
    readonly parts: Readonly<Record<string, number>>,
  ) {
    const detail = Object.entries(parts)
      .map(([name, bytes]) => `${name} ${bytes}`)
      .join(', ');
    super(
      `The execution's definition, input and mocks come to ${size} bytes of JSON (${detail}), over the ` +
        `${MAX_WORKFLOW_PAYLOAD_BYTES} bytes one Temporal payload carries here (Temporal refuses 2 MiB): ` +
        'make the mocks or the definition smaller.',
    );
    this.name = 'ExecutionPayloadTooLarge';
  }
}

/**
 * Everything StartExecution checks before an execution starts: the input (256 KiB), the definition (1 MiB), and,
 * since they travel together as the workflow's input, the three with the mocks within one Temporal payload.
 */
export function checkExecutionStart(start: {
  readonly definition: object;
  readonly input: Json;
  readonly mocks?: object;
}): void {
  checkExecutionInput(start.input);
  checkDefinitionSize(start.definition);
  const parts: Record<string, number> = {
    definition: payloadSize(start.definition as Json),
    input: payloadSize(start.input),
  };
  if (start.mocks !== undefined) parts.mocks = payloadSize(start.mocks as Json);
  const size = Object.values(parts).reduce((sum, bytes) => sum + bytes, 0);
  if (size > MAX_WORKFLOW_PAYLOAD_BYTES) throw new ExecutionPayloadTooLarge(size, parts);
}

/**
 * Where a run that cannot continue as new (its arguments over {@link MAX_WORKFLOW_PAYLOAD_BYTES}) gives up: well
 * below Temporal's own history limits (50 MiB, 51,200 events, where the server terminates the workflow), so the
 * execution fails with a clear error instead, leaving room for the state it is in.
 */
export const HISTORY_GUARD = { bytes: 40 * 1024 * 1024, events: 40_000 } as const;

/** Whether a run's history has reached {@link HISTORY_GUARD}. */
export function historyNearLimit(history: { readonly bytes: number; readonly events: number }): boolean {
  return history.bytes >= HISTORY_GUARD.bytes || history.events >= HISTORY_GUARD.events;
}

/** The error of a run whose history filled up while its arguments were too large to continue as new. */
export function cannotContinueAsNew(
  size: number,
  history: { readonly bytes: number; readonly events: number },
): ExecutionError {
  return new ExecutionError(
    STATES_ERRORS.Runtime,
    `The execution's history reached ${history.events} events (${history.bytes} bytes) and it cannot continue ` +
      `as new: its definition, input, variables and mocks come to ${size} bytes, over the ` +
      `${MAX_WORKFLOW_PAYLOAD_BYTES} bytes of one Temporal payload. Keep large data out of variables.`,
  );
}
