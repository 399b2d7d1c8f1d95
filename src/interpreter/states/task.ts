import { ExecutionError } from '../../asl/errors';
import { type Json, queryLanguageOf, type TaskState } from '../../asl/types';
import { type TaskRequest } from '../runtime';
import { toExecutionError } from './error-handling';
import { evaluateJsonataTemplate } from '../../dataflow/jsonata';
import { applyInputPath } from '../../dataflow/paths';
import { exceedsPayloadQuota, inputTooLarge, MAX_PAYLOAD_BYTES, resultTooLarge } from '../../dataflow/limits';
import { measuredSize, placedBound, selectedBound, templateBound } from '../../dataflow/size-bounds';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { checkTaskParameters, taskResultSource } from '../integrations/check';
import { inputBinding, processOutputJsonata, processResultJsonPath } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { withRetryAndCatch } from './error-handling';
import { nextOf } from './next';
import { jsonataSource, jsonPathSource, readOptionalField } from './field-values';

/**
 * Runs the Task through the runtime, recording TaskScheduled, TaskStarted and TaskSucceeded/TaskFailed as Step
 * Functions does; the Task's failure is its own (never prefixed with the state's location). Before anything is
 * scheduled, an input over 256 KiB fails the state with States.DataLimitExceeded, and parameters the integration
 * cannot read fail it with States.Runtime (unless a mock answers the Task); a result over 256 KiB fails the Task
 * with States.DataLimitExceeded.
 */
async function callTask(
  machine: MachineContext,
  request: TaskRequest,
  parametersBound?: number,
): Promise<BoundedResult> {
  // `request` carries the calling execution already (see taskRequest), so it goes to the runtime as it is.
  const { runtime, history } = machine;
  if (
    !(parametersBound !== undefined && parametersBound <= MAX_PAYLOAD_BYTES) &&
    exceedsPayloadQuota(request.parameters)
  )
    throw inputTooLarge(request.stateName);
  if (!runtime.answersFromMock?.(request)) checkTaskParameters(request.resource, request.parameters);
  history.emit(runtime, {
    type: 'TaskScheduled',
    timestamp: runtime.now(),
    state: request.stateName,
    resource: request.resource,
    input: request.parameters,
    timeoutSeconds: request.timeoutSeconds,
    heartbeatSeconds: request.heartbeatSeconds,
  });
  history.emit(runtime, {
    type: 'TaskStarted',
    timestamp: runtime.now(),
    state: request.stateName,
    resource: request.resource,
  });
  try {
    const result = await runtime.runTask(request);
    const bound = measuredSize(result);
    if (bound > MAX_PAYLOAD_BYTES) throw resultTooLarge(taskResultSource(request.resource));
    history.emit(runtime, {
      type: 'TaskSucceeded',
      timestamp: runtime.now(),
      state: request.stateName,
      output: result,
    });
    return { result, bound };
  } catch (err) {
    const error = toExecutionError(err);
    history.emit(runtime, {
      type: 'TaskFailed',
      timestamp: runtime.now(),
      state: request.stateName,
      error: error.error,
      cause: error.causeText,
    });
    throw new ExecutionError(error.error, error.causeText, true);
  }
}

/** A Task's result and at most how many bytes it takes (measured for the quota check). */
interface BoundedResult {
  readonly result: Json;
  readonly bound: number;
}

/** The Task's request, the calling execution included (built in one literal: no copy per call). */
function taskRequest(
  machine: MachineContext,
  run: StateRun,
  resource: string,
  parameters: Json,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
  credentials: Json | undefined,
  taskToken: string | undefined,
): TaskRequest {
  return {
    stateName: run.name,
    resource,
    parameters,
    timeoutSeconds,
    heartbeatSeconds,
    credentials,
    taskToken,
    execution: { executionArn: machine.execution.id, stateMachineArn: machine.execution.stateMachineId },
  };
}

/** Whether a Resource waits for a task token (`.waitForTaskToken`). */
function waitsForToken(resource: string): boolean {
  return resource.endsWith('.waitForTaskToken');
}

async function attemptJsonPath(
  state: TaskState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<StateOutcome> {
  const taskToken = waitsForToken(state.Resource) ? machine.runtime.taskToken() : undefined;
  const env = taskToken === undefined ? evalEnv(machine, run) : evalEnv(machine, run, { taskToken });
  const effective = applyInputPath(state.InputPath, raw, env);
  const parameters = state.Parameters
    ? evaluatePayloadTemplate(state.Parameters, effective, env, 'Parameters')
    : effective;
  // An absent field is awaited as `undefined`: the one microtask that awaiting readOptionalField's settled promise
  // took, so concurrent branches interleave (and schedule their work) as before, without an async call per field.
  const timeoutSource = jsonPathSource(state.TimeoutSeconds, state.TimeoutSecondsPath, effective, env);
  const timeoutSeconds =
    timeoutSource === undefined ? await undefined : await readOptionalField('TimeoutSeconds', timeoutSource);
  const heartbeatSource = jsonPathSource(state.HeartbeatSeconds, state.HeartbeatSecondsPath, effective, env);
  const heartbeatSeconds =
    heartbeatSource === undefined
      ? await undefined
      : await readOptionalField('HeartbeatSeconds', heartbeatSource);
  const effectiveBound = selectedBound(state.InputPath, run.inputBound);
  const { result, bound } = await callTask(
    machine,
    taskRequest(
      machine,
      run,
      state.Resource,
      parameters,
      timeoutSeconds,
      heartbeatSeconds,
      typeof state.Credentials === 'object' ? state.Credentials : undefined,
      taskToken,
    ),
    state.Parameters ? templateBound(state.Parameters, effectiveBound) : effectiveBound,
  );
  // The same env as the input's: the state's `$$` and variables cannot change while it runs.
  const processed = processResultJsonPath(state, raw, result, env);
  const selected = state.ResultSelector ? templateBound(state.ResultSelector, bound) : bound;
  const outputBound = selectedBound(
    state.OutputPath,
    placedBound(state.ResultPath, run.inputBound, selected),
  );
  return { output: processed.output, assigned: processed.assigned, next: nextOf(state), outputBound };
}

async function attemptJsonata(
  state: TaskState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<StateOutcome> {
  const taskToken = waitsForToken(state.Resource) ? machine.runtime.taskToken() : undefined;
  const env = evalEnv(machine, run, { taskToken });
  const states = inputBinding(raw, env);
  const parameters =
    state.Arguments === undefined
      ? raw
      : await evaluateJsonataTemplate(state.Arguments, states, env, 'Arguments');
  const timeoutSeconds = await readOptionalField(
    'TimeoutSeconds',
    jsonataSource(state.TimeoutSeconds, states, env),
  );
  const heartbeatSeconds = await readOptionalField(
    'HeartbeatSeconds',
    jsonataSource(state.HeartbeatSeconds, states, env),
  );
  const credentials =
    state.Credentials === undefined
      ? undefined
      : await evaluateJsonataTemplate(state.Credentials, states, env, 'Credentials');
  const { result } = await callTask(
    machine,
    taskRequest(
      machine,
      run,
      state.Resource,
      parameters,
      timeoutSeconds,
      heartbeatSeconds,
      credentials,
      taskToken,
    ),
  );
  const processed = await processOutputJsonata(state, { ...states, result }, result, env);
  return { ...processed, next: nextOf(state) };
}

/** Runs a Task state: input processing, the task through the runtime, result processing, Retry and Catch. */
export function executeTask(
  state: TaskState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<StateOutcome> {
  const jsonata = queryLanguageOf(state, machine.queryLanguage) === 'JSONata';
  return withRetryAndCatch(
    state,
    machine,
    run,
    (current) =>
      jsonata ? attemptJsonata(state, machine, current, raw) : attemptJsonPath(state, machine, current, raw),
    raw,
  );
}
