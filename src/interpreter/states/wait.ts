import { instantToMillis } from '../../asl/expressions/timestamp-syntax';
import { type Json, queryLanguageOf, type WaitState } from '../../asl/types';
import { applyInputPath, applyOutputPath } from '../../dataflow/paths';
import { evaluateAssignJsonPath } from '../../dataflow/variables';
import { inputBinding, processOutputJsonata } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { jsonataSource, jsonPathSource, readOptionalField } from './field-values';
import { nextOf } from './next';

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
    const seconds = await readOptionalField('Seconds', jsonataSource(state.Seconds, states, env));
    const until = await readOptionalField('Timestamp', jsonataSource(state.Timestamp, states, env));
    await machine.runtime.sleep(waitMs(machine, seconds, until && instantToMillis(until)));
    const processed = await processOutputJsonata(state, states, raw, env);
    return { ...processed, next: nextOf(state) };
  }
  const effective = applyInputPath(state.InputPath, raw, env);
  const seconds = await readOptionalField(
    'Seconds',
    jsonPathSource(state.Seconds, state.SecondsPath, effective, env),
  );
  const until = await readOptionalField(
    'Timestamp',
    jsonPathSource(state.Timestamp, state.TimestampPath, effective, env),
  );
  await machine.runtime.sleep(waitMs(machine, seconds, until && instantToMillis(until)));
  const assigned = state.Assign
    ? evaluateAssignJsonPath(state.Assign, { stateInput: effective }, env)
    : undefined;
  return { output: applyOutputPath(state.OutputPath, effective, env), next: nextOf(state), assigned };
}
