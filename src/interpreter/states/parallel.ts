import { type Json, type ParallelState, queryLanguageOf } from '../../asl/types';
import { evaluateJsonataTemplate } from '../../dataflow/jsonata';
import { checkBranchInput } from '../../dataflow/limits';
import { applyInputPath } from '../../dataflow/paths';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { inputBinding, processOutputJsonata, processResultJsonPath } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { enterBranch } from './enter-branch';
import { type RunMachine } from './nested';
import { RETRY_TRACE_PATCH, withRetryAndCatch } from './error-handling';
import { nextOf } from './next';

/**
 * Runs a Parallel state: every branch gets the same input in its own variable scope; the result is the array of
 * branch outputs in branch order; the first failing branch fails the state and cancels the others.
 */
export function executeParallel(
  state: ParallelState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
  runMachine: RunMachine,
): Promise<StateOutcome> {
  const jsonata = queryLanguageOf(state, machine.queryLanguage) === 'JSONata';
  // A failed attempt's ParallelStateFailed waits for the retriers' decision (RETRY_TRACE_PATCH).
  let failurePending = false;
  const decided = (retrying: boolean) => {
    if (!failurePending) return;
    failurePending = false;
    const runtime = machine.runtime;
    if (!retrying) {
      machine.history.emit(runtime, {
        type: 'ParallelStateFailed',
        timestamp: runtime.now(),
        state: run.name,
      });
    }
  };
  const attempt = async (current: StateRun): Promise<StateOutcome> => {
    const env = evalEnv(machine, current);
    const states = inputBinding(raw, env);
    let branchInput: Json;
    if (jsonata) {
      branchInput =
        state.Arguments === undefined
          ? raw
          : await evaluateJsonataTemplate(state.Arguments, states, env, 'Arguments');
    } else {
      const effective = applyInputPath(state.InputPath, raw, env);
      branchInput = state.Parameters
        ? evaluatePayloadTemplate(state.Parameters, effective, env, 'Parameters')
        : effective;
    }
    // Only a built input is measured: the state's input (or the part InputPath selects) is within the quota.
    if (branchInput !== raw && (state.Arguments !== undefined || state.Parameters !== undefined)) {
      checkBranchInput(branchInput, run.name, machine.runtime);
    }
    machine.history.emit(machine.runtime, {
      type: 'ParallelStateStarted',
      timestamp: machine.runtime.now(),
      state: run.name,
    });
    let results: Json[];
    let ended = false;
    try {
      results = await machine.runtime.all(
        // Every branch starts at once, as on AWS (the definition bounds their number); each may pause first.
        state.Branches.map((branch, index) => async () => {
          const pause = enterBranch(machine.runtime);
          if (pause) await pause;
          // The state failed while this branch waited: it never starts.
          if (ended) return null;
          return runMachine(branch, branchInput, {
            ...machine,
            // The branch's events carry its index, so GetExecutionHistory links each within its own branch.
            history: machine.history.within(index),
            scope: machine.scope.child(),
            queryLanguage: branch.QueryLanguage ?? state.QueryLanguage ?? machine.queryLanguage,
            nested: true,
          });
        }),
      );
    } catch (err) {
      ended = true;
      if (state.Retry?.length && machine.runtime.isPatched?.(RETRY_TRACE_PATCH) !== false) {
        failurePending = true;
      } else {
        machine.history.emit(machine.runtime, {
          type: 'ParallelStateFailed',
          timestamp: machine.runtime.now(),
          state: run.name,
        });
      }
      throw err;
    }
    machine.history.emit(machine.runtime, {
      type: 'ParallelStateSucceeded',
      timestamp: machine.runtime.now(),
      state: run.name,
    });
    const processed = jsonata
      ? await processOutputJsonata(state, { ...states, result: results }, results, env)
      : processResultJsonPath(state, raw, results, evalEnv(machine, current));
    return { ...processed, next: nextOf(state) };
  };
  return withRetryAndCatch(state, machine, run, attempt, raw, decided);
}
