/** Small helpers over JSON values shared by the evaluators. */
import type { Json, JsonObject } from '../asl/types';

/** The JSON type names AWS uses in messages. */
export type JsonTypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** The JSON type of a value. */
export function jsonType(value: Json): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values: key order never matters, numbers compare by value. */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEquals(item, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEquals(a[k], b[k]))
    );
  }
  return false;
}

/** Whether an object has its own key (never inherited ones such as `constructor`). */
export function hasKey(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A compact JSON text, as AWS prints values inside its messages. */
export function toJsonText(value: Json): string {
  return JSON.stringify(value);
}

/**
 * A value as Java's `toString` renders it (AWS's engine is Java): strings bare, objects `{a=1, b=[x, y]}`. Used by
 * `States.Format` and by messages that quote a model object.
 */
export function toJavaString(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(toJavaString).join(', ')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${toJavaString(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'number') return javaNumber(value);
  return String(value);
}

/** Java's rendering of a number: integers plainly, others with Java's exponent style (`1.0E-7`). */
function javaNumber(n: number): string {
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const mantissa = text.slice(0, e);
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${text.slice(e + 1).replace('+', '')}`;
}

/** The Java class Jayway reports for a model value in its messages. */
export function javaClassName(value: Json): string {
  switch (jsonType(value)) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
    case 'string':
      return 'java.lang.String';
    case 'array':
      return 'net.minidev.json.JSONArray';
    case 'object':
      return 'net.minidev.json.JSONObject';
  }
}

/** The number of bytes of a string encoded as UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * What makes a value unfit to be an execution's input although JS holds it: nesting deeper than `limit` (the
 * recursive helpers here and `JSON.stringify` overflow the stack some thousands of levels down), or a number
 * JSON cannot carry (`JSON.parse('1e400')` is Infinity). Found in one walk, without recursion.
 */
export function unfitJson(value: Json, limit: number): 'too-deep' | 'non-finite' | undefined {
  // Two parallel stacks rather than an entry object and a values array per node: runLocally walks every input.
  const values: Json[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const node = values.pop() as Json;
    const depth = depths.pop() as number;
    if (typeof node === 'number' && !Number.isFinite(node)) return 'non-finite';
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limit) return 'too-deep';
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        values.push(node[i]);
        depths.push(depth + 1);
      }
    } else {
      // Own keys in Object.values' order, so problems are found in the same order as before.
      for (const key in node) {
        if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
        values.push(node[key]);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}
