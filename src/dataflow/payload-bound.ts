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

/** Returned inside the walk when the value cannot be bounded, or the bound has passed the limit. */
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

// The members' common kinds (strings, numbers, nested objects) are counted in the loops rather than through a
// call to `bound` per member: the walk visits every node of the three values each Task checks (some 10% faster).
function boundObject(value: object, sum: number, depth: number, limit: number): number {
  if (sum > limit || depth >= MAX_DEPTH) return UNBOUNDED;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNBOUNDED;
  let total = sum + 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      // `total + 1` below: the comma (one too many, which only raises the bound).
      if (typeof item === 'string') total += 3 + BYTES_PER_UNIT * item.length;
      else if (typeof item === 'number') total += 1 + NUMBER_BYTES;
      else {
        total =
          typeof item === 'object' && item !== null
            ? boundObject(item, total + 1, depth + 1, limit)
            : bound(item, total + 1, depth + 1, limit);
        if (total === UNBOUNDED) return UNBOUNDED;
      }
      if (total > limit) return UNBOUNDED;
    }
    return total;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNBOUNDED;
  const record = value as Record<string, unknown>;
  // for-in also visits inherited enumerable keys, which JSON.stringify skips: counting them only raises the bound.
  for (const key in record) {
    const member = record[key];
    // The key's quotes, colon and comma, then the value.
    total += 4 + BYTES_PER_UNIT * key.length;
    if (typeof member === 'string') total += 2 + BYTES_PER_UNIT * member.length;
    else if (typeof member === 'number') total += NUMBER_BYTES;
    else {
      total =
        typeof member === 'object' && member !== null
          ? boundObject(member, total, depth + 1, limit)
          : bound(member, total, depth + 1, limit);
      if (total === UNBOUNDED) return UNBOUNDED;
    }
    if (total > limit) return UNBOUNDED;
  }
  return total;
}

/** What {@link inputSizeBound} answers when the one walk cannot decide (then check the input step by step). */
export const UNDECIDED = -1;

/**
 * For an execution's input, the two checks StartExecution makes in one walk: the input is fit to be JSON (no
 * container nested `maxDepth` or more levels deep, only finite numbers) and its bound is within `limit`. Returns
 * that bound, or {@link UNDECIDED} when either is not known to hold (an unfit or large input, a toJSON, a
 * non-plain object): the caller then runs the exact checks, so every verdict and its order stay as they were.
 */
export function inputSizeBound(value: Json, maxDepth: number, limit: number): number {
  // No input at all is left to the exact checks (which throw on it as they did).
  if (value === undefined) return UNDECIDED;
  // The root as a member at depth -1, so a root container is at depth 0 as in unfitJson.
  const total = fitMember(value, 0, -1, maxDepth, limit);
  return total > limit ? UNDECIDED : total;
}

/** {@link boundObject} that also checks fitness; UNDECIDED (-1) as soon as anything is in doubt. */
function fitObject(value: object, sum: number, depth: number, maxDepth: number, limit: number): number {
  if (sum > limit || depth >= maxDepth) return UNDECIDED;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNDECIDED;
  let total = sum + 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      total = fitMember(value[i], total + 1, depth, maxDepth, limit);
      if (total === UNDECIDED || total > limit) return UNDECIDED;
    }
    return total;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNDECIDED;
  const record = value as Record<string, unknown>;
  // Inherited enumerable keys are visited too: checking more values than unfitJson does can only say "undecided".
  for (const key in record) {
    total = fitMember(record[key], total + 4 + BYTES_PER_UNIT * key.length, depth, maxDepth, limit);
    if (total === UNDECIDED || total > limit) return UNDECIDED;
  }
  return total;
}

/** The running bound after one member (`sum` before it), or UNDECIDED. */
function fitMember(member: unknown, sum: number, depth: number, maxDepth: number, limit: number): number {
  switch (typeof member) {
    case 'string':
      return sum + 2 + BYTES_PER_UNIT * member.length;
    case 'number':
      return Number.isFinite(member) ? sum + NUMBER_BYTES : UNDECIDED;
    case 'boolean':
      return sum + 5;
    case 'object':
      return member === null ? sum + 4 : fitObject(member, sum, depth + 1, maxDepth, limit);
    case 'undefined':
      return sum + 4;
    default:
      // Functions, symbols and BigInts: left to the step-by-step checks.
      return UNDECIDED;
  }
}
