/** InputPath, OutputPath and ResultPath, with AWS's defaults and messages. */
import type { Json, JsonObject } from '../asl/types';
import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import { parseReferencePath, type JsonPath } from '../asl/expressions/path-syntax';
import type { EvalEnv } from './env';
import { runtimeError } from './errors';
import { compilePath, evaluatePath, selectSimple } from './jsonpath';
import { isJsonObject, toJsonText } from './json';

/**
 * Reads a path for InputPath, OutputPath and the other `...Path` fields: the value it selects, or `States.Runtime`
 * "Invalid path '<path>' : <Jayway's reason>".
 */
export function readPath(text: string, data: Json, env: EvalEnv): Json {
  const path = compilePath(text);
  const simple = selectSimple(path, data);
  if (simple !== undefined) return simple;
  const outcome = evaluatePath(path, data, env);
  if (!outcome.found) throw runtimeError(`Invalid path '${text}' : ${outcome.reason}`);
  return outcome.value;
}

/** Applies InputPath: absent keeps the input, null gives `{}`, a path selects from the input, `$$` or a variable. */
export function applyInputPath(path: string | null | undefined, input: Json, env: EvalEnv): Json {
  if (path === undefined) return input;
  if (path === null) return {};
  return readPath(path, input, env);
}

/** Applies OutputPath: absent keeps the value, null gives `{}`, a path selects from the value. */
export function applyOutputPath(path: string | null | undefined, value: Json, env: EvalEnv): Json {
  return applyInputPath(path, value, env);
}

const referenceCache = new Map<string, JsonPath>();

function compileReferencePath(text: string): JsonPath {
  let path = referenceCache.get(text);
  if (!path) {
    const parsed = parseReferencePath(text, { allowContext: false, allowVariables: false });
    if (!parsed.ok) throw runtimeError(parsed.error.message);
    path = parsed.path;
    referenceCache.set(text, path);
  }
  return path;
}

/**
 * Applies ResultPath: absent (`$`) replaces the input with the result, null keeps the input, a reference path writes
 * the result into a copy of the input, creating missing objects on the way. Writing through a value that is not an
 * object (or an array index that does not exist) is `States.ResultPathMatchFailure`.
 */
export function applyResultPath(path: string | null | undefined, input: Json, result: Json): Json {
  if (path === null) return input;
  if (path === undefined) return result;
  const { segments } = compileReferencePath(path);
  if (segments.length === 0) return result;
  return writeAt(input, segments, 0, result, input);
}

function writeAt(node: Json, segments: JsonPath['segments'], i: number, result: Json, input: Json): Json {
  if (i === segments.length) return result;
  const segment = segments[i];
  if (segment.kind === 'property') {
    if (!isJsonObject(node)) throw matchFailure(segment.name, input);
    const copy: JsonObject = { ...node };
    const child = Object.prototype.hasOwnProperty.call(node, segment.name) ? node[segment.name] : {};
    copy[segment.name] = writeAt(child, segments, i + 1, result, input);
    return copy;
  }
  if (segment.kind === 'index' && Array.isArray(node)) {
    const index = segment.index < 0 ? node.length + segment.index : segment.index;
    if (index >= 0 && index < node.length) {
      const copy = [...node];
      copy[index] = writeAt(node[index], segments, i + 1, result, input);
      return copy;
    }
  }
  throw matchFailure(segment.kind === 'index' ? String(segment.index) : segment.kind, input);
}

function matchFailure(step: string, input: Json): ExecutionError {
  return new ExecutionError(
    STATES_ERRORS.ResultPathMatchFailure,
    `Unable to apply step "${step}" to input ${toJsonText(input)}`,
  );
}
