import { itemProcessorOf, type Json, type MapState, queryLanguageOf } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate, type StatesBinding } from '../../dataflow/jsonata';
import { checkBranchInput } from '../../dataflow/limits';
import { applyInputPath } from '../../dataflow/paths';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { inputBinding, processOutputJsonata, processResultJsonPath } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { INLINE_MAP_WIDTH_PATCH, inlineMapWidth } from '../pool';
import { MapRunPaused } from '../pause';
import { runDistributed } from './distributed-run';
import { enterBranch } from './enter-branch';
import { RETRY_TRACE_PATCH, withRetryAndCatch, toExecutionError } from './error-handling';
import { jsonataSource, jsonPathSource, readField, readOptionalField } from './field-values';
import { batchItems, batchLimitsJsonata, batchLimitsJsonPath } from './item-batcher';
import { readItemSource, resolveReaderJsonata, resolveReaderJsonPath } from './item-reader';
import { exceedsTolerance, type MapSettings, toleranceFailure } from './map-tolerance';
import { type RunMachine } from './nested';
import { nextOf } from './next';
import { resolveWriterTarget, type ResultWriterTarget } from './result-writer';

// AWS reads MaxConcurrency before anything else, then the items, then the batcher and the tolerated failures.
async function settingsJsonPath(
  state: MapState,
  machine: MachineContext,
  run: StateRun,
  effective: Json,
  env: EvalEnv,
): Promise<MapSettings> {
  const maxConcurrency = await readOptionalField(
    'MaxConcurrency',
    jsonPathSource(state.MaxConcurrency, state.MaxConcurrencyPath, effective, env),
  );
  // An ItemReader replaces the input as the item source (ItemsPath does not apply to what it reads).
  const rawItems = state.ItemReader
    ? await readItemSource(
        machine.runtime,
        run.name,
        await resolveReaderJsonPath(run.name, state.ItemReader, effective, env),
      )
    : await readField('Items', { via: 'path', path: state.ItemsPath ?? '$', input: effective, env });
  const batch = state.ItemBatcher && (await batchLimitsJsonPath(state.ItemBatcher, effective, env));
  const selector = state.ItemSelector ?? state.Parameters;
  return {
    items: batch ? batchItems(rawItems, batch) : rawItems,
    maxConcurrency: maxConcurrency ?? 0,
    toleratedCount: await readOptionalField(
      'ToleratedFailureCount',
      jsonPathSource(state.ToleratedFailureCount, state.ToleratedFailureCountPath, effective, env),
    ),
    toleratedPercentage: await readOptionalField(
      'ToleratedFailurePercentage',
      jsonPathSource(state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, effective, env),
    ),
    // Synchronous: in the workflow sandbox each promise costs a stack capture, and a Map makes one per item.
    // Only a built input is measured: a plain item is part of the Map's input, already within the quota.
    itemInput: (item, index) => {
      if (!selector) {
        if (batch) checkBranchInput(item, run.name, machine.runtime);
        return item;
      }
      const input = evaluatePayloadTemplate(
        selector,
        effective,
        evalEnv(machine, run, { mapItem: { index, value: item } }),
        'ItemSelector',
      );
      checkBranchInput(input, run.name, machine.runtime);
      return input;
    },
  };
}

async function settingsJsonata(
  state: MapState,
  machine: MachineContext,
  run: StateRun,
  states: StatesBinding,
  env: EvalEnv,
): Promise<MapSettings> {
  const maxConcurrency = await readOptionalField(
    'MaxConcurrency',
    jsonataSource(state.MaxConcurrency, states, env),
  );
  const rawItems = state.ItemReader
    ? await readItemSource(
        machine.runtime,
        run.name,
        await resolveReaderJsonata(run.name, state.ItemReader, states, env),
      )
    : await readField(
        'Items',
        jsonataSource(state.Items, states, env) ?? { via: 'literal', value: states.input },
      );
  const batch = state.ItemBatcher && (await batchLimitsJsonata(state.ItemBatcher, states, env));
  return {
    items: batch ? batchItems(rawItems, batch) : rawItems,
    maxConcurrency: maxConcurrency ?? 0,
    toleratedCount: await readOptionalField(
      'ToleratedFailureCount',
      jsonataSource(state.ToleratedFailureCount, states, env),
    ),
    toleratedPercentage: await readOptionalField(
      'ToleratedFailurePercentage',
      jsonataSource(state.ToleratedFailurePercentage, states, env),
    ),
    itemInput: async (item, index) => {
      if (state.ItemSelector === undefined) {
        // An Items expression or a batch can build an item larger than the Map's input.
        if (batch || state.Items !== undefined) checkBranchInput(item, run.name, machine.runtime);
        return item;
      }
      const itemEnv = evalEnv(machine, run, { mapItem: { index, value: item } });
      const input = await evaluateJsonataTemplate(
        state.ItemSelector,
        { ...states, context: itemEnv.context },
        itemEnv,
        'ItemSelector',
      );
      checkBranchInput(input, run.name, machine.runtime);
      return input;
    },
  };
}

/** Where a ResultWriter exports, evaluating its Parameters (JSONPath) or Arguments (JSONata) on the Map's input. */
async function writerTarget(
  state: MapState,
  run: StateRun,
  jsonata: boolean,
  input: { readonly effective: Json; readonly states: StatesBinding; readonly env: EvalEnv },
): Promise<ResultWriterTarget | undefined> {
  const writer = state.ResultWriter;
  if (writer?.Resource === undefined) return undefined;
  const parameters = jsonata
    ? writer.Arguments === undefined
      ? undefined
      : await evaluateJsonataTemplate(writer.Arguments, input.states, input.env, 'Arguments')
    : writer.Parameters
      ? evaluatePayloadTemplate(writer.Parameters, input.effective, input.env, 'Parameters')
      : undefined;
  return resolveWriterTarget(run.name, writer, parameters);
}

/**
 * Whether anything after the Map reads its result: in JSONPath unless ResultPath is null; in JSONata when Output is
 * absent (the result is the output) or Output or Assign may name `$states` for more than its input or context.
 */
function readsResult(state: MapState, jsonata: boolean): boolean {
  if (!jsonata) return state.ResultPath !== null;
  if (state.Output === undefined) return true;
  return /\$states(?!\.(?:input|context)\b)/.test(JSON.stringify([state.Output, state.Assign ?? null]));
}

/**
 * Runs a Map state: one run of the item processor per item (or batch), at most MaxConcurrency at a time, each in
 * its own variable scope; results in item order. Distributed mode runs its iterations apart, in child batches.
 */
export function executeMap(
  state: MapState,
  machine: MachineContext,
  run: StateRun,
  raw: Json,
  runMachine: RunMachine,
): Promise<StateOutcome> {
  const jsonata = queryLanguageOf(state, machine.queryLanguage) === 'JSONata';
  const processor = itemProcessorOf(state);
  const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
  // A failed attempt's MapStateFailed waits for the retriers' decision (RETRY_TRACE_PATCH).
  let failurePending = false;
  const decided = (retrying: boolean) => {
    if (!failurePending) return;
    failurePending = false;
    const runtime = machine.runtime;
    if (!retrying)
      machine.history.emit(runtime, { type: 'MapStateFailed', timestamp: runtime.now(), state: run.name });
  };
  const attempt = async (current: StateRun): Promise<StateOutcome> => {
    const env = evalEnv(machine, current);
    const states = inputBinding(raw, env);
    const effective = jsonata ? raw : applyInputPath(state.InputPath, raw, env);
    const settings = jsonata
      ? await settingsJsonata(state, machine, current, states, env)
      : await settingsJsonPath(state, machine, current, effective, env);
    const target = distributed
      ? await writerTarget(state, current, jsonata, { effective, states, env })
      : undefined;
    const runtime = machine.runtime;
    // A Map Run resumed after continue-as-new started in an earlier run, which recorded its start.
    const resumed = current.mapRun;
    const startedAt = resumed?.startedAt ?? runtime.now();
    const started = distributed ? 'MapRunStarted' : 'MapStateStarted';
    if (!resumed) machine.history.emit(runtime, { type: started, timestamp: runtime.now(), state: run.name });
    const queryLanguage = processor.QueryLanguage ?? state.QueryLanguage ?? machine.queryLanguage;
    let failures = 0;
    let ended = false;
    const iterations = settings.items.map((item, index) => async (): Promise<Json> => {
      // Entering the iteration spends the task's budget too, so a Map of one-state iterations still pauses.
      const pause = enterBranch(runtime);
      if (pause) await pause;
      // The Map failed while this iteration waited: it never starts, as one the pool had not started yet.
      if (ended) return null;
      const pending = settings.itemInput(item, index);
      const input = pending instanceof Promise ? await pending : pending;
      machine.history.emit(runtime, {
        type: 'MapIterationStarted',
        timestamp: runtime.now(),
        state: run.name,
        index,
      });
      try {
        const output = await runMachine(processor, input, {
          ...machine,
          // The iteration's events carry its index, so GetExecutionHistory links each within its own iteration.
          history: machine.history.within(index),
          scope: machine.scope.child(),
          queryLanguage,
          nested: true,
        });
        machine.history.emit(runtime, {
          type: 'MapIterationSucceeded',
          timestamp: runtime.now(),
          state: run.name,
          index,
        });
        return output;
      } catch (err) {
        const error = toExecutionError(err);
        machine.history.emit(runtime, {
          type: 'MapIterationFailed',
          timestamp: runtime.now(),
          state: run.name,
          index,
          error: error.error,
          cause: error.causeText,
        });
        failures += 1;
        if (!exceedsTolerance(settings, failures)) return { Error: error.error, Cause: error.causeText };
        throw toleranceFailure(settings, error);
      }
    });
    let results: Json;
    try {
      results = distributed
        ? await runDistributed({
            state,
            machine,
            run: current,
            settings,
            processor,
            queryLanguage,
            target,
            startedAt,
            // Nothing reads the iterations' outputs: the children need not send them back.
            discardOutputs: state.ResultWriter === undefined && !readsResult(state, jsonata),
          })
        : await runtime.all(iterations, {
            // MaxConcurrency 0 still means every item; the width only bounds how many run at once, as on AWS.
            limit:
              runtime.isPatched?.(INLINE_MAP_WIDTH_PATCH) === false
                ? settings.maxConcurrency
                : inlineMapWidth(settings.maxConcurrency),
          });
    } catch (err) {
      if (err instanceof MapRunPaused) throw err;
      ended = true;
      if (distributed) {
        // The Map Run fails with the error the Map then fails with (exceeded tolerance, a batch's failure).
        const error = toExecutionError(err);
        machine.history.emit(runtime, {
          type: 'MapRunFailed',
          timestamp: runtime.now(),
          state: run.name,
          error: error.error,
          cause: error.causeText,
        });
      } else if (state.Retry?.length && runtime.isPatched?.(RETRY_TRACE_PATCH) !== false) {
        failurePending = true;
      } else {
        machine.history.emit(runtime, { type: 'MapStateFailed', timestamp: runtime.now(), state: run.name });
      }
      throw err;
    }
    const type = distributed ? 'MapRunSucceeded' : 'MapStateSucceeded';
    machine.history.emit(runtime, { type, timestamp: runtime.now(), state: run.name });
    const processed = jsonata
      ? await processOutputJsonata(state, { ...states, result: results }, results, env)
      : processResultJsonPath(state, raw, results, evalEnv(machine, current));
    return { ...processed, next: nextOf(state) };
  };
  return withRetryAndCatch(state, machine, run, attempt, raw, decided);
}
