/**
 * A cheap upper bound on a value's payload size (the UTF-8 bytes of its JSON text), so the 256 KiB checks can say
 * "under the quota" without building the JSON text. Measuring exactly (JSON.stringify, then counting UTF-8 bytes)
 * was most of a Task pipeline's run time on the local runtime: three checks per Task of a few hundred bytes each.
 * The bound only ever answers "at most this many bytes"; a value it cannot bound (a toJSON, a non-plain object,
 * a cycle, a BigInt) or whose bound passes the limit is measured exactly, so every verdict stays the same.
 */
import type { Json } from '../asl/types';

// Per UTF-16 code unit, JSON text takes at most 6 bytes (`\u001f`, or `\udc00` for a lone surrogate); an escaped
// quote or backslash 2, any other character at most 3 bytes of UTF-8 (a surrogate pair 4 for its two units).
const BYTES_PER_UNIT = 6;
// The longest text JSON.stringify gives a number: `-2.2250738585072014e-308` has 24 characters.
const NUMBER_BYTES = 25;
// Deeper than this, the value is measured exactly (which also reports a cycle as JSON.stringify does).
const MAX_DEPTH = 64;

/** Thrown inside the walk when the value cannot be bounded, or the bound has passed the limit. */
const UNBOUNDED = -1;

/**
 * At most how many bytes `value`'s JSON text takes, or `Infinity` when that is not known to be within `limit`
 * (then measure it exactly). Walks at most until the running bound passes `limit`.
 */
export function payloadSizeBound(value: Json, limit: number): number {
  if (value === undefined) return Infinity;
  const total = bound(value, 0, 0, limit);
  return total === UNBOUNDED || total > limit ? Infinity : total;
}

/** The running bound after `value` (`sum` before it), or UNBOUNDED. */
function bound(value: unknown, sum: number, depth: number, limit: number): number {
  if (sum > limit) return UNBOUNDED;
  switch (typeof value) {
    case 'string':
      return sum + 2 + BYTES_PER_UNIT * value.length;
    case 'number':
      return sum + NUMBER_BYTES;
    case 'boolean':
      return sum + 5;
    // Dropped from objects, `null` in arrays: at most 4 bytes either way.
    case 'undefined':
    case 'function':
    case 'symbol':
      return sum + 4;
    case 'object':
      return value === null ? sum + 4 : boundObject(value as object, sum, depth, limit);
    default:
      // bigint: JSON.stringify throws, and the exact measure must be the one to throw it.
      return UNBOUNDED;
  }
}

function boundObject(value: object, sum: number, depth: number, limit: number): number {
  if (depth >= MAX_DEPTH) return UNBOUNDED;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNBOUNDED;
  let total = sum + 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      total = member(value[i], total + 1, depth, limit);
      if (total === UNBOUNDED) return UNBOUNDED;
    }
    return total;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNBOUNDED;
  const record = value as Record<string, unknown>;
  // for-in also visits inherited enumerable keys, which JSON.stringify skips: counting them only raises the bound.
  for (const key in record) {
    total = member(record[key], total + 4 + BYTES_PER_UNIT * key.length, depth, limit);
    if (total === UNBOUNDED) return UNBOUNDED;
  }
  return total;
}

/** {@link bound} for a member of an object or array at `depth`, the common leaves counted without a call. */
function member(value: unknown, sum: number, depth: number, limit: number): number {
  if (typeof value === 'string') return sum + 2 + BYTES_PER_UNIT * value.length;
  if (typeof value === 'number') return sum + NUMBER_BYTES;
  return bound(value, sum, depth + 1, limit);
}
