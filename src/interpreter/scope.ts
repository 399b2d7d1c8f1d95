import { type Json } from '../asl/types';
import { payloadSize } from '../dataflow/limits';
import {
  assignedSizes,
  MAX_TOTAL_VARIABLE_BYTES,
  VARIABLES_TOTAL_LIMIT_PATCH,
  variablesTooLarge,
} from '../dataflow/variables';

const NO_VARIABLES: Readonly<Record<string, Json>> = {};

/** What {@link VariableScope.assign} asks of the runtime port: whether this execution runs with the 10 MiB check. */
interface PatchedQuery {
  isPatched?(change: string): boolean;
}

/**
 * A variable scope: a state machine, a Parallel branch or a Map iteration. Inner scopes read the outer variables
 * (as they were when the inner scope started) and assign only their own. Each keeps the bytes stored along its
 * chain (its own values' JSON plus the outer scopes' when it started), so AWS's 10 MiB per execution is checked
 * without measuring anything but the values an Assign sets (which its 256 KiB checks measured already).
 */
export class VariableScope {
  private readonly own = new Map<string, Json>();
  private readonly ownSizes = new Map<string, number>();
  private ownBytes = 0;

  private constructor(
    private readonly outer: Readonly<Record<string, Json>>,
    private readonly outerBytes: number,
  ) {}

  /** The top-level scope of an execution (or of a Distributed Map iteration, which sees nothing outside). */
  static root(initial: Readonly<Record<string, Json>> = {}): VariableScope {
    const scope = new VariableScope(NO_VARIABLES, 0);
    for (const k in initial)
      if (Object.prototype.hasOwnProperty.call(initial, k)) scope.set(k, initial[k], payloadSize(initial[k]));
    return scope;
  }

  /** A nested scope (branch or iteration) that sees a snapshot of this one. */
  child(): VariableScope {
    // Without own variables the snapshot is the outer one itself (never changed): no copy per Map iteration.
    return new VariableScope(
      this.own.size === 0 ? this.outer : this.visible(),
      this.outerBytes + this.ownBytes,
    );
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

  /** The bytes of JSON stored along this scope's chain (an inner value shadowing an outer one counts both). */
  storedBytes(): number {
    return this.outerBytes + this.ownBytes;
  }

  /**
   * Sets the values an Assign produced, all at once; fails with `States.DataLimitExceeded`, setting nothing, when
   * the scope chain would then store more than AWS's 10 MiB (unless `runtime` runs an execution begun without it).
   */
  assign(values: Readonly<Record<string, Json>>, runtime?: PatchedQuery): void {
    const sizes = assignedSizes(values);
    let bytes = this.ownBytes;
    for (const [k, size] of sizes) bytes += size - (this.ownSizes.get(k) ?? 0);
    const total = this.outerBytes + bytes;
    if (total > MAX_TOTAL_VARIABLE_BYTES && runtime?.isPatched?.(VARIABLES_TOTAL_LIMIT_PATCH) !== false) {
      throw variablesTooLarge(total);
    }
    for (const [k, v] of Object.entries(values)) this.set(k, v, sizes.get(k) ?? payloadSize(v));
  }

  private set(name: string, value: Json, size: number): void {
    this.ownBytes += size - (this.ownSizes.get(name) ?? 0);
    this.own.set(name, value);
    this.ownSizes.set(name, size);
  }
}
