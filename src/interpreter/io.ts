import { type Json, type JsonObject } from '../asl/types';
import { type EvalEnv } from '../dataflow/env';
import { evaluateJsonataTemplate, type StatesBinding } from '../dataflow/jsonata';
import { applyOutputPath, applyResultPath } from '../dataflow/paths';
import { evaluatePayloadTemplate } from '../dataflow/payload';
import { evaluateAssignJsonata, evaluateAssignJsonPath } from '../dataflow/variables';

/** The result-processing fields a JSONPath state may have. */
export interface JsonPathResultFields {
  readonly ResultSelector?: JsonObject;
  readonly ResultPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Assign?: JsonObject;
}

/** What a state produced after its result processing. */
export interface Processed {
  readonly output: Json;
  readonly assigned?: Readonly<Record<string, Json>>;
}

/**
 * JSONPath result processing, in AWS's order: ResultSelector on the raw result, Assign (which sees the selected
 * result), ResultPath into the raw state input, then OutputPath.
 */
export function processResultJsonPath(
  fields: JsonPathResultFields,
  rawInput: Json,
  result: Json,
  env: EvalEnv,
): Processed {
  const selected = fields.ResultSelector
    ? evaluatePayloadTemplate(fields.ResultSelector, result, env, 'ResultSelector')
    : result;
  const assigned = fields.Assign
    ? evaluateAssignJsonPath(fields.Assign, { stateInput: rawInput, result: selected }, env)
    : undefined;
  const combined = applyResultPath(fields.ResultPath, rawInput, selected);
  return { output: applyOutputPath(fields.OutputPath, combined, env), assigned };
}

/** The output-processing fields a JSONata state may have. */
export interface JsonataOutputFields {
  readonly Output?: Json;
  readonly Assign?: JsonObject;
}

/** Where a JSONata Assign and Output sit, as AWS names them in messages: the state's own, or a rule's or catcher's. */
export interface JsonataFieldNames {
  readonly assign: string;
  readonly output: string;
}

const STATE_FIELDS: JsonataFieldNames = { assign: 'Assign', output: 'Output' };

/**
 * JSONata output processing: Assign and Output are evaluated from the same bindings (variables as they were at
 * state entry); without Output the state's output is `fallback` (the result, or the input for Pass-like states).
 */
export async function processOutputJsonata(
  fields: JsonataOutputFields,
  states: StatesBinding,
  fallback: Json,
  env: EvalEnv,
  names: JsonataFieldNames = STATE_FIELDS,
): Promise<Processed> {
  const assigned = fields.Assign
    ? await evaluateAssignJsonata(fields.Assign, states, env, names.assign)
    : undefined;
  const output =
    fields.Output === undefined
      ? fallback
      : await evaluateJsonataTemplate(fields.Output, states, env, names.output);
  return { output, assigned };
}

/** The `$states` binding of a state before it has a result: its input and its context object. */
export function inputBinding(input: Json, env: EvalEnv): StatesBinding {
  return { input, context: env.context };
}
