/**
 * `Assign`: variables set when a state exits. Every entry is evaluated from the values at state entry, so an entry
 * never sees another entry of the same Assign; the interpreter merges the returned record into the scope.
 */
import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import type { Json, JsonObject } from '../asl/types';
import { isVariablePart, isVariableStart } from '../asl/expressions/path-syntax';
import type { EvalEnv } from './env';
import { runtimeError } from './errors';
import { evaluateJsonataTemplate, type StatesBinding } from './jsonata';
import { isJsonObject, jsonType } from './json';
import { payloadSize } from './limits';
import { evaluatePayloadTemplate } from './payload';

/** AWS's longest variable name. */
export const MAX_VARIABLE_NAME_LENGTH = 80;
/** AWS's quota for one variable's value, and for all the values one Assign sets: 256 KiB of JSON text each. */
export const MAX_VARIABLE_BYTES = 262144;
/** AWS's quota for all the variables an execution stores: 10 MiB. */
export const MAX_TOTAL_VARIABLE_BYTES = 10 * 1024 * 1024;

/** Why a variable name is not allowed, or undefined when it is (Unicode identifier, at most 80 chars, not `states`). */
export function variableNameProblem(name: string): string | undefined {
  if (name === 'states') return "The variable name 'states' is reserved.";
  if (name.length === 0 || name.length > MAX_VARIABLE_NAME_LENGTH) {
    return `The variable name '${name}' must have between 1 and ${MAX_VARIABLE_NAME_LENGTH} characters.`;
  }
  const chars = [...name];
  if (!isVariableStart(chars[0]) || !chars.slice(1).every(isVariablePart)) {
    return `The variable name '${name}' is not a valid identifier: it must start with a letter or '_' and contain only letters, digits and '_'.`;
  }
  return undefined;
}

/** Fails with `States.Runtime` on the first invalid variable name. */
export function checkVariableNames(names: Iterable<string>): void {
  for (const name of names) {
    const problem = variableNameProblem(name);
    if (problem) throw runtimeError(problem);
  }
}

/**
 * The `patched()` id of the 10 MiB check: an execution started before it could store more and go on, so on replay
 * it must go on again (asked only when the check fails, so other executions record no marker).
 */
export const VARIABLES_TOTAL_LIMIT_PATCH = 'asl-variables-total-limit-1';

// The sizes checkVariableSizes measured, by the Assign's record, so the scope's running total measures nothing again.
// A Map, not a record: `__proto__` is a valid variable name.
const measured = new WeakMap<object, ReadonlyMap<string, number>>();

/** Each assigned value's payload size: the ones {@link checkVariableSizes} measured, else measured now. */
export function assignedSizes(assigned: Readonly<Record<string, Json>>): ReadonlyMap<string, number> {
  const known = measured.get(assigned);
  if (known) return known;
  const sizes = new Map<string, number>();
  for (const [name, value] of Object.entries(assigned)) sizes.set(name, payloadSize(value));
  return sizes;
}

/**
 * AWS's error for variables over 10 MiB in all: `States.DataLimitExceeded`. The wording is ours (AWS's was not
 * found), in the form of the 256 KiB ones.
 */
export function variablesTooLarge(total: number): ExecutionError {
  return new ExecutionError(
    STATES_ERRORS.DataLimitExceeded,
    `The variables stored by the execution would have a combined size of ${total} bytes, exceeding the maximum of ${MAX_TOTAL_VARIABLE_BYTES} bytes.`,
  );
}

/** Fails with `States.DataLimitExceeded` when one value, or the values of one Assign together, exceed 256 KiB. */
export function checkVariableSizes(assigned: Readonly<Record<string, Json>>): void {
  let total = 0;
  const sizes = new Map<string, number>();
  for (const [name, value] of Object.entries(assigned)) {
    const size = payloadSize(value);
    sizes.set(name, size);
    if (size > MAX_VARIABLE_BYTES) {
      throw new ExecutionError(
        STATES_ERRORS.DataLimitExceeded,
        `The variable '${name}' has a size of ${size} bytes, exceeding the maximum of ${MAX_VARIABLE_BYTES} bytes.`,
      );
    }
    total += size;
  }
  if (total > MAX_VARIABLE_BYTES) {
    throw new ExecutionError(
      STATES_ERRORS.DataLimitExceeded,
      `The variables assigned by the state have a combined size of ${total} bytes, exceeding the maximum of ${MAX_VARIABLE_BYTES} bytes.`,
    );
  }
  measured.set(assigned, sizes);
}

/**
 * Evaluates a JSONPath Assign. `$` is the state's result when it has one (Task, Parallel and Map after
 * ResultSelector; Pass after Parameters/Result; a Catcher's error output), else the state input (Choice, Wait).
 */
export function evaluateAssignJsonPath(
  assign: JsonObject,
  data: { readonly stateInput: Json; readonly result?: Json },
  env: EvalEnv,
): Record<string, Json> {
  const source = data.result !== undefined ? data.result : data.stateInput;
  const assigned = evaluatePayloadTemplate(assign, source, env, 'Assign') as Record<string, Json>;
  checkVariableNames(Object.keys(assigned));
  checkVariableSizes(assigned);
  return assigned;
}

/**
 * Evaluates a JSONata Assign: each `{% %}` sees `$states` and the variables as they were at state entry. `field`
 * names it in messages: `Assign`, or a Choice rule's or catcher's own (`Choices[0]/Assign`, `Catch[1]/Assign`).
 */
export async function evaluateAssignJsonata(
  assign: Json,
  states: StatesBinding,
  env: EvalEnv,
  field = 'Assign',
): Promise<Record<string, Json>> {
  const assigned = await evaluateJsonataTemplate(assign, states, env, field);
  if (!isJsonObject(assigned)) {
    throw runtimeError(`The Assign field must evaluate to an object, but was ${jsonType(assigned)}.`);
  }
  checkVariableNames(Object.keys(assigned));
  checkVariableSizes(assigned);
  return assigned;
}
