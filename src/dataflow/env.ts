import type { Json, JsonObject } from '../asl/types';

/** What expressions can see besides the state's data. */
export interface EvalEnv {
  /** The `$$` context object, built by the interpreter. */
  readonly context: JsonObject;
  /** The variables visible to this state (flattened scopes). */
  readonly variables: Readonly<Record<string, Json>>;
  /** Deterministic randomness in [0, 1), from the runtime port. */
  readonly random: () => number;
  /** A deterministic v4 uuid, from the runtime port. */
  readonly uuid: () => string;
}
