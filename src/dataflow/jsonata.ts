/**
 * JSONata in ASL: every string that is exactly `{% expression %}` is evaluated, with `$states` (input, result,
 * errorOutput, context) and the visible variables bound; other values are kept as they are. Failures are
 * `States.QueryEvaluationError` with AWS's wording.
 */
import jsonata from 'jsonata';
import { isExecutionError } from '../asl/errors';
import type { Json, JsonObject } from '../asl/types';
import type { EvalEnv } from './env';
import { queryEvaluationError } from './errors';
import { isJsonObject, jsonType, type JsonTypeName, toJsonText } from './json';
import { runtimeBindings, STATIC_JSONATA_FUNCTIONS } from './jsonata-functions';

/** What `$states` holds in a JSONata state. */
export interface StatesBinding {
  readonly input: Json;
  readonly result?: Json;
  readonly errorOutput?: Json;
  readonly context: JsonObject;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** The expression inside a `{% ... %}` string, trimmed, or undefined when the string is not one. */
export function jsonataExpressionOf(value: string): string | undefined {
  const match = EXPRESSION.exec(value);
  return match ? match[1].trim() : undefined;
}

const cache = new Map<string, jsonata.Expression>();

function compile(expression: string, field: string): jsonata.Expression {
  let compiled = cache.get(expression);
  if (!compiled) {
    try {
      compiled = jsonata(expression);
    } catch (error) {
      throw queryEvaluationError(
        `${describe(expression, field)} threw an error during evaluation. ${errorText(error)}`,
      );
    }
    for (const f of STATIC_JSONATA_FUNCTIONS)
      compiled.registerFunction(f.name, f.implementation, f.signature);
    cache.set(expression, compiled);
  }
  return compiled;
}

function describe(expression: string, field: string): string {
  return `The JSONata expression '${expression}' specified for the field '${field}'`;
}

function errorText(error: unknown): string {
  // AWS's own functions ($partition, $range, $hash) fail with ExecutionErrors: their cause is the message.
  if (isExecutionError(error)) return error.causeText;
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  return typeof e.code === 'string' ? `${e.code}: ${message}` : message;
}

/** Evaluates one expression (no braces); `undefined` results are returned, not rejected. */
async function evaluateExpression(
  expression: string,
  states: StatesBinding,
  env: EvalEnv,
  field: string,
): Promise<Json | undefined> {
  const compiled = compile(expression, field);
  const bindings: Record<string, unknown> = {
    ...env.variables,
    ...runtimeBindings(env),
    states: statesValue(states),
  };
  let raw: unknown;
  try {
    raw = await compiled.evaluate(undefined, bindings);
  } catch (error) {
    throw queryEvaluationError(
      `${describe(expression, field)} threw an error during evaluation. ${errorText(error)}`,
    );
  }
  if (raw === undefined) return undefined;
  const value = toJson(raw);
  if (value === undefined)
    throw queryEvaluationError(`${describe(expression, field)} returned an unsupported result type.`);
  return value;
}

function statesValue(states: StatesBinding): JsonObject {
  const value: JsonObject = { input: states.input, context: states.context };
  if (states.result !== undefined) value.result = states.result;
  if (states.errorOutput !== undefined) value.errorOutput = states.errorOutput;
  return value;
}

/**
 * Copies a JSONata result into plain JSON: arrays without their `sequence`/`keepSingleton` marks, objects with
 * Object's prototype (JSONata builds some without one), undefined members dropped as JSON text drops them;
 * undefined for what JSON cannot hold (functions, regular expressions, non-finite numbers) at any depth.
 */
function toJson(value: unknown): Json | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const item of value) {
      if (item === undefined) continue;
      const json = toJson(item);
      if (json === undefined) return undefined;
      items.push(json);
    }
    return items;
  }
  if (typeof value === 'object') {
    if (
      (value as { _jsonata_lambda?: unknown })._jsonata_lambda ||
      (value as { _jsonata_function?: unknown })._jsonata_function
    )
      return undefined;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const json = toJson(v);
      if (json === undefined) return undefined;
      // A plain assignment to '__proto__' would set the prototype and lose the key ($parse can return one).
      Object.defineProperty(out, k, { value: json, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return undefined;
}

/** Evaluates a `{% %}` string to a defined value, failing as AWS does when it returns nothing. */
async function evaluateString(
  text: string,
  states: StatesBinding,
  env: EvalEnv,
  field: string,
): Promise<Json> {
  const expression = jsonataExpressionOf(text);
  if (expression === undefined) return text;
  const value = await evaluateExpression(expression, states, env, field);
  if (value === undefined)
    throw queryEvaluationError(`${describe(expression, field)} returned nothing (undefined).`);
  return value;
}

/**
 * Walks a value and evaluates every `{% %}` string in it; `field` names the value (`Output`, `Arguments`) and grows
 * with the keys walked (`Output/result`), as AWS names fields in its messages.
 */
export async function evaluateJsonataTemplate(
  value: Json,
  states: StatesBinding,
  env: EvalEnv,
  field: string,
): Promise<Json> {
  if (typeof value === 'string') return evaluateString(value, states, env, field);
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (let i = 0; i < value.length; i += 1)
      items.push(await evaluateJsonataTemplate(value[i], states, env, `${field}[${i}]`));
    return items;
  }
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value))
      out[key] = await evaluateJsonataTemplate(item, states, env, `${field}/${key}`);
    return out;
  }
  return value;
}

/**
 * Evaluates a field whose value must have one JSON type (Items: array, Seconds: number...), failing with AWS's
 * "returned an unexpected result type. Expected 'array', but was 'boolean' for value: true".
 */
export async function evaluateJsonataTyped(
  value: Json,
  states: StatesBinding,
  env: EvalEnv,
  field: string,
  expected: JsonTypeName,
): Promise<Json> {
  const result = await evaluateJsonataTemplate(value, states, env, field);
  const actual = jsonType(result);
  if (actual !== expected) {
    const source = typeof value === 'string' ? (jsonataExpressionOf(value) ?? value) : toJsonText(value);
    throw queryEvaluationError(
      `${describe(source, field)} returned an unexpected result type. Expected '${expected}', but was '${actual}' for value: ${toJsonText(result)}`,
    );
  }
  return result;
}

/**
 * Evaluates a JSONata Choice `Condition`: a boolean literal, or an expression that must give a boolean. AWS names
 * the field by the rule's place: `Choices[1]/Condition`.
 */
export async function evaluateJsonataCondition(
  condition: string | boolean,
  states: StatesBinding,
  env: EvalEnv,
  field = 'Condition',
): Promise<boolean> {
  if (typeof condition === 'boolean') return condition;
  return (await evaluateJsonataTyped(condition, states, env, field, 'boolean')) as boolean;
}
