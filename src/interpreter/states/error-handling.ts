import { ExecutionError, isExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json, queryLanguageOf, type RetryableState } from '../../asl/types';
import { evaluateJsonataTemplate } from '../../dataflow/jsonata';
import { applyResultPath } from '../../dataflow/paths';
import { evaluateAssignJsonata, evaluateAssignJsonPath } from '../../dataflow/variables';
import { findCatcher } from '../catch';
import { inputBinding } from '../io';
import { locateError } from '../history';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { decideRetry, type Retrier, withRetrierDefaults } from '../retry';
import { MapRunPaused } from '../pause';

/**
 * Whether a Map or Parallel with a Retry leaves its MapStateFailed/ParallelStateFailed out of the trace when a
 * retrier takes the failure, as AWS does (test_map_state_retry): the event is recorded once the retriers have
 * decided, and only if none retries. It changes later event ids (so causes and Distributed Map child ids), hence
 * the patch; executions started before it record the event on every failed attempt, as they did.
 */
export const RETRY_TRACE_PATCH = 'asl-retry-no-failed-event';

/** Turns anything thrown inside a state into an ASL error (unknown failures are States.Runtime). */
export function toExecutionError(err: unknown): ExecutionError {
  if (isExecutionError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ExecutionError(STATES_ERRORS.Runtime, message);
}

/** The error output Catch hands on: `{"Error": ..., "Cause": ...}`. */
function errorOutput(error: ExecutionError): Json {
  return { Error: error.error, Cause: error.causeText };
}

// A state's retriers with their defaults, built once per state object (read-only, like the definition they come
// from) rather than on every run of the state.
const retrierCache = new WeakMap<RetryableState, readonly Retrier[]>();

function retriersOf(state: RetryableState): readonly Retrier[] {
  let retriers = retrierCache.get(state);
  if (!retriers) {
    retriers = (state.Retry ?? []).map((r) =>
      withRetrierDefaults({
        errorEquals: r.ErrorEquals,
        intervalSeconds: r.IntervalSeconds,
        maxAttempts: r.MaxAttempts,
        backoffRate: r.BackoffRate,
        maxDelaySeconds: r.MaxDelaySeconds,
        jitterStrategy: r.JitterStrategy,
      }),
    );
    retrierCache.set(state, retriers);
  }
  return retriers;
}

/**
 * Runs a Task, Parallel or Map attempt under its Retry and Catch: retriers decide with durable sleeps between
 * attempts (each attempt sees `$$.State.RetryCount`); an error no retrier takes goes to the first matching catcher,
 * whose output is the error output placed at its ResultPath (JSONPath) or its Output (JSONata).
 */
export async function withRetryAndCatch(
  state: RetryableState,
  machine: MachineContext,
  run: StateRun,
  attempt: (run: StateRun) => Promise<StateOutcome>,
  rawInput: Json,
  decided?: (retrying: boolean) => void,
): Promise<StateOutcome> {
  const retriers = retriersOf(state);
  // A Map Run resumed after continue-as-new brings the attempts its retriers had spent.
  const counts = retriers.map((_, i) => run.mapRun?.retrierCounts[i] ?? 0);
  let current = run;
  for (;;) {
    try {
      return await attempt(current);
    } catch (err) {
      if (err instanceof MapRunPaused) {
        err.progress = { ...err.progress, retrierCounts: [...counts] };
        throw err;
      }
      const raw = toExecutionError(err);
      const error = locateError(raw, current.name, current.enteredEventId);
      // A state's own States.Runtime error ends the execution: no retrier or catcher sees it, as on AWS.
      if (!raw.located && error.error === STATES_ERRORS.Runtime) {
        decided?.(false);
        throw error;
      }
      const decision = decideRetry(retriers, counts, error.error, () => machine.runtime.random());
      // A Map or Parallel records its failure only when no retrier takes it (RETRY_TRACE_PATCH).
      decided?.(decision.retry);
      if (decision.retry) {
        counts[decision.retrierIndex] += 1;
        await machine.runtime.sleep(decision.delayMs);
        current = { ...current, retryCount: (current.retryCount ?? 0) + 1, mapRun: undefined };
        continue;
      }
      const catcher = findCatcher(state.Catch, error.error);
      if (!catcher) throw error;
      const env = evalEnv(machine, current);
      const caught = errorOutput(error);
      if (queryLanguageOf(state, machine.queryLanguage) === 'JSONata') {
        const states = { ...inputBinding(rawInput, env), errorOutput: caught };
        // AWS names a catcher's fields by its place in Catch: `Catch[1]/Output/v`.
        const at = `Catch[${(state.Catch ?? []).indexOf(catcher)}]`;
        const assigned = catcher.Assign
          ? await evaluateAssignJsonata(catcher.Assign, states, env, `${at}/Assign`)
          : undefined;
        const output =
          catcher.Output === undefined
            ? caught
            : await evaluateJsonataTemplate(catcher.Output, states, env, `${at}/Output`);
        return { output, next: catcher.Next, assigned };
      }
      const assigned = catcher.Assign
        ? evaluateAssignJsonPath(catcher.Assign, { stateInput: rawInput, result: caught }, env)
        : undefined;
      return { output: applyResultPath(catcher.ResultPath, rawInput, caught), next: catcher.Next, assigned };
    }
  }
}
