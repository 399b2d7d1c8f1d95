/**
 * One generated state of each type, in either query language, with its data flow and (for Task, Parallel and Map)
 * Retry and Catch. `next` is where it goes (undefined: it ends its machine); `nested` builds a sub-machine for a
 * Parallel branch or a Map processor (see machine.ts).
 */
import { type Json, type JsonObject, type SubMachine } from '../../../src/asl/types';
import { HANDLER_ERRORS, HANDLER_NAMES, lambdaArn } from './handlers';
import * as jsonata from './jsonata-fields';
import * as jsonpath from './jsonpath-fields';
import { type CaseBuilder, type Scope } from './scope';

/** Builds a sub-machine in a scope (supplied by machine.ts, which owns the block structure). */
export type NestedBuilder = (scope: Scope) => SubMachine;

/** `Next`, or `End` when there is nowhere to go. */
export function transition(next: string | undefined): JsonObject {
  return next === undefined ? { End: true } : { Next: next };
}

/** The QueryLanguage field a state carries: set when it differs from the machine's, now and then when it does not. */
function languageField(b: CaseBuilder, scope: Scope): JsonObject {
  const differs = scope.lang === 'JSONata' && !scope.jsonataMachine;
  return differs || b.rng.chance(0.1) ? { QueryLanguage: scope.lang } : {};
}

/** The data-flow fields of a state in its scope's language. */
function dataflow(
  b: CaseBuilder,
  scope: Scope,
  kind: 'pass' | 'result' | 'plain',
  assigned: string[],
): JsonObject {
  if (scope.lang === 'JSONPath') return jsonpath.pathFields(b, scope, kind, assigned);
  const out: JsonObject = {};
  const result = kind === 'result';
  const o = jsonata.output(b, scope, result);
  if (o !== undefined && (kind !== 'plain' || b.rng.chance(0.3))) out.Output = o;
  if (b.rng.chance(0.3)) out.Assign = jsonata.assign(b, scope, assigned, result);
  return out;
}

/** A Pass state. */
export function pass(b: CaseBuilder, scope: Scope, next: string | undefined, assigned: string[]): JsonObject {
  return {
    Type: 'Pass',
    ...languageField(b, scope),
    ...dataflow(b, scope, 'pass', assigned),
    ...transition(next),
  };
}

/** A Wait state of a second or three (skipped by both clocks). */
export function wait(b: CaseBuilder, scope: Scope, next: string | undefined, assigned: string[]): JsonObject {
  const seconds: Json = scope.lang === 'JSONata' && b.rng.chance(0.5) ? '{% 1 + 1 %}' : b.rng.int(0, 3);
  return {
    Type: 'Wait',
    ...languageField(b, scope),
    Seconds: seconds,
    ...dataflow(b, scope, 'plain', assigned),
    ...transition(next),
  };
}

/** A Task calling a local handler, or a mocked one (several answers, or one inside a Distributed Map). */
export function task(
  b: CaseBuilder,
  scope: Scope,
  name: string,
  next: string | undefined,
  assigned: string[],
  catchTo: () => string,
): JsonObject {
  const { rng } = b;
  const mocked = rng.chance(0.25);
  const state: JsonObject = {
    Type: 'Task',
    ...languageField(b, scope),
    Resource: lambdaArn(mocked ? 'mocked' : rng.pick(HANDLER_NAMES)),
  };
  if (mocked) {
    const answers = scope.inDistributed ? 1 : rng.int(1, 3);
    b.mocks[name] = Array.from({ length: answers }, () =>
      rng.chance(0.4)
        ? { Throw: { Error: 'Custom.Mock', Cause: 'mocked failure' } }
        : { Return: rng.pick<Json>([{ mocked: true }, [1, 2], 'text', 7, null]) },
    );
  }
  if (scope.lang === 'JSONPath' && rng.chance(0.3)) state.Parameters = jsonpath.template(b, scope);
  if (scope.lang === 'JSONata' && rng.chance(0.3))
    state.Arguments = rng.chance(0.7)
      ? jsonata.expressionObject(b, scope, ['data', 'x'])
      : '{% $states.input %}';
  if (rng.chance(0.1)) state.TimeoutSeconds = 300;
  Object.assign(state, dataflow(b, scope, 'result', assigned), errorHandling(b, scope, catchTo));
  return { ...state, ...transition(next) };
}

/** Retry and Catch: retriers for the handlers' errors, catchers that go on to `catchTo` with the error kept. */
export function errorHandling(b: CaseBuilder, scope: Scope, catchTo: () => string): JsonObject {
  const { rng } = b;
  const names = [
    ...HANDLER_ERRORS,
    'States.ALL',
    'States.TaskFailed',
    'States.BranchFailed',
    'Custom.Failed',
  ];
  const out: JsonObject = {};
  if (rng.chance(0.35)) {
    const all = rng.chance(0.3);
    const retrier: JsonObject = {
      ErrorEquals: all ? ['States.ALL'] : rng.some(names.filter((n) => n !== 'States.ALL')),
      IntervalSeconds: rng.int(1, 3),
      MaxAttempts: rng.int(0, 3),
      BackoffRate: rng.pick([1, 1.5, 2]),
    };
    if (rng.chance(0.3)) retrier.MaxDelaySeconds = 2;
    if (rng.chance(0.3)) retrier.JitterStrategy = 'NONE';
    out.Retry = [retrier];
  }
  if (rng.chance(0.4)) {
    const catcher: JsonObject = {
      ErrorEquals: rng.chance(0.5) ? ['States.ALL'] : rng.some(names.filter((n) => n !== 'States.ALL')),
      Next: catchTo(),
    };
    const key = b.fresh('err');
    if (scope.lang === 'JSONPath') catcher.ResultPath = rng.chance(0.9) ? `$.${key}` : null;
    else catcher.Output = `{% $merge([$states.input, {"${key}": $states.errorOutput}]) %}`;
    out.Catch = [catcher];
  }
  return out;
}

/** A Parallel of 1-3 branches. */
export function parallel(
  b: CaseBuilder,
  scope: Scope,
  nested: NestedBuilder,
  next: string | undefined,
  assigned: string[],
  catchTo: () => string,
): JsonObject {
  const inner: Scope = { ...scope, depth: scope.depth + 1, vars: [...scope.vars] };
  const branches = Array.from({ length: b.rng.int(1, 3) }, () => nested(inner));
  const state: JsonObject = {
    Type: 'Parallel',
    ...languageField(b, scope),
    Branches: branches as unknown as Json,
  };
  if (scope.lang === 'JSONata' && b.rng.chance(0.2)) state.Arguments = { data: '{% $states.input.data %}' };
  Object.assign(state, dataflow(b, scope, 'result', assigned), errorHandling(b, scope, catchTo));
  return { ...state, ...transition(next) };
}

/** A Map over the input's `data.arr`, inline or DISTRIBUTED; each item is wrapped with the input's `data`. */
export function map(
  b: CaseBuilder,
  scope: Scope,
  nested: NestedBuilder,
  next: string | undefined,
  assigned: string[],
  catchTo: () => string,
): JsonObject {
  const { rng } = b;
  const distributed = rng.chance(0.3);
  // A Distributed Map's children cannot read the parent's variables (they are other executions).
  const inner: Scope = {
    ...scope,
    depth: scope.depth + 1,
    inMap: true,
    inDistributed: scope.inDistributed || distributed,
    vars: distributed ? [] : [...scope.vars],
  };
  const processor = nested(inner) as unknown as JsonObject;
  processor.ProcessorConfig = distributed
    ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }
    : { Mode: 'INLINE' };
  const state: JsonObject = { Type: 'Map', ...languageField(b, scope), ItemProcessor: processor };
  if (scope.lang === 'JSONPath') {
    state.ItemsPath = rng.chance(0.9) ? '$.data.arr' : '$.data';
    state.ItemSelector = {
      'data.$': '$.data',
      'item.$': '$$.Map.Item.Value',
      'index.$': '$$.Map.Item.Index',
    };
  } else {
    state.Items = rng.chance(0.9) ? '{% $states.input.data.arr %}' : '{% $states.input.data %}';
    state.ItemSelector = {
      data: '{% $states.input.data %}',
      item: '{% $states.context.Map.Item.Value %}',
      index: '{% $states.context.Map.Item.Index %}',
    };
  }
  if (rng.chance(0.5)) state.MaxConcurrency = rng.int(0, 3);
  if (distributed && rng.chance(0.4)) state.ToleratedFailureCount = rng.int(0, 2);
  if (distributed && rng.chance(0.3)) state.Label = b.fresh('L');
  Object.assign(state, dataflow(b, scope, 'result', assigned), errorHandling(b, scope, catchTo));
  return { ...state, ...transition(next) };
}

/** A Succeed state. */
export function succeed(b: CaseBuilder, scope: Scope): JsonObject {
  const state: JsonObject = { Type: 'Succeed', ...languageField(b, scope) };
  if (scope.lang === 'JSONata' && b.rng.chance(0.3)) state.Output = jsonata.expression(b, scope);
  if (scope.lang === 'JSONPath' && b.rng.chance(0.2)) state.OutputPath = '$.data';
  return state;
}

/** A Fail state with a literal, path or JSONata error and cause. */
export function fail(b: CaseBuilder, scope: Scope): JsonObject {
  const { rng } = b;
  const state: JsonObject = { Type: 'Fail', ...languageField(b, scope) };
  if (scope.lang === 'JSONata') {
    state.Error = rng.chance(0.5) ? 'Custom.Failed' : '{% "Custom." & "Jsonata" %}';
    if (rng.chance(0.7)) state.Cause = rng.chance(0.5) ? 'it failed' : '{% $string($states.input.data.n) %}';
  } else if (rng.chance(0.2)) {
    state.ErrorPath = "States.Format('Custom.{}', $.data.s)";
    state.CausePath = '$.data.s';
  } else {
    state.Error = 'Custom.Failed';
    if (rng.chance(0.7)) state.Cause = 'it failed';
  }
  return state;
}
