/**
 * A JSONPath state's fields as TypeScript: a simple path in a path field (`ResultPath: $.error`) or under a
 * template's `key.$` (`orderId: $.orderId`) becomes a `$`/`$$` reference, the inverse of `aslFields` in
 * workflows/lib/template.ts, so the code reads as data flow and runs as the same ASL. Anything else (intrinsic
 * functions, variables, wildcards, filters, JSONata) stays the definition's text.
 */
import { type Json } from '../asl/types';
import { literal } from './graph';

/** A path of child names and indexes from `$` or `$$`, which reads back as the same text as property access. */
const SIMPLE_FIELD_PATH = /^\$\$?((\.[A-Za-z_][A-Za-z0-9_]*)|(\[(0|[1-9][0-9]*)\]))*$/;

// The state fields whose value is a path, and those that are payload templates (as aslFields reads them).
const PATH_FIELDS = new Set([
  'InputPath',
  'OutputPath',
  'ResultPath',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'ErrorPath',
  'CausePath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
]);
const TEMPLATE_FIELDS = new Set(['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']);

/** Whether a value is a path the code can write as a reference. */
function simplePath(value: Json | undefined): value is string {
  return typeof value === 'string' && SIMPLE_FIELD_PATH.test(value);
}

/** Which `$` roots a piece of field code uses, so the file imports them. */
export interface RootsUsed {
  add(root: '$' | '$$'): void;
}

/** One field's value as code (`key` at the state's top level, or a catcher's). */
export function fieldCode(key: string, value: Json, roots: RootsUsed): string {
  if (PATH_FIELDS.has(key) && simplePath(value)) return use(value, roots);
  if (TEMPLATE_FIELDS.has(key)) return templateCode(value, roots);
  if (key === 'Catch' && Array.isArray(value))
    return `[${value.map((c) => objectCode(c as Record<string, Json>, (k, v) => fieldCode(k, v, roots))).join(', ')}]`;
  return literal(value);
}

function templateCode(value: Json, roots: RootsUsed): string {
  if (Array.isArray(value)) return `[${value.map((v) => templateCode(v, roots)).join(', ')}]`;
  if (value === null || typeof value !== 'object') return literal(value);
  const parts = Object.entries(value).map(([key, child]) => {
    const bare = key.slice(0, -2);
    // `a.$` becomes `a` only when nothing else could come back as `a.$` or collide with `a`.
    if (key.endsWith('.$') && bare && !bare.endsWith('.$') && !(bare in value) && simplePath(child))
      return `${literal(bare)}: ${use(child, roots)}`;
    return `${literal(key)}: ${templateCode(child, roots)}`;
  });
  return `{ ${parts.join(', ')} }`;
}

function objectCode(value: Record<string, Json>, entry: (key: string, value: Json) => string): string {
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${literal(k)}: ${entry(k, v)}`)
    .join(', ')} }`;
}

/** A reference's code, the path itself (`$.order.id`, `$$.Map.Item.Value`), noting the root it imports. */
function use(path: string, roots: RootsUsed): string {
  roots.add(path.startsWith('$$') ? '$$' : '$');
  return path;
}
