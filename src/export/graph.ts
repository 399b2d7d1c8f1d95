import { type Json, type State, type SubMachine } from '../asl/types';

/** Where a state can go next, in the order its code tests them: catchers' and rules' targets, then Next/Default. */
export function successors(state: State): string[] {
  const targets: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === 'string' && !targets.includes(name)) targets.push(name);
  };
  const view = state as unknown as {
    Catch?: { Next: string }[];
    Choices?: { Next: string }[];
    Default?: string;
    Next?: string;
    End?: boolean;
  };
  for (const catcher of view.Catch ?? []) add(catcher.Next);
  for (const rule of view.Choices ?? []) add(rule.Next);
  add(view.Default);
  if (!view.End) add(view.Next);
  return targets;
}

/** The loop structure of one machine's graph, or why it has none a `for (;;)` can express. */
export type LoopShape =
  | {
      readonly reducible: true;
      readonly headers: ReadonlySet<string>;
      /** The headers of loops inside no other loop: where the top level may continue as new. */
      readonly outermost: ReadonlySet<string>;
    }
  | { readonly reducible: false; readonly reason: string };

/**
 * Finds the loops: a depth-first walk from StartAt marks back edges; every back edge's target (a loop header) must
 * dominate its source, or the graph is irreducible (a loop entered in two places) and cannot become `for (;;)`.
 */
export function loopShape(machine: SubMachine): LoopShape {
  const states = machine.States as Record<string, State>;
  const backEdges: [string, string][] = [];
  const onStack = new Set<string>();
  const seen = new Set<string>();
  const walk = (name: string) => {
    seen.add(name);
    onStack.add(name);
    for (const next of successors(states[name])) {
      if (onStack.has(next)) backEdges.push([name, next]);
      else if (!seen.has(next) && states[next]) walk(next);
    }
    onStack.delete(name);
  };
  walk(machine.StartAt);
  const dominators = dominatorsOf(machine, [...seen]);
  for (const [from, header] of backEdges) {
    if (!dominators.get(from)?.has(header))
      return { reducible: false, reason: `the loop through '${header}' is also entered at '${from}'s side` };
  }
  const headers = new Set(backEdges.map(([, header]) => header));
  const inner = new Set<string>();
  for (const [from, header] of backEdges) {
    for (const member of naturalLoop(states, from, header))
      if (member !== header && headers.has(member)) inner.add(member);
  }
  return { reducible: true, headers, outermost: new Set([...headers].filter((h) => !inner.has(h))) };
}

/** The states of the loop a back edge `from -> header` closes: those that reach `from` without passing `header`. */
function naturalLoop(states: Record<string, State>, from: string, header: string): Set<string> {
  const preds = new Map<string, string[]>();
  for (const [name, state] of Object.entries(states)) {
    for (const next of successors(state)) preds.set(next, [...(preds.get(next) ?? []), name]);
  }
  const members = new Set([header, from]);
  const stack = from === header ? [] : [from];
  while (stack.length) {
    for (const p of preds.get(stack.pop()!) ?? []) {
      if (!members.has(p)) {
        members.add(p);
        stack.push(p);
      }
    }
  }
  return members;
}

/** Each reachable state's dominators (the iterative data-flow algorithm: graphs here have tens of states). */
function dominatorsOf(machine: SubMachine, reachable: readonly string[]): Map<string, Set<string>> {
  const states = machine.States as Record<string, State>;
  const preds = new Map<string, string[]>(reachable.map((n) => [n, []]));
  for (const name of reachable) for (const next of successors(states[name])) preds.get(next)?.push(name);
  const all = new Set(reachable);
  const dom = new Map<string, Set<string>>(
    reachable.map((n) => [n, n === machine.StartAt ? new Set([n]) : new Set(all)]),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const name of reachable) {
      if (name === machine.StartAt) continue;
      const ps = preds.get(name) ?? [];
      const meet = new Set<string>(ps.length ? dom.get(ps[0]) : []);
      for (const p of ps.slice(1)) for (const d of meet) if (!dom.get(p)?.has(d)) meet.delete(d);
      meet.add(name);
      if (meet.size !== dom.get(name)?.size) {
        dom.set(name, meet);
        changed = true;
      }
    }
  }
  return dom;
}

/** A definition's value as TypeScript source (Prettier then quotes and wraps it as the repository does). */
export function literal(value: Json | undefined): string {
  return JSON.stringify(value ?? null);
}
