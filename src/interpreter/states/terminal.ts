import { ExecutionError } from '../../asl/errors';
import { type FailState, type Json, queryLanguageOf, type SucceedState } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate } from '../../dataflow/jsonata';
import { applyInputPath, applyOutputPath } from '../../dataflow/paths';
import { evaluateDynamic } from '../../dataflow/payload';
import { inputBinding, processOutputJsonata } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';

async function executeSucceedJsonata(state: SucceedState, raw: Json, env: EvalEnv): Promise<StateOutcome> {
  const processed = await processOutputJsonata(state, inputBinding(raw, env), raw, env);
  return { output: processed.output, next: null };
}

/** Runs a Succeed state: ends the machine with its (filtered) input; synchronous in JSONPath. */
export function executeSucceed(
  state: SucceedState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): StateOutcome | Promise<StateOutcome> {
  const env = evalEnv(machine, run);
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata')
    return executeSucceedJsonata(state, raw, env);
  return {
    output: applyOutputPath(state.OutputPath, applyInputPath(state.InputPath, raw, env), env),
    next: null,
  };
}

function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function failure(error: Json | undefined, cause: Json | undefined): ExecutionError {
  return new ExecutionError(
    error === undefined ? '' : asText(error),
    cause === undefined ? '' : asText(cause),
    true,
  );
}

async function executeFailJsonata(state: FailState, raw: Json, env: EvalEnv): Promise<never> {
  const states = inputBinding(raw, env);
  const error =
    state.Error === undefined ? undefined : await evaluateJsonataTemplate(state.Error, states, env, 'Error');
  const cause =
    state.Cause === undefined ? undefined : await evaluateJsonataTemplate(state.Cause, states, env, 'Cause');
  throw failure(error, cause);
}

/**
 * Runs a Fail state: raises its Error and Cause (literal, by path or intrinsic, or by JSONata). In JSONPath it
 * throws synchronously; in JSONata the returned promise rejects.
 */
export function executeFail(
  state: FailState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): Promise<never> {
  const env = evalEnv(machine, run);
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') return executeFailJsonata(state, raw, env);
  let error: Json | undefined = state.Error;
  let cause: Json | undefined = state.Cause;
  // ErrorPath/CausePath take a reference path or an intrinsic function, like a `.$` field.
  if (state.ErrorPath !== undefined)
    error = evaluateDynamic('ErrorPath', state.ErrorPath, raw, env, 'ErrorPath');
  if (state.CausePath !== undefined)
    cause = evaluateDynamic('CausePath', state.CausePath, raw, env, 'CausePath');
  throw failure(error, cause);
}
