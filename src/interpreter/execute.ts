import { STATES_ERRORS } from '../asl/errors';
import { type Json, type StateMachine } from '../asl/types';
import { type ExecutionInfo } from './context';
import { HistoryCounter } from './history';
import { type BoundaryHook, BoundaryPause, runMachine } from './run';
import { type MapRunProgress } from './pause';
import { type Runtime } from './runtime';
import { VariableScope } from './scope';
import { toExecutionError } from './states/error-handling';

/** How an execution ended, as Step Functions reports it. */
export type ExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: 'FAILED' | 'TIMED_OUT'; readonly error?: string; readonly cause?: string }
  | {
      readonly status: 'PAUSED';
      readonly startAt: string;
      readonly input: Json;
      readonly variables: Readonly<Record<string, Json>>;
      readonly eventCount: number;
      /** Set when the pause fell inside a Distributed Map's Map Run, between two batches. */
      readonly mapRun?: MapRunProgress;
    };

/** Where an execution starts: the beginning, or a state boundary carried over by continue-as-new. */
export interface ExecutionStart {
  readonly startAt?: string;
  readonly variables?: Readonly<Record<string, Json>>;
  /** Epoch ms by which the execution times out (from the machine's TimeoutSeconds), carried across runs. */
  readonly deadline?: number;
  /** History events counted before this run (continue-as-new). */
  readonly eventCount?: number;
  /** The Map Run to resume in the state at `startAt`. */
  readonly mapRun?: MapRunProgress;
}

/** Options for {@link executeStateMachine}. */
export interface ExecuteOptions extends ExecutionStart {
  readonly runtime: Runtime;
  readonly execution: ExecutionInfo;
  readonly onBoundary?: BoundaryHook;
  /** Asked after each batch of a top-level Distributed Map whether to pause its Map Run (continue-as-new). */
  readonly pauseMapRun?: () => boolean;
  /** At most how many bytes the input takes, when the caller measured it (StartExecution's check). */
  readonly inputBound?: number;
}

const TIMED_OUT = Symbol('timed-out');

/**
 * Runs a validated state machine on a runtime to its end: the whole of the interpreter behind one call.
 * The machine's TimeoutSeconds races the run on the runtime's clock and ends it as TIMED_OUT with States.Timeout.
 */
export async function executeStateMachine(
  machine: StateMachine,
  input: Json,
  options: ExecuteOptions,
): Promise<ExecutionResult> {
  const { runtime } = options;
  const history = new HistoryCounter(options.eventCount ?? 0);
  if (!options.startAt) history.emit(runtime, { type: 'ExecutionStarted', timestamp: runtime.now(), input });
  const scope = VariableScope.root(options.variables);
  const run = runMachine(
    machine,
    input,
    {
      runtime,
      execution: options.execution,
      scope,
      queryLanguage: machine.QueryLanguage,
      nested: false,
      history,
      ...(options.pauseMapRun ? { pauseMapRun: options.pauseMapRun } : {}),
    },
    {
      startAt: options.startAt,
      onBoundary: options.onBoundary,
      mapRun: options.mapRun,
      inputBound: options.inputBound,
    },
  );
  try {
    const output =
      options.deadline === undefined
        ? await run
        : await Promise.race([
            run,
            runtime.sleep(Math.max(0, options.deadline - runtime.now())).then(() => TIMED_OUT),
          ]);
    if (output === TIMED_OUT) {
      run.catch(() => undefined);
      history.emit(runtime, {
        type: 'ExecutionFailed',
        timestamp: runtime.now(),
        error: STATES_ERRORS.Timeout,
      });
      return { status: 'TIMED_OUT', error: STATES_ERRORS.Timeout, cause: 'The execution timed out.' };
    }
    history.emit(runtime, { type: 'ExecutionSucceeded', timestamp: runtime.now(), output: output as Json });
    return { status: 'SUCCEEDED', output: output as Json };
  } catch (err) {
    if (err instanceof BoundaryPause) {
      return {
        status: 'PAUSED',
        startAt: err.startAt,
        input: err.input,
        variables: err.variables,
        eventCount: history.total(),
        ...(err.mapRun ? { mapRun: err.mapRun } : {}),
      };
    }
    const error = toExecutionError(err);
    history.emit(runtime, {
      type: 'ExecutionFailed',
      timestamp: runtime.now(),
      error: error.error,
      cause: error.causeText,
    });
    return {
      status: 'FAILED',
      ...(error.error ? { error: error.error } : {}),
      ...(error.causeText ? { cause: error.causeText } : {}),
    };
  }
}
