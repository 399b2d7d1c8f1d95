/**
 * References into a Choice state's input, written as property access (`check.input.order.id` for `$.order.id`).
 * Reading a property never touches the data: it extends the path, and the condition helpers resolve it through
 * the Choice's checked accessor, so a path that selects nothing fails as the Choice state does (with AWS's message
 * naming the path) and a property of a string or an array's `length` mean what JSONPath means, not what
 * JavaScript would give.
 */
import { type Json } from '../../src/asl/types';

/** A path into a Choice's input, extended by property access and index; resolve it with the condition helpers. */
export interface Ref {
  readonly [key: string]: Ref;
  readonly [index: number]: Ref;
}

/** What can resolve a path: the Choice state being decided (a template's `$` and `$$` resolve nothing). */
export interface PathReader {
  /** The value the path selects; fails `States.Runtime` as the Choice does when it selects nothing. */
  at(path: string): Json;
  /** Whether the path selects anything. */
  has(path: string): boolean;
}

const refs = new WeakMap<object, { readonly reader?: PathReader; readonly path: string }>();

/** A reference to `path` (a JSONPath of child names and indexes), read through `reader` when it has one. */
export function pathRef(reader: PathReader | undefined, path: string): Ref {
  const ref = new Proxy(Object.create(null) as object, {
    get: (_target, key) =>
      // Symbols are JavaScript's own lookups (inspection, iteration), never a path's segments.
      typeof key === 'symbol'
        ? undefined
        : pathRef(reader, `${path}${/^(0|[1-9]\d*)$/.test(key) ? `[${key}]` : `.${key}`}`),
  }) as Ref;
  refs.set(ref, { reader, path });
  return ref;
}

/** The path a reference stands for, or undefined for a plain value. */
export function refPath(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? refs.get(value)?.path : undefined;
}

/** The value a reference selects (a plain value is itself). */
export function resolve(value: Json | Ref): Json {
  const ref = typeof value === 'object' && value !== null ? refs.get(value) : undefined;
  if (!ref) return value as Json;
  if (!ref.reader) throw new Error(`${ref.path} is a path for a state's field, not a Choice's input`);
  return ref.reader.at(ref.path);
}

/** IsPresent: whether a reference selects anything (a plain value is present unless undefined). */
export function isPresent(value: Json | Ref | undefined): boolean {
  const ref = typeof value === 'object' && value !== null ? refs.get(value) : undefined;
  if (!ref) return value !== undefined;
  if (!ref.reader) throw new Error(`${ref.path} is a path for a state's field, not a Choice's input`);
  return ref.reader.has(ref.path);
}
