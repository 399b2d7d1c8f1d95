/**
 * JSONata data flow for generated states: `{% %}` expressions over `$states.input`, `$states.result`, the context
 * and variables, in Arguments, Output, Assign and Choice conditions. As in the JSONPath generator, most outputs
 * keep the input's `data`; a few expressions fail on purpose (undefined results, type errors).
 */
import { type Json, type JsonObject } from '../../../src/asl/types';
import { type CaseBuilder, type Scope } from './scope';

const SAFE = [
  '$states.input.data.n + 1',
  '$states.input.data.n * 2',
  '$uppercase($states.input.data.s)',
  '$count($states.input.data.arr)',
  '$sum($states.input.data.arr)',
  '$string($states.input.data.flag)',
  '$states.input.data',
  '$map($states.input.data.arr, function($v) { $v * 2 })',
  '$states.context.State.Name',
  '$states.input.data.s & "-" & $string($states.input.data.n)',
  '$exists($states.input.data.nope)',
  '{"k": $states.input.data.n, "a": [1, 2]}',
  '$partition($states.input.data.arr, 2)',
  '$range(0, 6, 2)',
  "$hash($states.input.data.s, 'SHA-1')",
  '$parse(\'{"p": true}\')',
  '$states.input.data.flag ? "yes" : "no"',
  '$filter($states.input.data.arr, function($v) { $v > 1 })',
];
const WILD = [
  '$states.input.data.nope',
  '$number($states.input.data.s)',
  '$states.input.data.n / 0',
  '$states.input.data.s + 1',
];

/** A JSONata expression string (with `{% %}`), reading variables and the Map item where they exist. */
export function expression(b: CaseBuilder, scope: Scope): string {
  const { rng } = b;
  const roll = rng.next();
  let body: string;
  if (roll < 0.1 && scope.vars.length > 0) body = `$${rng.pick(scope.vars)}`;
  else if (roll < 0.18 && scope.inMap)
    body = rng.pick(['$states.context.Map.Item.Index', '$states.context.Map.Item.Value']);
  else if (roll < 0.92) body = rng.pick(SAFE);
  else body = rng.pick(WILD);
  return `{% ${body} %}`;
}

/** An object whose values are expressions or constants (Arguments, Assign values, a Pass's Output entry). */
export function expressionObject(b: CaseBuilder, scope: Scope, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys)
    out[key] = b.rng.chance(0.8) ? expression(b, scope) : b.rng.pick<Json>([1, 'c', null, [true]]);
  return out;
}

/** An Assign block of fresh variables. */
export function assign(b: CaseBuilder, scope: Scope, assigned: string[], result: boolean): JsonObject {
  const names = [b.fresh('v')];
  if (b.rng.chance(0.3)) names.push(b.fresh('v'));
  const out = expressionObject(b, scope, names);
  if (result && b.rng.chance(0.5)) out[names[0]] = '{% $states.result %}';
  assigned.push(...names);
  return out;
}

/**
 * The Output of a state: usually the input with the result (or a computed value) merged under a fresh key, so the
 * input's `data` carries on; sometimes the bare result, or nothing (the state's default output).
 */
export function output(b: CaseBuilder, scope: Scope, result: boolean): Json | undefined {
  const { rng } = b;
  const key = b.fresh('r');
  const value = result && rng.chance(0.7) ? '$states.result' : expression(b, scope).slice(3, -3);
  const roll = rng.next();
  if (roll < 0.75) return `{% $merge([$states.input, {"${key}": ${value}}]) %}`;
  if (roll < 0.85) return { data: '{% $states.input.data %}', [key]: `{% ${value} %}` };
  return undefined;
}

/** A JSONata Choice condition. */
export function condition(b: CaseBuilder, scope: Scope): string {
  const { rng } = b;
  const base = rng.pick([
    `$states.input.data.n > ${rng.int(-2, 8)}`,
    '$states.input.data.flag',
    '$states.input.data.s = "hello"',
    '$count($states.input.data.arr) > 1',
    '$exists($states.input.data.nope)',
    '$contains($states.input.data.s, "l")',
  ]);
  if (scope.vars.length > 0 && rng.chance(0.1)) return `{% $exists($${rng.pick(scope.vars)}) %}`;
  return `{% ${rng.chance(0.2) ? `$not(${base})` : base} %}`;
}
