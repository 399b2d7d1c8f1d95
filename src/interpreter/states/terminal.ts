import { ExecutionError } from '../../asl/errors';
import { type FailState, type Json, queryLanguageOf, type SucceedState } from '../../asl/types';
import { evaluateJsonataTemplate } from '../../dataflow/jsonata';
import { applyInputPath, applyOutputPath } from '../../dataflow/paths';
import { evaluateDynamic } from '../../dataflow/payload';
import { inputBinding, processOutputJsonata } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';

/** Runs a Succeed state: ends the machine with its (filtered) input. */
export async function executeSucceed(
  state: SucceedState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<StateOutcome> {
  const env = evalEnv(machine, run);
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') {
    const processed = await processOutputJsonata(state, inputBinding(raw, env), raw, env);
    return { output: processed.output, next: null };
  }
  return {
    output: applyOutputPath(state.OutputPath, applyInputPath(state.InputPath, raw, env), env),
    next: null,
  };
}

function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Runs a Fail state: raises its Error and Cause (literal, by path or intrinsic, or by JSONata). */
export async function executeFail(
  state: FailState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<never> {
  const env = evalEnv(machine, run);
  let error: Json | undefined = state.Error;
  let cause: Json | undefined = state.Cause;
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') {
    const states = inputBinding(raw, env);
    if (error !== undefined) error = await evaluateJsonataTemplate(error, states, env, 'Error');
    if (cause !== undefined) cause = await evaluateJsonataTemplate(cause, states, env, 'Cause');
  } else {
    // ErrorPath/CausePath take a reference path or an intrinsic function, like a `.$` field.
    if (state.ErrorPath !== undefined) {
      error = evaluateDynamic('ErrorPath', state.ErrorPath, raw, env, 'ErrorPath');
    }
    if (state.CausePath !== undefined) {
      cause = evaluateDynamic('CausePath', state.CausePath, raw, env, 'CausePath');
    }
  }
  throw new ExecutionError(
    error === undefined ? '' : asText(error),
    cause === undefined ? '' : asText(cause),
    true,
  );
}
