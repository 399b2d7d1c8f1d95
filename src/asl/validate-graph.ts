/**
 * The machine as a graph: state names, transitions (`StartAt`, `Next`, `Default`, Choice rules, catchers), what is
 * reachable, and whether each scope can end. Transitions never cross scopes: a branch's states see only each other.
 */
import { error, pointer } from './diagnostics';
import { field, has, type Scope, type StateSite, type ValidationContext } from './validate-context';

/** AWS's limit on a state name's length. */
export const MAX_STATE_NAME_LENGTH = 80;

/** Control characters, which AWS does not allow in state names. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern rejects
const CONTROL_CHARACTER = new RegExp('[\\u0000-\\u001f\\u007f-\\u009f]');

/** The state types that must say where to go next (Next) or that they end (End: true). */
const NEEDS_TRANSITION: ReadonlySet<string> = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

/** Checks names, transitions, reachability and terminal states. */
export function validateGraph(ctx: ValidationContext): void {
  checkNames(ctx);
  const byScope = new Map<Scope, StateSite[]>();
  for (const site of ctx.states) {
    const list = byScope.get(site.scope);
    if (list) list.push(site);
    else byScope.set(site.scope, [site]);
  }
  for (const scope of ctx.scopes) checkScope(ctx, scope, byScope.get(scope) ?? []);
}

function checkNames(ctx: ValidationContext): void {
  const seen = new Map<string, StateSite>();
  for (const site of ctx.states) {
    const length = [...site.name].length;
    if (length === 0 || length > MAX_STATE_NAME_LENGTH || CONTROL_CHARACTER.test(site.name)) {
      const why =
        length === 0
          ? 'is empty'
          : length > MAX_STATE_NAME_LENGTH
            ? `is ${length} characters long (at most ${MAX_STATE_NAME_LENGTH})`
            : 'contains a control character';
      ctx.report(error('INVALID_STATE_NAME', site.location, `The state name "${site.name}" ${why}`));
    }
    const first = seen.get(site.name);
    if (first) {
      ctx.report(
        error(
          'DUPLICATE_STATE_NAME',
          site.location,
          `State name "${site.name}" is already used at ${first.location}: names must be unique in the whole machine`,
        ),
      );
    } else {
      seen.set(site.name, site);
    }
  }
}

/** A transition out of a state: where it is written and where it points. */
interface Edge {
  readonly target: string;
  readonly location: string;
}

function edgesOf(site: StateSite): Edge[] {
  const state = site.value;
  if (!state) return [];
  const edges: Edge[] = [];
  const add = (target: unknown, location: string): void => {
    if (typeof target === 'string') edges.push({ target, location });
  };
  add(state.Next, pointer(site.location, 'Next'));
  if (site.type === 'Choice') {
    add(state.Default, pointer(site.location, 'Default'));
    if (Array.isArray(state.Choices)) {
      state.Choices.forEach((rule, i) =>
        add(field(rule, 'Next'), pointer(site.location, 'Choices', i, 'Next')),
      );
    }
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) =>
      add(field(catcher, 'Next'), pointer(site.location, 'Catch', i, 'Next')),
    );
  }
  return edges;
}

function isTerminal(site: StateSite): boolean {
  return site.type === 'Succeed' || site.type === 'Fail' || site.value?.End === true;
}

function checkScope(ctx: ValidationContext, scope: Scope, sites: readonly StateSite[]): void {
  if (!scope.states) return;
  const byName = new Map(sites.map((s) => [s.name, s]));
  const startAt = field(scope.value, 'StartAt');

  for (const site of sites) {
    checkTransitionFields(ctx, site);
    for (const edge of edgesOf(site)) {
      if (!byName.has(edge.target)) {
        ctx.report(
          error('MISSING_TRANSITION_TARGET', edge.location, `Missing 'Next' target: ${edge.target}`),
        );
      }
    }
  }
  if (typeof startAt === 'string' && startAt !== '' && !byName.has(startAt)) {
    ctx.report(
      error(
        'MISSING_TRANSITION_TARGET',
        pointer(scope.location, 'StartAt'),
        `Missing 'Next' target: ${startAt}`,
      ),
    );
  }

  if (sites.length > 0 && !sites.some(isTerminal)) {
    ctx.report(
      error(
        'MISSING_END_STATE',
        pointer(scope.location, 'States'),
        'No terminal state: at least one state must have "End": true or be a Succeed or Fail state',
      ),
    );
  }

  // Reachability is only meaningful from a valid start.
  if (typeof startAt !== 'string' || !byName.has(startAt)) return;
  const reached = new Set<string>([startAt]);
  const queue = [startAt];
  while (queue.length > 0) {
    const site = byName.get(queue.pop() as string);
    if (!site) continue;
    for (const edge of edgesOf(site)) {
      if (byName.has(edge.target) && !reached.has(edge.target)) {
        reached.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  for (const site of sites) {
    if (!reached.has(site.name)) {
      ctx.report(error('MISSING_TRANSITION_TARGET', site.location, `State "${site.name}" is not reachable.`));
    }
  }
}

/** Next and End: exactly one on states that continue, neither on Choice, Succeed and Fail. */
function checkTransitionFields(ctx: ValidationContext, site: StateSite): void {
  const state = site.value;
  if (!state || !site.type) return;
  if (NEEDS_TRANSITION.has(site.type)) {
    if (has(state, 'Next') && state.End === true) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(site.location, 'End'),
          'Next and End are mutually exclusive: a state either goes on or ends',
        ),
      );
    } else if (!has(state, 'Next') && state.End !== true) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          site.location,
          has(state, 'End')
            ? 'End must be true when there is no Next'
            : `A ${site.type} state needs either "Next" or "End": true`,
        ),
      );
    }
  }
}
