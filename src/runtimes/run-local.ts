import { ExecutionError } from '../asl/errors';
import { MAX_JSON_DEPTH } from '../asl/validate';
import { unfitJson } from '../dataflow/json';
import { checkDefinitionSize, checkExecutionInput, MAX_PAYLOAD_BYTES } from '../dataflow/limits';
import { inputSizeBound, UNDECIDED } from '../dataflow/payload-bound';
import { type Json, type StateMachine } from '../asl/types';
import { executionArns, isoTime } from '../interpreter/context';
import { executeStateMachine, type ExecutionResult } from '../interpreter/execute';
import { TaskMocker, type TaskMocks, withMocks } from '../interpreter/mocks';
import { type TraceEvent } from '../interpreter/trace';
import { LocalRuntime, type LocalRuntimeOptions, type LocalTaskRunner } from './local';

/**
 * StartExecution's refusal of an input it cannot take as JSON (AWS's `InvalidExecutionInput`): here one nested
 * deeper than a definition may be, which the evaluators (and JSON.stringify) could not walk without overflowing, or
 * with a number JSON cannot carry.
 */
export class InvalidExecutionInput extends Error {
  constructor(message: string) {
    super(`Invalid State Machine Execution Input: '${message}'`);
    this.name = 'InvalidExecutionInput';
  }
}

/** Definitions already found within CreateStateMachine's 1 MiB quota. */
const measuredDefinitions = new WeakSet<StateMachine>();

/** Options for {@link runLocally}. */
export interface RunLocallyOptions {
  readonly stateMachineName?: string;
  readonly executionName?: string;
  readonly mocks?: TaskMocks;
  /** Runs Tasks that have no mock; without it such a Task fails with States.Runtime. */
  readonly runTask?: LocalTaskRunner;
  readonly startTime?: number;
  readonly seed?: number;
  /** Reads a Distributed Map's ItemReader pages (e.g. `activityItemIO()`); without it an ItemReader fails. */
  readonly readItems?: LocalRuntimeOptions['readItems'];
  /** Puts a Distributed Map's ResultWriter objects; without it a ResultWriter fails. */
  readonly writeResults?: LocalRuntimeOptions['writeResults'];
  /** Sees each history event as the execution records it (e.g. to log it). */
  readonly onEvent?: LocalRuntimeOptions['onRecord'];
}

/** The end of a local execution and its Step Functions-style trace. */
export interface LocalExecution {
  readonly result: ExecutionResult;
  readonly trace: readonly TraceEvent[];
  /** Virtual milliseconds the execution took (waits and retries included). */
  readonly elapsedMs: number;
}

/**
 * Runs a validated machine in-process on a virtual clock: no Temporal server, waits take no real time. An input over
 * 256 KiB is refused with ExecutionInputTooLarge before anything runs, as StartExecution refuses it (and a
 * definition over 1 MiB with ValidationException, as CreateStateMachine does).
 */
export async function runLocally(
  machine: StateMachine,
  input: Json,
  options: RunLocallyOptions = {},
): Promise<LocalExecution> {
  // One walk answers both of StartExecution's checks for the usual input (fit and well under 256 KiB); only an
  // input it cannot vouch for goes through them one by one, so which error an input gets is unchanged.
  const inputBound = inputSizeBound(input, MAX_JSON_DEPTH, MAX_PAYLOAD_BYTES);
  if (inputBound === UNDECIDED) checkInput(input);
  // A definition is measured once, not per execution: the validated model is never changed after validation.
  if (!measuredDefinitions.has(machine)) {
    checkDefinitionSize(machine);
    measuredDefinitions.add(machine);
  }
  const runtime = new LocalRuntime({
    startTime: options.startTime,
    seed: options.seed,
    readItems: options.readItems,
    writeResults: options.writeResults,
    onRecord: options.onEvent,
    runTask:
      options.runTask ??
      ((request) =>
        Promise.reject(
          new ExecutionError(
            'States.Runtime',
            `No handler for the Task '${request.stateName}' (${request.resource}).`,
          ),
        )),
  });
  const stateMachineName = options.stateMachineName ?? 'local-machine';
  const executionName = options.executionName ?? runtime.uuid();
  const arns = executionArns({ stateMachineName, executionName });
  const started = runtime.now();
  const result = await executeStateMachine(machine, input, {
    // Without mocks the wrapper would only forward every call (a closure per port method per execution).
    runtime: hasMocks(options.mocks) ? withMocks(runtime, new TaskMocker(options.mocks)) : runtime,
    execution: {
      id: arns.executionArn,
      name: executionName,
      input,
      startTime: isoTime(started),
      roleArn: arns.roleArn,
      stateMachineId: arns.stateMachineArn,
      stateMachineName,
    },
    deadline: machine.TimeoutSeconds !== undefined ? started + machine.TimeoutSeconds * 1000 : undefined,
    inputBound: inputBound === UNDECIDED ? undefined : inputBound,
  });
  return { result, trace: runtime.trace.snapshot().events, elapsedMs: runtime.now() - started };
}

/** StartExecution's checks of an input one by one: fit to be JSON, then within 256 KiB. */
function checkInput(input: Json): void {
  const unfit = unfitJson(input, MAX_JSON_DEPTH);
  if (unfit === 'too-deep')
    throw new InvalidExecutionInput(`The input nests JSON values more than ${MAX_JSON_DEPTH} levels deep`);
  if (unfit === 'non-finite')
    throw new InvalidExecutionInput('The input has a number outside the range of a double (about ±1.8e308)');
  checkExecutionInput(input);
}

function hasMocks(mocks: TaskMocks | undefined): mocks is TaskMocks {
  if (mocks === undefined) return false;
  for (const key in mocks) if (Object.prototype.hasOwnProperty.call(mocks, key)) return true;
  return false;
}
