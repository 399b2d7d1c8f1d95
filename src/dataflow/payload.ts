/**
 * JSONPath payload templates: Parameters, ResultSelector, ItemSelector and JSONPath Assign. A key ending in `.$`
 * takes its value from a path (`$.x` the data, `$$.x` the context object, `$name` a variable) or an intrinsic call;
 * every other key is copied as is. Objects nested at any depth, inside arrays too, are templates as well.
 */
import type { Json, JsonObject } from '../asl/types';
import { type IntrinsicCall, looksLikeIntrinsic } from '../asl/expressions/intrinsic-parser';
import type { JsonPath } from '../asl/expressions/path-syntax';
import type { EvalEnv } from './env';
import { runtimeError } from './errors';
import { compileIntrinsic, evaluateIntrinsic } from './intrinsics/evaluate';
import { compilePath, evaluatePath, selectSimple } from './jsonpath';
import { isJsonObject } from './json';
import { pathNotFoundInField } from './payload-messages';

/** Evaluates a payload template against the data (`$`); `field` names the template (`Parameters`) for messages. */
export function evaluatePayloadTemplate(
  template: JsonObject,
  input: Json,
  env: EvalEnv,
  field: string,
): Json {
  return evaluateObject(template, input, env, field);
}

function evaluateValue(value: Json, input: Json, env: EvalEnv, field: string): Json {
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, input, env, field));
  if (isJsonObject(value)) return evaluateObject(value, input, env, field);
  return value;
}

/**
 * One key of a template, read once per template object: its output key, and for a `key.$` its path or intrinsic
 * already compiled (`dynamic` with neither: a value that fails at run time, through {@link evaluateDynamic}).
 */
interface TemplateEntry {
  readonly key: string;
  readonly out: string;
  readonly value: Json;
  readonly dynamic: boolean;
  readonly path?: JsonPath;
  readonly call?: IntrinsicCall;
}

// Keyed by the template object itself (part of the validated definition, never mutated): the keys, the `.$`
// test and the path or intrinsic lookup are done once per definition instead of once per state run.
const compiled = new WeakMap<JsonObject, readonly TemplateEntry[]>();

function compileEntry(key: string, value: Json): TemplateEntry {
  if (!(key.length > 2 && key.endsWith('.$'))) return { key, out: key, value, dynamic: false };
  const out = key.slice(0, -2);
  // Compiling may fail (a syntax error): leave that to evaluation, so the error is thrown when (and as) it was.
  try {
    if (typeof value === 'string') {
      if (looksLikeIntrinsic(value)) return { key, out, value, dynamic: true, call: compileIntrinsic(value) };
      if (value.startsWith('$')) return { key, out, value, dynamic: true, path: compilePath(value) };
    }
  } catch {
    // Falls through to the uncompiled entry.
  }
  return { key, out, value, dynamic: true };
}

function entriesOf(template: JsonObject): readonly TemplateEntry[] {
  let entries = compiled.get(template);
  if (!entries) {
    entries = Object.entries(template).map(([key, value]) => compileEntry(key, value));
    compiled.set(template, entries);
  }
  return entries;
}

function evaluateObject(template: JsonObject, input: Json, env: EvalEnv, field: string): JsonObject {
  const out: JsonObject = {};
  const entries = entriesOf(template);
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i];
    if (!entry.dynamic) {
      const value = entry.value;
      out[entry.key] =
        typeof value === 'object' && value !== null ? evaluateValue(value, input, env, field) : value;
    } else if (entry.call) {
      out[entry.out] = evaluateIntrinsic(entry.call, input, env, entry.key);
    } else if (entry.path) {
      out[entry.out] = evaluateCompiledPath(entry.path, entry.value as string, entry.key, input, env);
    } else {
      out[entry.out] = evaluateDynamic(entry.key, entry.value, input, env, field);
    }
  }
  return out;
}

function evaluateCompiledPath(path: JsonPath, text: string, key: string, input: Json, env: EvalEnv): Json {
  if (path.root.kind === 'input' && input === null && path.segments.length > 0) {
    throw runtimeError('Unable to apply Path transformation to null or empty input.');
  }
  const simple = selectSimple(path, input);
  if (simple !== undefined) return simple;
  const outcome = evaluatePath(path, input, env);
  if (!outcome.found) throw pathNotFoundInField(text, key, input);
  return outcome.value;
}

/** Evaluates one `key.$` value: an intrinsic call or a path. */
export function evaluateDynamic(key: string, value: Json, input: Json, env: EvalEnv, field: string): Json {
  if (typeof value !== 'string') {
    throw runtimeError(
      `The value of the field '${key}' in '${field}' must be a JSONPath or an intrinsic function, but was ${JSON.stringify(value)}`,
    );
  }
  if (looksLikeIntrinsic(value)) return evaluateIntrinsic(compileIntrinsic(value), input, env, key);
  if (!value.startsWith('$')) {
    throw runtimeError(
      `The value of the field '${key}' in '${field}' is neither a JSONPath nor an intrinsic function: '${value}'`,
    );
  }
  return evaluateCompiledPath(compilePath(value), value, key, input, env);
}
