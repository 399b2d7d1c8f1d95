/**
 * Reads a run-time field (Wait Seconds/Timestamp, Task timeouts, Map settings, ReaderConfig and ItemBatcher limits,
 * Map Items) from wherever the state takes it, checks the value against the field's row in `field-rules.ts`, and
 * fails with AWS's error for what is wrong with it (`field-messages.ts`).
 */
import { type Instant, parseTimestamp } from '../../asl/expressions/timestamp-syntax';
import { type Json } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate, jsonataExpressionOf, type StatesBinding } from '../../dataflow/jsonata';
import { compilePath, evaluatePath } from '../../dataflow/jsonpath';
import { fieldError, type Problem, type ValueOrigin } from './field-messages';
import { FIELD_RULES, type FieldName, type FieldValue, type ValueRule } from './field-rules';

/** Where a state takes a field's value from. */
export type FieldSource =
  /** Written in the definition. */
  | { readonly via: 'literal'; readonly value: Json }
  /** A JSONPath state's `...Path` field, read from the effective input (or `$$`, or a variable). */
  | { readonly via: 'path'; readonly path: string; readonly input: Json; readonly env: EvalEnv }
  /** A JSONata state's `{% %}` expression (or a template holding some). */
  | {
      readonly via: 'jsonata';
      readonly template: Json;
      readonly states: StatesBinding;
      readonly env: EvalEnv;
    };

/** What checking a value gave: the value the state uses, or what is wrong with it. */
type Verdict<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

// The numeric strings AWS's (Java) parsers take: Long.parseLong and Double.parseDouble, without hex or words.
const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A numeric string as the number it spells, for the fields whose `...Path` AWS reads with a number parser. */
function numericText(value: Json, rule: ValueRule): Json {
  if (typeof value !== 'string') return value;
  const text = rule.kind === 'float' ? FLOAT_TEXT : INTEGER_TEXT;
  return text.test(value) ? Number(value) : value;
}

function checkNumber(rule: Extract<ValueRule, { kind: 'integer' | 'float' }>, value: Json): Verdict<number> {
  if (typeof value !== 'number') return { ok: false, problem: { kind: 'type' } };
  if (rule.kind === 'integer' && !Number.isInteger(value))
    return { ok: false, problem: { kind: 'fraction' } };
  if (value < rule.min) return { ok: false, problem: { kind: 'below' } };
  if (rule.max !== undefined && value > rule.max) return { ok: false, problem: { kind: 'above' } };
  return { ok: true, value };
}

/** Checks a value against a rule. */
function check(rule: ValueRule, value: Json): Verdict<number | Instant | Json[]> {
  switch (rule.kind) {
    case 'integer':
    case 'float':
      return checkNumber(rule, value);
    case 'timestamp': {
      const instant = typeof value === 'string' ? parseTimestamp(value) : undefined;
      if (instant) return { ok: true, value: instant };
      return { ok: false, problem: { kind: typeof value === 'string' ? 'format' : 'type' } };
    }
    case 'array':
      return Array.isArray(value) ? { ok: true, value } : { ok: false, problem: { kind: 'type' } };
  }
}

/** The value a source gives, or the path that selected nothing. */
async function valueOf(
  source: FieldSource,
  field: FieldName,
): Promise<{ readonly value: Json } | { readonly missing: string }> {
  switch (source.via) {
    case 'literal':
      return { value: source.value };
    case 'path': {
      const outcome = evaluatePath(compilePath(source.path), source.input, source.env);
      if (!outcome.found) return { missing: outcome.reason };
      const rule = FIELD_RULES[field];
      return {
        value: rule.path === 'refers-to-value' ? numericText(outcome.value, rule.value) : outcome.value,
      };
    }
    case 'jsonata':
      return { value: await evaluateJsonataTemplate(source.template, source.states, source.env, field) };
  }
}

function originOf(source: FieldSource): ValueOrigin {
  switch (source.via) {
    case 'literal':
      return { via: 'literal' };
    case 'path':
      return { via: 'path', path: source.path };
    case 'jsonata':
      return { via: 'jsonata', template: source.template };
  }
}

/** Reads a field from its source, failing with AWS's error when the value does not fit the field. */
export async function readField<F extends FieldName>(field: F, source: FieldSource): Promise<FieldValue<F>> {
  const read = await valueOf(source, field);
  if ('missing' in read) {
    throw fieldError(field, originOf(source), { kind: 'missing', reason: read.missing }, null);
  }
  const verdict = check(FIELD_RULES[field].value, read.value);
  if (!verdict.ok) throw fieldError(field, originOf(source), verdict.problem, read.value);
  return verdict.value as FieldValue<F>;
}

/** Reads a field that may be absent (undefined source). */
export async function readOptionalField<F extends FieldName>(
  field: F,
  source: FieldSource | undefined,
): Promise<FieldValue<F> | undefined> {
  return source === undefined ? undefined : readField(field, source);
}

/** A JSONPath state's source for a field: its literal value, else its `...Path`, else none. */
export function jsonPathSource(
  literal: Json | undefined,
  path: string | undefined,
  input: Json,
  env: EvalEnv,
): FieldSource | undefined {
  if (literal !== undefined) return { via: 'literal', value: literal };
  if (path !== undefined) return { via: 'path', path, input, env };
  return undefined;
}

/** A JSONata state's source for a field: an expression (or a template with expressions), else its literal value. */
export function jsonataSource(
  value: Json | undefined,
  states: StatesBinding,
  env: EvalEnv,
): FieldSource | undefined {
  if (value === undefined) return undefined;
  const isExpression = typeof value === 'string' && jsonataExpressionOf(value) !== undefined;
  if (isExpression || Array.isArray(value)) return { via: 'jsonata', template: value, states, env };
  return { via: 'literal', value };
}
