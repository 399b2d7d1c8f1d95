import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import { itemProcessorOf, type Json, type MapState, queryLanguageOf } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate, evaluateJsonataTyped, type StatesBinding } from '../../dataflow/jsonata';
import { applyInputPath } from '../../dataflow/paths';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { inputBinding, processOutputJsonata, processResultJsonPath } from '../io';
import { evalEnv, type MachineContext, type StateOutcome, type StateRun } from '../machine-context';
import { runDistributedMapRun } from './distributed-map';
import { withRetryAndCatch, toExecutionError } from './error-handling';
import { readItemSource, resolveReaderJsonata, resolveReaderJsonPath } from './item-reader';
import { exceedsTolerance, type MapSettings, toleranceFailure } from './map-tolerance';
import { type RunMachine } from './nested';
import { nextOf } from './next';
import { numberAtPath, numberFromJsonata, numberFromPath } from './numbers';
import { finishMapRun, resolveWriterTarget, type ResultWriterTarget } from './result-writer';

function runtimeError(message: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.Runtime, message);
}

function checkedConcurrency(value: number | string | undefined): number {
  if (typeof value !== 'number') return 0;
  if (value < 0) throw runtimeError('MaxConcurrency cannot be negative.');
  return value;
}

function checkedCount(value: number | string | undefined): number | undefined {
  if (typeof value !== 'number') return undefined;
  if (value < 0) throw runtimeError('ToleratedFailureCount cannot be negative.');
  return value;
}

function checkedPercentage(value: number | string | undefined): number | undefined {
  if (typeof value !== 'number') return undefined;
  if (value < 0 || value > 100) throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  return value;
}

function requireArray(value: Json, field: string): Json[] {
  if (!Array.isArray(value)) {
    throw new ExecutionError(
      STATES_ERRORS.Runtime,
      `The ${field} field must point to a JSON array, but it was ${value === null ? 'null' : typeof value}: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function batches(
  state: MapState,
  items: Json[],
  batchSize: number | undefined,
  batchInput: Json | undefined,
): Json[] {
  if (!state.ItemBatcher) return items;
  const size = batchSize ?? items.length;
  const out: Json[] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) {
    const batch: { [key: string]: Json } = { Items: items.slice(i, i + Math.max(1, size)) };
    if (batchInput !== undefined) batch.BatchInput = batchInput;
    out.push(batch);
  }
  return out;
}

async function settingsJsonPath(
  state: MapState,
  machine: MachineContext,
  run: StateRun,
  effective: Json,
  env: EvalEnv,
): Promise<MapSettings> {
  // An ItemReader replaces the input as the item source (ItemsPath does not apply to what it reads).
  const rawItems = state.ItemReader
    ? await readItemSource(
        machine.runtime,
        run.name,
        resolveReaderJsonPath(run.name, state.ItemReader, effective, env),
      )
    : requireArray(
        state.ItemsPath === undefined ? effective : applyInputPath(state.ItemsPath, effective, env),
        'ItemsPath',
      );
  const batcher = state.ItemBatcher;
  const batchSize = batcher
    ? numberFromPath(
        { field: 'MaxItemsPerBatch', value: batcher.MaxItemsPerBatch, path: batcher.MaxItemsPerBatchPath },
        effective,
        env,
      )
    : undefined;
  const batchInput =
    batcher?.BatchInput && typeof batcher.BatchInput === 'object' && !Array.isArray(batcher.BatchInput)
      ? evaluatePayloadTemplate(batcher.BatchInput, effective, env, 'BatchInput')
      : batcher?.BatchInput;
  const selector = state.ItemSelector ?? state.Parameters;
  return {
    items: batches(state, rawItems, batchSize, batchInput),
    maxConcurrency: checkedConcurrency(
      state.MaxConcurrencyPath !== undefined
        ? numberAtPath('MaxConcurrency', state.MaxConcurrencyPath, effective, env, 'integer')
        : state.MaxConcurrency,
    ),
    toleratedCount: checkedCount(
      state.ToleratedFailureCountPath !== undefined
        ? numberAtPath('ToleratedFailureCount', state.ToleratedFailureCountPath, effective, env, 'integer')
        : state.ToleratedFailureCount,
    ),
    toleratedPercentage: checkedPercentage(
      state.ToleratedFailurePercentagePath !== undefined
        ? numberAtPath(
            'ToleratedFailurePercentage',
            state.ToleratedFailurePercentagePath,
            effective,
            env,
            'float',
          )
        : state.ToleratedFailurePercentage,
    ),
    itemInput: async (item, index) =>
      selector
        ? evaluatePayloadTemplate(
            selector,
            effective,
            evalEnv(machine, run, { mapItem: { index, value: item } }),
            'ItemSelector',
          )
        : item,
  };
}

async function settingsJsonata(
  state: MapState,
  machine: MachineContext,
  run: StateRun,
  states: StatesBinding,
  env: EvalEnv,
): Promise<MapSettings> {
  const rawItems = state.ItemReader
    ? await readItemSource(
        machine.runtime,
        run.name,
        await resolveReaderJsonata(run.name, state.ItemReader, states, env),
      )
    : requireArray(
        state.Items === undefined
          ? states.input
          : await evaluateJsonataTyped(state.Items, states, env, 'Items', 'array'),
        'Items',
      );
  const batcher = state.ItemBatcher;
  const batchSize = batcher
    ? await numberFromJsonata({ field: 'MaxItemsPerBatch', value: batcher.MaxItemsPerBatch }, states, env)
    : undefined;
  const batchInput =
    batcher?.BatchInput === undefined
      ? undefined
      : await evaluateJsonataTemplate(batcher.BatchInput, states, env, 'BatchInput');
  return {
    items: batches(state, rawItems, batchSize, batchInput),
    maxConcurrency:
      (await numberFromJsonata(
        { field: 'MaxConcurrency', value: state.MaxConcurrency },
        states,
        env,
        true,
      )) ?? 0,
    toleratedCount: await numberFromJsonata(
      { field: 'ToleratedFailureCount', value: state.ToleratedFailureCount },
      states,
      env,
      true,
    ),
    toleratedPercentage: await numberFromJsonata(
      { field: 'ToleratedFailurePercentage', value: state.ToleratedFailurePercentage },
      states,
      env,
      true,
    ),
    itemInput: async (item, index) => {
      if (state.ItemSelector === undefined) return item;
      const itemEnv = evalEnv(machine, run, { mapItem: { index, value: item } });
      return evaluateJsonataTemplate(
        state.ItemSelector,
        { ...states, context: itemEnv.context },
        itemEnv,
        'ItemSelector',
      );
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
    const startedAt = runtime.now();
    const started = distributed ? 'MapRunStarted' : 'MapStateStarted';
    machine.history.emit(runtime, { type: started, timestamp: runtime.now(), state: run.name });
    const queryLanguage = processor.QueryLanguage ?? state.QueryLanguage ?? machine.queryLanguage;
    let failures = 0;
    const iterations = settings.items.map((item, index) => async (): Promise<Json> => {
      const input = await settings.itemInput(item, index);
      machine.history.emit(runtime, {
        type: 'MapIterationStarted',
        timestamp: runtime.now(),
        state: run.name,
        index,
      });
      try {
        const output = await runMachine(processor, input, {
          ...machine,
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
        ? await finishMapRun(
            {
              runtime,
              execution: machine.execution,
              stateName: run.name,
              label: state.Label ?? run.name,
              writer: state.ResultWriter ?? {},
              outcome: await runDistributedMapRun({
                machine,
                run: current,
                settings,
                processor,
                queryLanguage,
              }),
              items: settings.items,
              startedAt,
            },
            target,
          )
        : await runtime.all(iterations, { limit: settings.maxConcurrency });
    } catch (err) {
      const type = distributed ? 'MapRunFailed' : 'MapStateFailed';
      machine.history.emit(runtime, { type, timestamp: runtime.now(), state: run.name });
      throw err;
    }
    const type = distributed ? 'MapRunSucceeded' : 'MapStateSucceeded';
    machine.history.emit(runtime, { type, timestamp: runtime.now(), state: run.name });
    const processed = jsonata
      ? await processOutputJsonata(state, { ...states, result: results }, results, env)
      : processResultJsonPath(state, raw, results, evalEnv(machine, current));
    return { ...processed, next: nextOf(state) };
  };
  return withRetryAndCatch(state, machine, run, attempt, raw);
}
