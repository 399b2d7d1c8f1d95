/**
 * GetExecutionHistory's `previousEventId`, linked as Step Functions links it. Step Functions does not link an event
 * to the one before it in the list but to the event it follows in its own line of execution: the execution, a
 * Parallel branch or a Map iteration each carry their own "source" event. From histories AWS recorded (LocalStack's
 * snapshots, taken against AWS) and LocalStack's model of them:
 *
 * - ExecutionStarted and the first state's entry both have 0; every other event follows its line's source and
 *   becomes it, except the events below that leave the source where it was.
 * - A Parallel's branches and a Map's iterations each start from the ParallelStateStarted / MapStateStarted event.
 *   MapIterationSucceeded/Failed follow the iteration's last event and leave it the source, so the next iteration
 *   run in the same slot follows that last inner event, not the MapIterationSucceeded.
 * - MapStateSucceeded follows the last MapIterationSucceeded and ParallelStateSucceeded the branches' latest event;
 *   neither becomes the source, so MapStateExited / ParallelStateExited link to the same event.
 * - MapStateFailed and ParallelStateFailed follow the failing line's latest event and do become the source.
 *
 * - A retried Map or Parallel records no MapStateFailed/ParallelStateFailed before its next attempt: the attempt's
 *   MapStateStarted/ParallelStateStarted follows what that failure would have followed (test_map_state_retry).
 *
 * Each event recorded inside a Map iteration or Parallel branch carries its path (the iteration's or branch's index
 * at each enclosing Map or Parallel), so it goes to its own line. Traces without paths (recorded before they were
 * kept) fall back to a guess: a branch is found by the state's name (unique in a machine); among concurrent
 * iterations of one Map, an event goes to the first-started iteration that can take it (between states for an
 * entry, inside that state otherwise), which is exact only when iterations do not interleave.
 */
import { type StateMachine } from '../asl/types';

/** One event as the linker reads it: its id, its Step Functions type, its state and Map index. */
export interface LinkedEvent {
  readonly id: number;
  readonly type: string;
  readonly state?: string;
  readonly index?: number;
  /** The trace's path: the index of the iteration or branch at each enclosing Map or Parallel. */
  readonly path?: readonly number[];
}

/** A state's place in the machine: its enclosing Parallel or Map states, outermost first, with the branch index. */
export interface StatePlace {
  readonly state: Readonly<Record<string, unknown>>;
  readonly ancestors: readonly { readonly name: string; readonly branch: number }[];
}

type StateList = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Every state of the machine by name, nested ones included, with where it sits. */
export function statePlaces(machine: StateMachine | undefined): ReadonlyMap<string, StatePlace> {
  const places = new Map<string, StatePlace>();
  const walk = (states: StateList | undefined, ancestors: StatePlace['ancestors']) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      places.set(name, { state, ancestors });
      const branches = state.Branches as readonly { States?: StateList }[] | undefined;
      branches?.forEach((branch, i) => walk(branch.States, [...ancestors, { name, branch: i }]));
      const processor = (state.ItemProcessor ?? state.Iterator) as { States?: StateList } | undefined;
      if (processor) walk(processor.States, [...ancestors, { name, branch: 0 }]);
    }
  };
  walk(machine?.States as StateList | undefined, []);
  return places;
}

/** One line of execution: its source event, the state it is in, and the Parallel or Map it has open. */
interface Line {
  source: number;
  inside?: string;
  open?: Composite;
}

/** An open Parallel or Map and the lines under it. */
interface Composite {
  readonly name: string;
  readonly kind: 'parallel' | 'map';
  readonly start: number;
  readonly branches: Map<number, Line>;
  /** Open iterations by index, in the order they started. */
  readonly iterations: Map<number, Line>;
  /** Sources left by ended iterations, for the iterations that next take their slots. */
  readonly free: number[];
  /** The latest source any branch or iteration reached (what a failure follows). */
  latest: number;
  /** The latest MapIterationSucceeded (what MapStateSucceeded follows). */
  succeeded: number;
}

const enters = (type: string) => type.endsWith('StateEntered');
const exits = (type: string) => type.endsWith('StateExited');

/** Links every event; `places` (from {@link statePlaces}) tells branches apart. */
export function previousEventIds(
  events: readonly LinkedEvent[],
  places: ReadonlyMap<string, StatePlace>,
): number[] {
  const first = events[0];
  // A history whose oldest events were left out starts from the event before its first.
  const top: Line = { source: first && first.type !== 'ExecutionStarted' ? first.id - 1 : 0 };
  // Traces record paths (absent at the top level) since they were added; older ones need the guess below.
  const exact = events.some((event) => event.path !== undefined);

  /** The line of iteration or branch `key` under `composite` (made when it first shows). */
  const lineAt = (composite: Composite, key: number): Line => {
    const lines = composite.kind === 'parallel' ? composite.branches : composite.iterations;
    let line = lines.get(key);
    if (!line) {
      line = { source: composite.start };
      lines.set(key, line);
    }
    return line;
  };

  /** The line directly under `composite` that `event` belongs to (made when a branch first shows). */
  const lineUnder = (composite: Composite, event: LinkedEvent): Line => {
    const ancestors = places.get(event.state!)?.ancestors ?? [];
    const at = ancestors.findIndex((a) => a.name === composite.name);
    if (composite.kind === 'parallel') {
      const branch = ancestors[at].branch;
      let line = composite.branches.get(branch);
      if (!line) {
        line = { source: composite.start };
        composite.branches.set(branch, line);
      }
      return line;
    }
    // The iteration-level state this event is of: the event's own state, or its ancestor just under the Map.
    const level = at + 1 < ancestors.length ? ancestors[at + 1].name : event.state;
    const entry = level === event.state && enters(event.type);
    const open = [...composite.iterations.values()];
    return (
      open.find((line) => (entry ? line.inside === undefined : line.inside === level)) ??
      open[open.length - 1] ?? { source: composite.start }
    );
  };

  /** The line that handles `event`: the deepest open Parallel or Map whose states include the event's state. */
  const lineOf = (line: Line, event: LinkedEvent, depth = 0): Line => {
    const open = line.open;
    if (exact) {
      const path = event.path ?? [];
      return open && path.length > depth ? lineOf(lineAt(open, path[depth]), event, depth + 1) : line;
    }
    if (!open || event.state === undefined || event.state === open.name) return line;
    const inside = places.get(event.state)?.ancestors.some((a) => a.name === open.name) ?? false;
    return inside ? lineOf(lineUnder(open, event), event) : line;
  };

  /** What an open Map's or Parallel's failure follows: the latest event any of its lines reached. */
  const failedFrom = (open: Composite): number =>
    Math.max(open.latest, ...[...open.branches.values(), ...open.iterations.values()].map((l) => l.source));

  return events.map((event) => {
    const line = lineOf(top, event);
    const { type, id } = event;
    const open = line.open;
    if (type === 'ExecutionStarted') return 0;
    if (type === 'ParallelStateStarted' || type === 'MapStateStarted') {
      const kind = type === 'MapStateStarted' ? 'map' : 'parallel';
      // A retry's attempt (no failure event between): it follows what the failure would have followed.
      const prev = open && open.name === event.state ? failedFrom(open) : line.source;
      line.source = id;
      line.open = {
        name: event.state ?? '',
        kind,
        start: id,
        branches: new Map(),
        iterations: new Map(),
        free: [],
        latest: id,
        succeeded: id,
      };
      return prev;
    }
    if (open && type === 'MapIterationStarted' && event.index !== undefined) {
      const prev = open.free.shift() ?? open.start;
      open.iterations.set(event.index, { source: id });
      return prev;
    }
    if (
      open &&
      (type === 'MapIterationSucceeded' || type === 'MapIterationFailed') &&
      event.index !== undefined
    ) {
      const iteration = open.iterations.get(event.index);
      const prev = iteration?.source ?? open.start;
      open.iterations.delete(event.index);
      open.free.push(prev);
      open.latest = Math.max(open.latest, prev);
      if (type === 'MapIterationSucceeded') open.succeeded = Math.max(open.succeeded, id);
      return prev;
    }
    if (open && (type === 'MapStateSucceeded' || type === 'ParallelStateSucceeded')) {
      const lines = [...open.branches.values(), ...open.iterations.values()].map((l) => l.source);
      const prev = type === 'MapStateSucceeded' ? open.succeeded : Math.max(open.latest, ...lines);
      line.open = undefined;
      line.source = prev;
      return prev;
    }
    if (open && (type === 'MapStateFailed' || type === 'ParallelStateFailed')) {
      const prev = failedFrom(open);
      line.open = undefined;
      line.source = id;
      return prev;
    }
    if (enters(type)) line.inside = event.state;
    else if (exits(type)) line.inside = undefined;
    const prev = line.source;
    line.source = id;
    return prev;
  });
}
