/**
 * Whole generated machines. A (sub-)machine is a chain of blocks, each a state or a small pattern (a Choice with a
 * branch, a loop); a block only ever jumps forward (Next, Choice, Catch) except a loop's bounded back edge, whose
 * counter is a variable of its own, so every generated execution terminates.
 */
import {
  type JsonObject,
  type QueryLanguage,
  type StateMachine,
  type SubMachine,
} from '../../../src/asl/types';
import * as jsonata from './jsonata-fields';
import * as jsonpath from './jsonpath-fields';
import { Rng } from './rng';
import { type CaseBuilder, type Scope } from './scope';
import * as states from './states';

/** Nesting depth below which Parallel and Map may still appear. */
const MAX_DEPTH = 3;

type Block = 'pass' | 'task' | 'wait' | 'choice' | 'loop' | 'parallel' | 'map' | 'succeed' | 'fail';

function pickBlock(b: CaseBuilder, scope: Scope, last: boolean): Block {
  const nesting: Block[] = scope.depth < MAX_DEPTH ? ['parallel', 'map', 'parallel', 'map'] : [];
  const terminal: Block[] = last ? ['succeed', 'fail'] : [];
  return b.rng.pick<Block>([
    'pass',
    'pass',
    'task',
    'task',
    'task',
    'wait',
    'choice',
    'loop',
    ...nesting,
    ...terminal,
  ]);
}

/** A scope's state in its own query language: sometimes a JSONata state inside a JSONPath machine. */
function stateScope(b: CaseBuilder, scope: Scope): Scope {
  if (scope.jsonataMachine || scope.lang === 'JSONata') return scope;
  return b.rng.chance(0.25) ? { ...scope, lang: 'JSONata' } : scope;
}

/**
 * Adds one block's states under `head`, going on to `next` (undefined: the block ends its machine). Variables it
 * assigns are pushed to `scope.vars` for the blocks after it.
 */
function addBlock(
  b: CaseBuilder,
  scope: Scope,
  out: Record<string, JsonObject>,
  head: string,
  next: string | undefined,
  last: boolean,
): void {
  const kind = pickBlock(b, scope, last);
  const here = stateScope(b, scope);
  const assigned: string[] = [];
  // Where a Catch goes: on to the next block, or to a Succeed of its own at the end of the machine.
  const catchTarget = (): string => {
    if (next !== undefined) return next;
    const end = b.fresh('Caught');
    out[end] = { Type: 'Succeed' };
    return end;
  };
  const nested = (inner: Scope) => subMachine(b, inner);
  switch (kind) {
    case 'pass':
      out[head] = states.pass(b, here, next, assigned);
      break;
    case 'wait':
      out[head] = states.wait(b, here, next, assigned);
      break;
    case 'task':
      out[head] = states.task(b, here, head, next, assigned, catchTarget);
      break;
    case 'parallel':
      out[head] = states.parallel(b, here, nested, next, assigned, catchTarget);
      break;
    case 'map':
      out[head] = states.map(b, here, nested, next, assigned, catchTarget);
      break;
    case 'succeed':
      out[head] = states.succeed(b, here);
      break;
    case 'fail':
      out[head] = states.fail(b, here);
      break;
    case 'choice':
      addChoice(b, here, out, head, next);
      break;
    case 'loop':
      addLoop(b, here, out, head, next, assigned);
      break;
  }
  scope.vars.push(...assigned);
}

/** A Choice whose rules go to a Pass of its own (then on) or straight on; Default goes on, or to a Fail. */
function addChoice(
  b: CaseBuilder,
  scope: Scope,
  out: Record<string, JsonObject>,
  head: string,
  next: string | undefined,
): void {
  const { rng } = b;
  const onward = next ?? b.fresh('Done');
  if (next === undefined) out[onward] = { Type: 'Succeed' };
  const side = b.fresh('Side');
  const assigned: string[] = [];
  out[side] = states.pass(b, scope, onward, assigned);
  const rules = Array.from({ length: rng.int(1, 2) }, (_, i) => {
    const rule: JsonObject =
      scope.lang === 'JSONPath'
        ? { ...jsonpath.condition(b, scope), Next: i === 0 ? side : onward }
        : { Condition: jsonata.condition(b, scope), Next: i === 0 ? side : onward };
    if (rng.chance(0.2)) rule.Assign = { [b.fresh('v')]: 1 };
    return rule;
  });
  const choice: JsonObject = { Type: 'Choice', Choices: rules };
  if (scope.lang === 'JSONata' && !scope.jsonataMachine) choice.QueryLanguage = 'JSONata';
  if (rng.chance(0.8)) choice.Default = onward;
  else {
    const failed = b.fresh('NoMatch');
    out[failed] = states.fail(b, scope);
    choice.Default = failed;
  }
  out[head] = choice;
}

/** A loop of 1-3 rounds: Init sets a counter, Body counts up (plus some data flow), Check goes back while low. */
function addLoop(
  b: CaseBuilder,
  scope: Scope,
  out: Record<string, JsonObject>,
  head: string,
  next: string | undefined,
  assigned: string[],
): void {
  const { rng } = b;
  const counter = b.fresh('c');
  const body = b.fresh('Body');
  const check = b.fresh('Check');
  const rounds = rng.int(1, 3);
  const jsonataLoop = scope.lang === 'JSONata';
  const language: JsonObject = jsonataLoop && !scope.jsonataMachine ? { QueryLanguage: 'JSONata' } : {};
  out[head] = { Type: 'Pass', ...language, Assign: { [counter]: 0 }, Next: body };
  const bodyState = states.pass(b, scope, check, assigned);
  const increment = jsonataLoop
    ? { [counter]: `{% $${counter} + 1 %}` }
    : { [`${counter}.$`]: `States.MathAdd($${counter}, 1)` };
  bodyState.Assign = { ...((bodyState.Assign as JsonObject | undefined) ?? {}), ...increment };
  out[body] = bodyState;
  const onward = next ?? b.fresh('Looped');
  if (next === undefined) out[onward] = { Type: 'Succeed' };
  out[check] = {
    Type: 'Choice',
    ...language,
    Choices: [
      jsonataLoop
        ? { Condition: `{% $${counter} < ${rounds} %}`, Next: body }
        : { Variable: `$${counter}`, NumericLessThan: rounds, Next: body },
    ],
    Default: onward,
  };
  assigned.push(counter);
}

/** A chain of 1-6 blocks (1-3 when nested). */
export function subMachine(b: CaseBuilder, scope: Scope): SubMachine {
  const count = b.rng.int(1, scope.depth === 0 ? 6 : 3);
  const heads = Array.from({ length: count }, () => b.fresh('S'));
  const out: Record<string, JsonObject> = {};
  const inner: Scope = { ...scope, vars: [...scope.vars] };
  heads.forEach((head, i) => addBlock(b, inner, out, head, heads[i + 1], i === count - 1));
  return { StartAt: heads[0], States: out as unknown as SubMachine['States'] };
}

/** A generated machine and the mocks its mocked Tasks answer from. */
export interface GeneratedMachine {
  readonly machine: StateMachine;
  readonly mocks: CaseBuilder['mocks'];
}

/** Builds the machine named by `seed` (the same seed, the same machine). */
export function generateMachine(seed: number): GeneratedMachine {
  const rng = new Rng(seed);
  let n = 0;
  const b: CaseBuilder = { rng, fresh: (prefix) => `${prefix}${(n += 1)}`, mocks: {} };
  const lang: QueryLanguage = rng.chance(0.3) ? 'JSONata' : 'JSONPath';
  const scope: Scope = {
    lang,
    jsonataMachine: lang === 'JSONata',
    depth: 0,
    inMap: false,
    inDistributed: false,
    vars: [],
  };
  const top = subMachine(b, scope);
  const machine: StateMachine = {
    ...(rng.chance(0.3) ? { Comment: `fuzz case ${seed}` } : {}),
    ...(lang === 'JSONata' || rng.chance(0.2) ? { QueryLanguage: lang } : {}),
    ...(rng.chance(0.1) ? { TimeoutSeconds: 3600 } : {}),
    ...top,
  };
  return { machine, mocks: b.mocks };
}
