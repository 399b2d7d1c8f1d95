import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate, type StatesBinding } from '../../dataflow/jsonata';
import { applyInputPath } from '../../dataflow/paths';

/** A numeric field given literally, by a JSONPath `...Path` field, or as a JSONata expression. */
export interface NumericField {
  readonly field: string;
  readonly value?: number | string;
  readonly path?: string;
}

function requirePositiveInteger(field: string, value: Json, allowZero: boolean): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new ExecutionError(
      STATES_ERRORS.Runtime,
      `The value of the field '${field}' must be a ${allowZero ? 'non-negative' : 'positive'} integer, but was ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function display(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Reads a number through a `...Path` field as Step Functions does: numeric strings count, anything else fails with
 * "The XPath field refers to value "v" which is not a valid integer: $.path".
 */
export function numberAtPath(
  field: string,
  path: string,
  input: Json,
  env: EvalEnv,
  kind: 'integer' | 'float',
): number {
  const value = applyInputPath(path, input, env);
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (Number.isNaN(number) || (kind === 'integer' && !Number.isInteger(number))) {
    throw new ExecutionError(
      STATES_ERRORS.Runtime,
      `The ${field}Path field refers to value "${display(value)}" which is not a valid ${kind}: ${path}`,
    );
  }
  return number;
}

/** Resolves a JSONPath-state numeric field (literal or `...Path` against the effective input). */
export function numberFromPath(
  spec: NumericField,
  input: Json,
  env: EvalEnv,
  allowZero = false,
): number | undefined {
  if (typeof spec.value === 'number') return spec.value;
  if (spec.path !== undefined) {
    return requirePositiveInteger(`${spec.field}Path`, applyInputPath(spec.path, input, env), allowZero);
  }
  return undefined;
}

/** Resolves a JSONata-state numeric field (literal or `{% %}`). */
export async function numberFromJsonata(
  spec: NumericField,
  states: StatesBinding,
  env: EvalEnv,
  allowZero = false,
): Promise<number | undefined> {
  if (spec.value === undefined) return undefined;
  if (typeof spec.value === 'number') return spec.value;
  const value = await evaluateJsonataTemplate(spec.value, states, env, spec.field);
  return requirePositiveInteger(spec.field, value, allowZero);
}
