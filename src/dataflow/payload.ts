/**
 * JSONPath payload templates: Parameters, ResultSelector, ItemSelector and JSONPath Assign. A key ending in `.$`
 * takes its value from a path (`$.x` the data, `$$.x` the context object, `$name` a variable) or an intrinsic call;
 * every other key is copied as is. Objects nested at any depth, inside arrays too, are templates as well.
 */
import type { Json, JsonObject } from '../asl/types';
import { looksLikeIntrinsic } from '../asl/expressions/intrinsic-parser';
import type { EvalEnv } from './env';
import { runtimeError } from './errors';
import { compileIntrinsic, evaluateIntrinsic } from './intrinsics/evaluate';
import { compilePath, evaluatePath } from './jsonpath';
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

function evaluateObject(template: JsonObject, input: Json, env: EvalEnv, field: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.length > 2 && key.endsWith('.$')) {
      out[key.slice(0, -2)] = evaluateDynamic(key, value, input, env, field);
    } else {
      out[key] = evaluateValue(value, input, env, field);
    }
  }
  return out;
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
  const path = compilePath(value);
  if (path.root.kind === 'input' && input === null && path.segments.length > 0) {
    throw runtimeError('Unable to apply Path transformation to null or empty input.');
  }
  const outcome = evaluatePath(path, input, env);
  if (!outcome.found) throw pathNotFoundInField(value, key, input);
  return outcome.value;
}
