/**
 * State fields written as code: `Parameters: { orderId: $.orderId, status: 'PENDING' }` for ASL's
 * `{ "orderId.$": "$.orderId", "status": "PENDING" }`, and `ResultPath: $.error` for `"ResultPath": "$.error"`.
 * `$` (the field's own JSONPath root: the state input, or the result where ASL says so) and `$$` (the context
 * object) are references; {@link aslFields} turns them back into the definition's text before the state's
 * executor runs, so what runs is exactly the ASL the code stands for.
 */
import { type Json, type JsonObject } from '../../src/asl/types';
import { pathRef, type Ref, refPath } from './path-ref';

/** `$` of a JSONPath field: `$.order.id` in a template or a path field. */
export const $: Ref = pathRef(undefined, '$');

/** `$$`, the context object: `$$.Execution.Id`, `$$.Map.Item.Value`. */
export const $$: Ref = pathRef(undefined, '$$');

/** A field's value in code: JSON, or a reference where the definition has a path. */
export type Template = Json | Ref | readonly Template[] | { readonly [key: string]: Template };

/** A state's fields as the code writes them. */
export type StateFields = { readonly [key: string]: Template };

// Fields whose value is a payload template: a reference under `key` stands for `"key.$": path`.
const TEMPLATE_FIELDS = new Set(['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']);

/** The definition's fields for `fields`: references become path strings, under `key.$` inside templates. */
export function aslFields(fields: StateFields): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) {
    const path = refPath(value);
    if (path !== undefined) out[key] = path;
    else if (TEMPLATE_FIELDS.has(key)) out[key] = template(value);
    else if (key === 'Catch' && Array.isArray(value))
      out[key] = value.map((c) => aslFields(c as StateFields));
    else out[key] = value as Json;
  }
  return out;
}

function template(value: Template): Json {
  if (Array.isArray(value)) return value.map((v: Template) => template(v));
  if (value === null || typeof value !== 'object') return value as Json;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value as { readonly [key: string]: Template })) {
    const path = refPath(child);
    if (path !== undefined) out[`${key}.$`] = path;
    else out[key] = template(child);
  }
  return out;
}
