import { itemProcessorOf, type Json, type StateMachine, type SubMachine } from '../asl/types';
import { type TraceEvent } from '../interpreter/trace';
import { type ExecutionCase, type ExpectedTraceEntry } from './cases';
import { matches, normalise } from './compare';

/** How a case's trace compared: no recorded trace, agreement, or the first difference found. */
export type TraceVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'agree' }
  | { readonly kind: 'disagree'; readonly why: string };

/**
 * The names of states that run inside a Map iteration or a Parallel branch. Their events interleave with those of
 * sibling iterations and branches, in an order AWS does not fix, so they are compared as a multiset.
 */
export function concurrentStateNames(machine: StateMachine): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (sub: SubMachine, nested: boolean): void => {
    for (const [name, state] of Object.entries(sub.States)) {
      if (nested) names.add(name);
      switch (state.Type) {
        case 'Parallel':
          for (const branch of state.Branches) visit(branch, true);
          break;
        case 'Map':
          visit(itemProcessorOf(state), true);
          break;
        default:
          break;
      }
    }
  };
  visit(machine, false);
  return names;
}

function entryMatches(expected: ExpectedTraceEntry, actual: TraceEvent): boolean {
  if (expected.event !== actual.type) return false;
  const value = (v: Json | undefined): Json | undefined => (v === undefined ? undefined : normalise(v));
  if ('input' in expected && !matches(expected.input, value(actual.input))) return false;
  if ('output' in expected && !matches(expected.output, value(actual.output))) return false;
  if (
    expected.assignedVariables !== undefined &&
    !matches(expected.assignedVariables, value(actual.assignedVariables as Json | undefined))
  ) {
    return false;
  }
  return true;
}

function describe(entry: ExpectedTraceEntry | TraceEvent): string {
  const event = 'event' in entry ? entry.event : entry.type;
  const value = event === 'StateEntered' ? entry.input : entry.output;
  return `${event} ${JSON.stringify(value)?.slice(0, 200)}`;
}

function compareOrdered(
  state: string,
  expected: readonly ExpectedTraceEntry[],
  actual: readonly TraceEvent[],
): string | null {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    if (!e) return `state '${state}': an extra event #${i + 1}: ${describe(a)}`;
    if (!a) return `state '${state}': event #${i + 1} is missing: AWS had ${describe(e)}`;
    if (!entryMatches(e, a))
      return `state '${state}' event #${i + 1}: ${describe(a)} but AWS had ${describe(e)}`;
  }
  return null;
}

function compareUnordered(
  state: string,
  expected: readonly ExpectedTraceEntry[],
  actual: readonly TraceEvent[],
): string | null {
  if (expected.length !== actual.length) {
    return `state '${state}': ${actual.length} events but AWS had ${expected.length}`;
  }
  const unused = [...actual];
  for (const e of expected) {
    const at = unused.findIndex((a) => entryMatches(e, a));
    if (at < 0) return `state '${state}': no event matches AWS's ${describe(e)}`;
    unused.splice(at, 1);
  }
  return null;
}

function byState<T>(entries: readonly T[], stateOf: (entry: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const state = stateOf(entry);
    groups.set(state, [...(groups.get(state) ?? []), entry]);
  }
  return groups;
}

/**
 * Compares an engine's trace with the one AWS recorded: StateEntered and StateExited per state, in order within a
 * state, except that states inside Map iterations and Parallel branches are compared without regard to order.
 */
export function compareTrace(c: ExecutionCase, actualTrace: readonly TraceEvent[]): TraceVerdict {
  if (!c.trace) return { kind: 'none' };
  const concurrent = concurrentStateNames(c.definition);
  const expected = byState(c.trace, (e) => e.state);
  const actual = byState(
    actualTrace.filter((e) => e.type === 'StateEntered' || e.type === 'StateExited'),
    (e) => e.state ?? '',
  );
  for (const state of actual.keys()) {
    if (!expected.has(state))
      return { kind: 'disagree', why: `state '${state}' is in the trace but not in AWS's` };
  }
  for (const [state, entries] of expected) {
    const got = actual.get(state) ?? [];
    const why = concurrent.has(state)
      ? compareUnordered(state, entries, got)
      : compareOrdered(state, entries, got);
    if (why !== null) return { kind: 'disagree', why };
  }
  return { kind: 'agree' };
}
