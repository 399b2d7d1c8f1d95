import { type Json, type PassState, queryLanguageOf } from '../../asl/types';
import { applyInputPath, applyOutputPath, applyResultPath } from '../../dataflow/paths';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateAssignJsonPath } from '../../dataflow/variables';
import { inputBinding, processOutputJsonata } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { nextOf } from './next';

async function executePassJsonata(state: PassState, raw: Json, env: EvalEnv): Promise<StateOutcome> {
  const processed = await processOutputJsonata(state, inputBinding(raw, env), raw, env);
  return { ...processed, next: nextOf(state) };
}

/**
 * Runs a Pass state: its result is `Result`, else its Parameters, else its (effective) input. Synchronous in
 * JSONPath, so a loop of pure states creates no promise per step (each costs a stack capture in the sandbox).
 */
export function executePass(
  state: PassState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): StateOutcome | Promise<StateOutcome> {
  const env = evalEnv(machine, run);
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') return executePassJsonata(state, raw, env);
  const effective = applyInputPath(state.InputPath, raw, env);
  const result =
    state.Result !== undefined
      ? state.Result
      : state.Parameters
        ? evaluatePayloadTemplate(state.Parameters, effective, env, 'Parameters')
        : effective;
  const assigned = state.Assign
    ? evaluateAssignJsonPath(state.Assign, { stateInput: raw, result }, env)
    : undefined;
  const output = applyOutputPath(state.OutputPath, applyResultPath(state.ResultPath, raw, result), env);
  return { output, next: nextOf(state), assigned };
}
