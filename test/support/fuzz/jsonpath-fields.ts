/**
 * JSONPath data flow for generated states: paths, `.$` templates with intrinsic functions and variables, and the
 * InputPath/Parameters/ResultSelector/ResultPath/OutputPath/Assign fields. Most choices keep a state's output an
 * object with the input's `data`, so later states have something to read; a few ("wild") ones break that on
 * purpose, and the run must then fail with an ASL error, never crash.
 */
import { type Json, type JsonObject } from '../../../src/asl/types';
import { type CaseBuilder, type Scope } from './scope';

const SAFE_PATHS = ['$', '$.data', '$.data.n', '$.data.s', '$.data.arr', '$.data.flag', '$$.State.Name'];
const WILD_PATHS = ['$.data.nope', '$.data.arr[0]', '$.nope.deeper', '$.data.s.x'];

/** Intrinsic calls over the generated input's fields (none random: both runtimes must agree). */
const INTRINSICS = [
  "States.Format('{} is {}', $.data.s, $.data.n)",
  'States.MathAdd($.data.n, 3)',
  'States.ArrayLength($.data.arr)',
  'States.Array($.data.n, $.data.s, $.data.flag)',
  'States.JsonToString($.data)',
  'States.StringToJson(\'{"a":[1,2]}\')',
  'States.ArrayContains($.data.arr, $.data.n)',
  'States.ArrayRange(1, 9, 2)',
  'States.ArrayPartition($.data.arr, 2)',
  'States.ArrayUnique($.data.arr)',
  'States.ArrayGetItem($.data.arr, 0)',
  'States.Base64Encode($.data.s)',
  "States.Base64Decode('aGVsbG8=')",
  "States.Hash($.data.s, 'SHA-256')",
  "States.StringSplit('a,b,,c', ',')",
  'States.JsonMerge($.data, $.data, false)',
  'States.MathAdd(States.ArrayLength($.data.arr), $.data.n)',
];

const CONSTANTS: Json[] = [1, 'x', true, null, [1, 2], { k: 'v' }, -2.5, ''];

/** One template entry: a constant, or a `.$` key with a path, an intrinsic or a variable. */
function templateEntry(b: CaseBuilder, scope: Scope, key: string): [string, Json] {
  const { rng } = b;
  const roll = rng.next();
  if (roll < 0.2) return [key, rng.pick(CONSTANTS)];
  if (roll < 0.5) return [`${key}.$`, rng.chance(0.9) ? rng.pick(SAFE_PATHS) : rng.pick(WILD_PATHS)];
  if (roll < 0.8) return [`${key}.$`, rng.pick(INTRINSICS)];
  if (roll < 0.9 && scope.inMap) return [`${key}.$`, rng.pick(['$$.Map.Item.Index', '$$.Map.Item.Value'])];
  if (scope.vars.length > 0) return [`${key}.$`, `$${rng.pick(scope.vars)}`];
  return [key, { nested: rng.pick(CONSTANTS) }];
}

/** A payload template of 1-3 entries. */
export function template(b: CaseBuilder, scope: Scope): JsonObject {
  const out: JsonObject = {};
  const n = b.rng.int(1, 3);
  for (let i = 0; i < n; i += 1) {
    const [key, value] = templateEntry(b, scope, `k${i}`);
    out[key] = value;
  }
  return out;
}

/** An Assign block of fresh variables, which later states may read. */
export function assign(b: CaseBuilder, scope: Scope, assigned: string[]): JsonObject {
  const out: JsonObject = {};
  const n = b.rng.int(1, 2);
  for (let i = 0; i < n; i += 1) {
    const name = b.fresh('v');
    const [key, value] = templateEntry(b, scope, name);
    out[key] = value;
    assigned.push(name);
  }
  return out;
}

/** InputPath, OutputPath and (for states with a result) ResultPath and ResultSelector. */
export function pathFields(
  b: CaseBuilder,
  scope: Scope,
  kind: 'pass' | 'result' | 'plain',
  assigned: string[],
): JsonObject {
  const { rng } = b;
  const out: JsonObject = {};
  if (rng.chance(0.2)) out.InputPath = rng.chance(0.8) ? rng.pick(['$', '$.data']) : rng.pick(WILD_PATHS);
  if (kind !== 'plain') {
    // A keyed ResultPath keeps the raw input (and its `data`) in the output; `null` drops the result.
    const resultPath = rng.chance(0.85) ? `$.${b.fresh('r')}` : rng.pick([null, '$', '$.data.n']);
    out.ResultPath = resultPath;
    if (kind === 'pass' && rng.chance(0.4)) out.Parameters = template(b, scope);
    else if (kind === 'pass' && rng.chance(0.3)) out.Result = rng.pick(CONSTANTS);
  }
  if (kind === 'result' && rng.chance(0.3)) {
    out.ResultSelector = rng.chance(0.5) ? { 'all.$': '$', fixed: 1 } : template(b, scope);
  }
  if (rng.chance(0.15)) out.OutputPath = rng.chance(0.7) ? '$' : '$.data';
  if (rng.chance(0.3)) out.Assign = assign(b, scope, assigned);
  return out;
}

/** A JSONPath Choice condition over the generated input (And/Or/Not nest up to `depth`). */
export function condition(b: CaseBuilder, scope: Scope, depth = 2): JsonObject {
  const { rng } = b;
  const roll = rng.next();
  if (depth > 0 && roll < 0.1)
    return { And: [condition(b, scope, depth - 1), condition(b, scope, depth - 1)] };
  if (depth > 0 && roll < 0.2)
    return { Or: [condition(b, scope, depth - 1), condition(b, scope, depth - 1)] };
  if (depth > 0 && roll < 0.25) return { Not: condition(b, scope, depth - 1) };
  return rng.pick<JsonObject>([
    { Variable: '$.data.n', NumericGreaterThan: rng.int(-2, 8) },
    { Variable: '$.data.n', NumericLessThanEquals: rng.int(-2, 8) },
    { Variable: '$.data.n', NumericEqualsPath: '$.data.n' },
    { Variable: '$.data.flag', BooleanEquals: rng.chance(0.5) },
    { Variable: '$.data.s', StringEquals: 'hello' },
    { Variable: '$.data.s', StringMatches: 'h*o' },
    { Variable: '$.data.s', StringLessThan: 'm' },
    { Variable: '$.data.nope', IsPresent: rng.chance(0.5) },
    { Variable: '$.data.arr', IsNull: false },
    { Variable: '$.data.s', IsString: true },
    { Variable: '$.data.n', IsNumeric: true },
    // Compares a string with a number: the condition is false, not an error.
    { Variable: '$.data.s', NumericEquals: 1 },
  ]);
}
