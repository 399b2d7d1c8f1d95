import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import {
  type ChoiceRule,
  type ChoiceState,
  type Json,
  type JsonataChoiceRule,
  queryLanguageOf,
} from '../../asl/types';
import { evaluateChoiceCondition } from '../../dataflow/choice';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataCondition } from '../../dataflow/jsonata';
import { applyInputPath, applyOutputPath } from '../../dataflow/paths';
import { evaluateAssignJsonPath } from '../../dataflow/variables';
import { inputBinding, processOutputJsonata } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';

function noChoiceMatched(state: string): ExecutionError {
  return new ExecutionError(
    STATES_ERRORS.NoChoiceMatched,
    `No Matches! An error occurred while executing the state '${state}'.`,
  );
}

function isJsonataRule(rule: ChoiceRule): rule is JsonataChoiceRule {
  return 'Condition' in rule;
}

async function executeChoiceJsonata(
  state: ChoiceState,
  run: StateRun,
  raw: Json,
  env: EvalEnv,
): Promise<StateOutcome> {
  const states = inputBinding(raw, env);
  for (const [index, rule] of state.Choices.entries()) {
    if (!isJsonataRule(rule)) continue;
    // AWS names a rule's fields by its place in Choices: `Choices[1]/Condition`, `Choices[1]/Output/v`.
    const at = `Choices[${index}]`;
    if (await evaluateJsonataCondition(rule.Condition, states, env, `${at}/Condition`)) {
      // A matching rule's own Assign/Output take the place of the state's.
      const processed = await processOutputJsonata(
        { Assign: rule.Assign ?? state.Assign, Output: rule.Output ?? state.Output },
        states,
        raw,
        env,
        {
          assign: rule.Assign === undefined ? 'Assign' : `${at}/Assign`,
          output: rule.Output === undefined ? 'Output' : `${at}/Output`,
        },
      );
      return { ...processed, next: rule.Next };
    }
  }
  if (state.Default === undefined) throw noChoiceMatched(run.name);
  const processed = await processOutputJsonata(state, states, raw, env);
  return { ...processed, next: state.Default };
}

/**
 * Runs a Choice state: the first rule that holds picks Next (and may Assign/Output), else Default. Synchronous in
 * JSONPath, so a loop of pure states creates no promise per step.
 */
export function executeChoice(
  state: ChoiceState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
): StateOutcome | Promise<StateOutcome> {
  const env = evalEnv(machine, run);
  if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') {
    return executeChoiceJsonata(state, run, raw, env);
  }
  const effective = applyInputPath(state.InputPath, raw, env);
  const output = applyOutputPath(state.OutputPath, effective, env);
  for (const rule of state.Choices) {
    if (isJsonataRule(rule)) continue;
    if (evaluateChoiceCondition(rule, effective, env)) {
      const assign = rule.Assign ?? state.Assign;
      const assigned = assign ? evaluateAssignJsonPath(assign, { stateInput: effective }, env) : undefined;
      return { output, next: rule.Next, assigned };
    }
  }
  if (state.Default === undefined) throw noChoiceMatched(run.name);
  const assigned = state.Assign
    ? evaluateAssignJsonPath(state.Assign, { stateInput: effective }, env)
    : undefined;
  return { output, next: state.Default, assigned };
}
