import { type Json } from '../asl/types';

const NO_VARIABLES: Readonly<Record<string, Json>> = {};

/**
 * A variable scope: a state machine, a Parallel branch or a Map iteration. Inner scopes read the outer variables
 * (as they were when the inner scope started) and assign only their own.
 */
export class VariableScope {
  private readonly own = new Map<string, Json>();

  private constructor(private readonly outer: Readonly<Record<string, Json>>) {}

  /** The top-level scope of an execution (or of a Distributed Map iteration, which sees nothing outside). */
  static root(initial: Readonly<Record<string, Json>> = {}): VariableScope {
    const scope = new VariableScope(NO_VARIABLES);
    for (const k in initial)
      if (Object.prototype.hasOwnProperty.call(initial, k)) scope.own.set(k, initial[k]);
    return scope;
  }

  /** A nested scope (branch or iteration) that sees a snapshot of this one. */
  child(): VariableScope {
    // Without own variables the snapshot is the outer one itself (never changed): no copy per Map iteration.
    return new VariableScope(this.own.size === 0 ? this.outer : this.visible());
  }

  /** All variables visible here, inner ones over outer ones. */
  visible(): Record<string, Json> {
    const all: Record<string, Json> = { ...this.outer };
    for (const [k, v] of this.own) all[k] = v;
    return all;
  }

  /** Only the variables assigned in this scope (what continue-as-new must carry). */
  ownVariables(): Record<string, Json> {
    return Object.fromEntries(this.own);
  }

  /** Sets the values an Assign produced, all at once. */
  assign(values: Readonly<Record<string, Json>>): void {
    for (const [k, v] of Object.entries(values)) this.own.set(k, v);
  }
}
