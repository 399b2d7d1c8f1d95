/**
 * Size bounds carried from one state to the next, so the 256 KiB checks need not walk a value whose bound follows
 * from values already walked. A state's input was measured as the state before's output; a JSONPath Task's
 * Parameters, result placement and OutputPath only select subtrees, add keys and copy constants, so their sizes are
 * bounded by the input's and the result's bounds plus what the definition adds. Every function answers "at most
 * this many bytes" or `undefined` (not known: then the value is measured as before), so no verdict changes.
 */
import type { Json, JsonObject } from '../asl/types';
import { looksLikeIntrinsic } from '../asl/expressions/intrinsic-parser';
import type { JsonPath } from '../asl/expressions/path-syntax';
import { compilePath } from './jsonpath';
import { isJsonObject } from './json';
import { MAX_PAYLOAD_BYTES, payloadSize } from './limits';
import { payloadSizeBound } from './payload-bound';

// As in payload-bound: a key takes its quotes, colon and comma, and at most 6 bytes per UTF-16 unit.
const BYTES_PER_UNIT = 6;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** What a template adds to the data it selects: constant bytes and how many subtrees of the data it copies. */
interface TemplateShape {
  readonly constant: number;
  readonly references: number;
}

// Keyed by the template object of the validated definition (never mutated); `null`: a template that reads more
// than subtrees of its data (intrinsics, `$$`, variables, wildcards and filters), whose result is measured.
const shapes = new WeakMap<JsonObject, TemplateShape | null>();

// Per path text: for a path of names and indexes from `$`, the bytes placing a value there may add (its keys and
// the empty objects on the way); `null` for any other path (or one that does not compile).
const subtreePaths = new Map<string, number | null>();

function placementCost(text: string): number | null {
  let cost = subtreePaths.get(text);
  if (cost !== undefined) return cost;
  cost = null;
  let path: JsonPath | undefined;
  try {
    path = compilePath(text);
  } catch {
    path = undefined;
  }
  if (path && path.root.kind === 'input' && path.definite) {
    let added = 0;
    for (const segment of path.segments) {
      if (segment.kind === 'property') added += 6 + BYTES_PER_UNIT * segment.name.length;
      else if (segment.kind !== 'index') {
        added = -1;
        break;
      }
    }
    cost = added < 0 ? null : added;
  }
  subtreePaths.set(text, cost);
  return cost;
}

/** Whether a path text selects one subtree of the data (`$`, `$.a.b`, `$.a[0]`): its value is within the data's bound. */
function isSubtreePath(text: string): boolean {
  return placementCost(text) !== null;
}

function shapeOfValue(value: Json): TemplateShape | null {
  if (Array.isArray(value)) {
    let constant = 2;
    let references = 0;
    for (const item of value) {
      const shape = shapeOfValue(item);
      if (shape === null) return null;
      constant += shape.constant + 1;
      references += shape.references;
    }
    return { constant, references };
  }
  if (isJsonObject(value)) return shapeOfTemplate(value);
  const bound = payloadSizeBound(value, NO_LIMIT);
  return bound === Infinity ? null : { constant: bound, references: 0 };
}

function shapeOfTemplate(template: JsonObject): TemplateShape | null {
  const known = shapes.get(template);
  if (known !== undefined) return known;
  let constant = 2;
  let references = 0;
  let shape: TemplateShape | null = null;
  let readable = true;
  for (const key of Object.keys(template)) {
    const value = template[key];
    constant += 4 + BYTES_PER_UNIT * key.length;
    if (key.length > 2 && key.endsWith('.$')) {
      if (typeof value !== 'string' || looksLikeIntrinsic(value) || !isSubtreePath(value)) {
        readable = false;
        break;
      }
      references += 1;
    } else {
      const inner = shapeOfValue(value);
      if (inner === null) {
        readable = false;
        break;
      }
      constant += inner.constant;
      references += inner.references;
    }
  }
  if (readable) shape = { constant, references };
  shapes.set(template, shape);
  return shape;
}

/** At most how many bytes a JSONPath payload template gives from data of at most `dataBound` bytes. */
export function templateBound(template: JsonObject, dataBound: number | undefined): number | undefined {
  if (dataBound === undefined) return undefined;
  const shape = shapeOfTemplate(template);
  return shape === null ? undefined : shape.constant + shape.references * dataBound;
}

/** At most how many bytes InputPath or OutputPath selects from a value of at most `bound` bytes. */
export function selectedBound(
  path: string | null | undefined,
  bound: number | undefined,
): number | undefined {
  if (path === undefined) return bound;
  if (path === null) return 2;
  return bound !== undefined && isSubtreePath(path) ? bound : undefined;
}

/**
 * At most how many bytes ResultPath gives when it places a result of at most `resultBound` bytes into an input of
 * at most `inputBound`: the result replaces a member or is added with the keys (and empty objects) on its way.
 */
export function placedBound(
  path: string | null | undefined,
  inputBound: number | undefined,
  resultBound: number | undefined,
): number | undefined {
  if (path === null) return inputBound;
  if (path === undefined || path === '$' || resultBound === undefined) return resultBound;
  const added = inputBound === undefined ? null : placementCost(path);
  return added === null || inputBound === undefined ? undefined : inputBound + resultBound + added;
}

/**
 * At most how many bytes `value`'s JSON text takes: its cheap bound when that is within the payload quota, else its
 * exact size (so a value over the quota is always measured exactly before it fails).
 */
export function measuredSize(value: Json): number {
  const bound = payloadSizeBound(value, MAX_PAYLOAD_BYTES);
  return bound !== Infinity ? bound : payloadSize(value);
}
