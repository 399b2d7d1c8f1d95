import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json, queryLanguageOf, type WaitState } from '../../asl/types';
import { evaluateJsonataTemplate } from '../../dataflow/jsonata';
import { applyInputPath, applyOutputPath } from '../../dataflow/paths';
import { instantToMillis, parseTimestamp } from '../../asl/expressions/timestamp-syntax';
import { evaluateAssignJsonPath } from '../../dataflow/variables';
import { inputBinding, processOutputJsonata } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { nextOf } from './next';

function secondsValue(field: string, value: Json): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ExecutionError(
      STATES_ERRORS.Runtime,
      `The value of the field '${field}' must be a non-negative integer, but was ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function timestampValue(field: string, value: Json, errorName: string): number {
  const instant = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (!instant) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw new ExecutionError(
      errorName,
      `The ${field} field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown}`,
    );
  }
  return instantToMillis(instant);
}

/** How long to wait, in ms, from a number of seconds or a timestamp (a past time waits not at all). */
function waitMs(machine: MachineContext, seconds?: number, until?: number): number {
  if (seconds !== undefined) return seconds * 1000;
  if (until !== undefined) return Math.max(0, until - machine.runtime.now());
  return 0;
}

/** Runs a Wait state on the runtime's (durable or virtual) clock. */
export async function executeWait(
  state: WaitState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<StateOutcome> {
  const env = evalEnv(machine, run);
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') {
    const states = inputBinding(raw, env);
    const seconds =
      state.Seconds === undefined
        ? undefined
        : secondsValue('Seconds', await evaluateJsonataTemplate(state.Seconds, states, env, 'Seconds'));
    const until =
      state.Timestamp === undefined
        ? undefined
        : timestampValue(
            'Timestamp',
            await evaluateJsonataTemplate(state.Timestamp, states, env, 'Timestamp'),
            STATES_ERRORS.QueryEvaluationError,
          );
    await machine.runtime.sleep(waitMs(machine, seconds, until));
    const processed = await processOutputJsonata(state, states, raw, env);
    return { ...processed, next: nextOf(state) };
  }
  const effective = applyInputPath(state.InputPath, raw, env);
  const seconds =
    typeof state.Seconds === 'number'
      ? state.Seconds
      : state.SecondsPath !== undefined
        ? secondsValue('SecondsPath', applyInputPath(state.SecondsPath, effective, env))
        : undefined;
  const until =
    state.Timestamp !== undefined
      ? timestampValue('Timestamp', state.Timestamp, STATES_ERRORS.Runtime)
      : state.TimestampPath !== undefined
        ? timestampValue(
            'TimestampPath',
            applyInputPath(state.TimestampPath, effective, env),
            STATES_ERRORS.Runtime,
          )
        : undefined;
  await machine.runtime.sleep(waitMs(machine, seconds, until));
  const assigned = state.Assign
    ? evaluateAssignJsonPath(state.Assign, { stateInput: effective }, env)
    : undefined;
  return { output: applyOutputPath(state.OutputPath, effective, env), next: nextOf(state), assigned };
}
