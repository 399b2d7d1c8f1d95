import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import { locateError } from './history';
import { toExecutionError } from './states/error-handling';
import { assertNever, type Json, type State, type SubMachine } from '../asl/types';
import { MAX_PAYLOAD_BYTES, resultTooLarge } from '../dataflow/limits';
import { measuredSize } from '../dataflow/size-bounds';
import { type MachineContext, type StateOutcome, type StateRun } from './machine-context';
import { executeChoice } from './states/choice';
import { executeMap } from './states/map';
import { executeParallel } from './states/parallel';
import { executePass } from './states/pass';
import { executeTask } from './states/task';
import { executeFail, executeSucceed } from './states/terminal';
import { executeWait } from './states/wait';
import { BoundaryPause, type MapRunProgress, MapRunPaused } from './pause';
import { type TraceEvent } from './trace';

/**
 * Asked between two states of the top-level machine whether to pause there (so the Temporal adapter can
 * continue-as-new); answering true ends the run with a {@link BoundaryPause}.
 */
export type BoundaryHook = () => boolean;

export { BoundaryPause } from './pause';

/** Options for {@link runMachine}. */
export interface RunMachineOptions {
  /** Resume at this state instead of StartAt (after continue-as-new). */
  readonly startAt?: string;
  readonly onBoundary?: BoundaryHook;
  /** Resume inside this Distributed Map's Map Run (the state at `startAt`), which a continue-as-new paused. */
  readonly mapRun?: MapRunProgress;
  /** At most how many bytes the input takes, when the caller has measured it (StartExecution's check). */
  readonly inputBound?: number;
}

/** Runs one state; Pass, Choice, Succeed and Fail in JSONPath answer synchronously (no promise per pure step). */
function executeState(
  state: State,
  machine: MachineContext,
  run: StateRun,
  input: Json,
): StateOutcome | Promise<StateOutcome> {
  switch (state.Type) {
    case 'Task':
      return executeTask(state, machine, run, input);
    case 'Pass':
      return executePass(state, machine, run, input);
    case 'Choice':
      return executeChoice(state, machine, run, input);
    case 'Wait':
      return executeWait(state, machine, run, input);
    case 'Succeed':
      return executeSucceed(state, machine, run, input);
    case 'Fail':
      return executeFail(state, machine, run, input);
    case 'Parallel':
      return executeParallel(state, machine, run, input, runMachine);
    case 'Map':
      return executeMap(state, machine, run, input, runMachine);
    default:
      return assertNever(state, 'state type');
  }
}

/**
 * Runs a machine (the top level, a branch or an iteration) from StartAt to a terminal state and returns its output;
 * an unhandled error propagates as ExecutionError. Each state's Assign takes effect after the state, so the next
 * state sees it.
 */
export async function runMachine(
  machine: SubMachine,
  input: Json,
  context: MachineContext,
  options: RunMachineOptions = {},
): Promise<Json> {
  const runtime = context.runtime;
  let name = options.startAt ?? machine.StartAt;
  let data = input;
  // Whether `data` has passed the payload quota check already, so an output that is the input itself (a Choice, a
  // Pass without Result) is not measured again: JSON text of up to 256 KiB per step.
  let checked = false;
  // At most how many bytes `data` takes, once known: a state can then bound its output from it without a walk.
  let dataBound = options.inputBound;
  let resumeMap = options.mapRun;
  for (;;) {
    const state = machine.States[name];
    if (!state)
      throw new ExecutionError(STATES_ERRORS.Runtime, `The state '${name}' does not exist in the machine.`);
    // A Map Run resumed after continue-as-new goes on in the state it was in: entered once, in the first run.
    const resumed = resumeMap?.state === name ? resumeMap : undefined;
    resumeMap = undefined;
    let run: StateRun;
    if (resumed) {
      const { enteredAt, enteredEventId, retryCount } = resumed;
      run = { name, enteredAt, enteredEventId, retryCount, mapRun: resumed };
    } else {
      const enteredAt = runtime.now();
      const enteredEventId = context.history.emit(runtime, {
        type: 'StateEntered',
        timestamp: enteredAt,
        state: name,
        stateType: state.Type,
        input: data,
      });
      const retryable = state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map';
      // No spreads on this path: the workflow bundle compiles them to a slow helper, run once per state.
      run = retryable
        ? { name, enteredAt, enteredEventId, retryCount: 0, inputBound: dataBound }
        : { name, enteredAt, enteredEventId, inputBound: dataBound };
    }
    let outcome: StateOutcome;
    try {
      const pending = executeState(state, context, run, data);
      // Awaiting only what is asynchronous: in the workflow sandbox every promise costs a stack capture.
      outcome = pending instanceof Promise ? await pending : pending;
      // After the state's own Retry and Catch, as AWS checks it: no catcher sees an output over the quota.
      if (!(checked && outcome.output === data)) {
        const carried = outcome.outputBound;
        dataBound =
          carried !== undefined && carried <= MAX_PAYLOAD_BYTES ? carried : measuredSize(outcome.output);
        if (dataBound > MAX_PAYLOAD_BYTES) throw resultTooLarge(name);
      }
      // Inside the try, so the 10 MiB error names the state as the other variable errors do.
      if (outcome.assigned) context.scope.assign(outcome.assigned, runtime);
    } catch (err) {
      if (err instanceof BoundaryPause) throw err;
      if (err instanceof MapRunPaused) {
        throw new BoundaryPause(name, data, context.scope.ownVariables(), err.progress);
      }
      throw locateError(toExecutionError(err), name, run.enteredEventId);
    }
    const exited: Omit<TraceEvent, 'id'> = {
      type: 'StateExited',
      timestamp: runtime.now(),
      state: name,
      stateType: state.Type,
      output: outcome.output,
    };
    context.history.emit(
      runtime,
      outcome.assigned ? Object.assign(exited, { assignedVariables: outcome.assigned }) : exited,
    );
    if (outcome.next === null) return outcome.output;
    name = outcome.next;
    data = outcome.output;
    checked = true;
    const pause = runtime.betweenStates?.(context.nested);
    if (pause) await pause;
    if (options.onBoundary && !context.nested && options.onBoundary()) {
      throw new BoundaryPause(name, data, context.scope.ownVariables());
    }
  }
}
