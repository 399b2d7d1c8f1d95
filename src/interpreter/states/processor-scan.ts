import { type Json } from '../../asl/types';

/** A JSONPath/JSONata member name right after a dot, as in `.Execution`. */
const MEMBER = /^\.([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * Whether the text after a reference's root names, member by member, one of `safe` at the first step or, through
 * `outer`, anything but `inner` at the second: `.Map...` and `.Execution.Name` are safe, `.Execution.Input`,
 * `.Execution` alone, `[...]`, `..`, `.*` or the bare root are not (they can reach the execution input).
 */
function avoidsInput(rest: string, path: readonly string[]): boolean {
  let text = rest;
  for (const [depth, step] of path.entries()) {
    const member = MEMBER.exec(text);
    if (!member) return false;
    if (member[1] !== step) return true;
    // The last step (`Input`) reached: the reference reads the input.
    if (depth === path.length - 1) return false;
    text = text.slice(member[0].length);
  }
  return false;
}

/** Whether one string of a definition may read the execution input through `$$` or `$states.context`. */
function stringReadsInput(text: string): boolean {
  if (text.includes('$eval')) return true;
  for (let i = text.indexOf('$$'); i >= 0; i = text.indexOf('$$', i + 2))
    if (!avoidsInput(text.slice(i + 2), ['Execution', 'Input'])) return true;
  for (let i = text.indexOf('$states'); i >= 0; i = text.indexOf('$states', i + 7)) {
    const rest = text.slice(i + 7);
    const member = MEMBER.exec(rest);
    // `$states.input`, `.result`, `.errorOutput`: never the context; `$states` alone or indexed may be.
    if (!member) return true;
    if (member[1] === 'context' && !avoidsInput(rest.slice(member[0].length), ['Execution', 'Input']))
      return true;
  }
  return false;
}

function jsonReadsInput(value: Json): boolean {
  if (typeof value === 'string') return stringReadsInput(value);
  if (Array.isArray(value)) return value.some(jsonReadsInput);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([key, v]) => stringReadsInput(key) || jsonReadsInput(v as Json));
  return false;
}

const readsInputCache = new WeakMap<object, boolean>();

/**
 * Whether anything in an item processor (any nested state, JSONPath `$$` paths, intrinsic arguments, `.$` templates,
 * JSONata `$states.context`) could read `$$.Execution.Input`: a conservative scan of every string in the definition.
 * A reference to `$$`, `$$.Execution` or `$states.context` as a whole, any `[...]`, `..` or wildcard step on them,
 * and any JSONata `$eval` count as reading it; only named members other than `Execution.Input` do not.
 */
export function processorReadsExecutionInput(processor: object): boolean {
  // A processor without states is code (an exported workflow's batch function), which may read anything.
  const states = (processor as { States?: object }).States;
  if (states && Object.keys(states).length === 0) return true;
  const known = readsInputCache.get(processor);
  if (known !== undefined) return known;
  const reads = jsonReadsInput(processor as Json);
  readsInputCache.set(processor, reads);
  return reads;
}

/** Every state name in a processor, nested Parallel branches and Map processors included (mocks are keyed by them). */
export function stateNamesOf(processor: Json, names: Set<string> = new Set()): Set<string> {
  if (processor === null || typeof processor !== 'object' || Array.isArray(processor)) return names;
  const states = processor.States;
  if (states === null || typeof states !== 'object' || Array.isArray(states)) return names;
  for (const [name, state] of Object.entries(states)) {
    names.add(name);
    if (state === null || typeof state !== 'object' || Array.isArray(state)) continue;
    const { Branches, ItemProcessor, Iterator } = state as Record<string, Json>;
    if (Array.isArray(Branches)) for (const branch of Branches) stateNamesOf(branch, names);
    if (ItemProcessor !== undefined) stateNamesOf(ItemProcessor, names);
    if (Iterator !== undefined) stateNamesOf(Iterator, names);
  }
  return names;
}
