import { type Json, type JsonObject, type QueryLanguage } from '../asl/types';
import { type EvalEnv } from '../dataflow/env';
import { contextObject, type ExecutionInfo, isoTime, type MapItemFacts } from './context';
import { type HistoryCounter } from './history';
import { type MapRunProgress } from './pause';
import { type Runtime } from './runtime';
import { type VariableScope } from './scope';

/** What every state executor needs: the world, the execution's facts, and the variables in scope. */
export interface MachineContext {
  readonly runtime: Runtime;
  readonly execution: ExecutionInfo;
  readonly scope: VariableScope;
  /** The query language of the enclosing machine (states default to it). */
  readonly queryLanguage?: QueryLanguage;
  /** Whether this machine runs inside a Map iteration or Parallel branch (no continue-as-new there). */
  readonly nested: boolean;
  /** The execution's event counter, shared by nested machines. */
  readonly history: HistoryCounter;
  /**
   * Asked after each batch of a top-level Distributed Map whether to pause its Map Run there so the execution
   * continues as new (absent: never; nested machines never pause).
   */
  readonly pauseMapRun?: () => boolean;
}

/** One state's execution: its name, when it was entered, and how many retries it has done. */
export interface StateRun {
  readonly name: string;
  readonly enteredAt: number;
  /** The id of the state's StateEntered event. */
  readonly enteredEventId: number;
  /** Retries so far; only states that can retry (Task, Parallel, Map) show it in `$$.State.RetryCount`. */
  readonly retryCount?: number;
  /** A Distributed Map's Map Run to resume (after continue-as-new), for the state's first attempt only. */
  readonly mapRun?: MapRunProgress;
  /** At most how many bytes the state's input takes, when measured already (the state before's output). */
  readonly inputBound?: number;
}

/** One state's {@link EvalEnv}: the `$$` object and the variables are built when first read (most never are). */
class StateEnv implements EvalEnv {
  private contextObject?: JsonObject;
  private visible?: Record<string, Json>;

  constructor(
    private readonly machine: MachineContext,
    private readonly state: StateRun,
    private readonly extra: { readonly taskToken?: string; readonly mapItem?: MapItemFacts },
  ) {}

  get context(): JsonObject {
    this.contextObject ??= contextObject(
      this.machine.execution,
      {
        name: this.state.name,
        enteredTime: isoTime(this.state.enteredAt),
        retryCount: this.state.retryCount,
      },
      this.extra,
    );
    return this.contextObject;
  }

  get variables(): Record<string, Json> {
    this.visible ??= this.machine.scope.visible();
    return this.visible;
  }

  // Methods, not arrow fields: a state builds one env, and two closures per state showed in the loop's profile.
  random(): number {
    return this.machine.runtime.random();
  }

  uuid(): string {
    return this.machine.runtime.uuid();
  }
}

const NO_EXTRA: { readonly taskToken?: string; readonly mapItem?: MapItemFacts } = {};

/** The environment expressions of one state see: the `$$` object, variables, and the runtime's randomness. */
export function evalEnv(
  machine: MachineContext,
  state: StateRun,
  extra: { readonly taskToken?: string; readonly mapItem?: MapItemFacts } = NO_EXTRA,
): EvalEnv {
  return new StateEnv(machine, state, extra);
}

/** The outcome of one state: its output, where to go next (`null` ends the machine), and what it assigned. */
export interface StateOutcome {
  readonly output: Json;
  readonly next: string | null;
  readonly assigned?: Readonly<Record<string, Json>>;
  /** At most how many bytes `output` takes, when the state can tell without measuring it (see size-bounds). */
  readonly outputBound?: number;
}
