import { ExecutionError, isExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type ItemProcessor, type Json, type QueryLanguage } from '../../asl/types';
import { type MachineContext, type StateRun } from '../machine-context';
import { type ChildItemResult } from '../runtime';
import { exceedsTolerance, type MapSettings, toleranceFailure, toleratedFailures } from './map-tolerance';
import { type MapRunProgress, type ResultFileList } from '../pause';
import { concatFiles, NO_FILES, type ResultFileTarget } from './result-files';
import { processorReadsExecutionInput } from './processor-scan';

/**
 * Iterations per child batch. A Task costs about three events, so a batch of simple processors stays in the low
 * thousands of events, far below Temporal's per-history limits, while a Map of 10,000 items needs only 100 children.
 */
export const DISTRIBUTED_BATCH_SIZE = 100;

/** Children running at once when MaxConcurrency is 0 (unbounded): enough for throughput, gentle on a worker. */
export const MAX_CONCURRENT_CHILDREN = 10;

/** How a Map's MaxConcurrency splits into children at once and iterations at once within each child. */
export interface ConcurrencyPlan {
  readonly children: number;
  /** Iterations at once within one child (0: all of its batch). */
  readonly perChild: number;
}

/** Splits MaxConcurrency so that children × perChild never exceeds it (0: capped children, each unbounded). */
export function planConcurrency(maxConcurrency: number, batchSize = DISTRIBUTED_BATCH_SIZE): ConcurrencyPlan {
  if (maxConcurrency <= 0) return { children: MAX_CONCURRENT_CHILDREN, perChild: 0 };
  const children = Math.min(MAX_CONCURRENT_CHILDREN, Math.ceil(maxConcurrency / batchSize));
  return { children, perChild: Math.min(batchSize, Math.floor(maxConcurrency / children)) };
}

/** What {@link runDistributedIterations} needs from the Map state. */
export interface DistributedRun {
  readonly machine: MachineContext;
  readonly run: StateRun;
  readonly settings: MapSettings;
  readonly processor: ItemProcessor;
  readonly queryLanguage?: QueryLanguage;
  /**
   * The Map discards its result (ResultPath null, no ResultWriter): the children report only each item's status,
   * error and cause, so no iteration output crosses the parent's history.
   */
  readonly discardOutputs?: boolean;
  /** The Map Run to go on with, as a continue-as-new left it: its batches before `nextBatch` have ended. */
  readonly resume?: MapRunProgress;
  /** Asked after each batch ends whether to stop starting batches, so the execution can continue as new. */
  readonly pause?: () => boolean;
  /** A ResultWriter's target, for batches that export their own items. */
  readonly resultFiles?: ResultFileTarget;
}

/** An item of an ended batch whose result the Map discards: only its having ended matters. */
const ENDED: ChildItemResult = Object.freeze({ status: 'SUCCEEDED' });

/** How a Map Run ended, item by item, for the Map's output or a ResultWriter. */
export interface MapRunOutcome {
  /** Each iteration's input (after ItemSelector/ItemBatcher); undefined for items whose batch never started. */
  readonly inputs: readonly (Json | undefined)[];
  /** Each iteration's result; undefined for items never reported (their batch was cancelled or never started). */
  readonly results: readonly (ChildItemResult | undefined)[];
  /** Why the Map Run failed, if it did. */
  readonly failure?: ExecutionError;
  /** The result files the batches wrote (with {@link DistributedRun.resultFiles}), in batch order. */
  readonly files?: ResultFileList;
  /** Set when the run stopped between batches to continue as new: every batch before `nextBatch` has ended. */
  readonly paused?: { readonly nextBatch: number; readonly failures: number };
}

/**
 * Runs a Distributed Map's iterations in batches of {@link DISTRIBUTED_BATCH_SIZE}, each batch apart from this
 * machine through the runtime (a child workflow on Temporal). Failures are counted across batches: beyond the
 * tolerance the Map Run fails, which cancels the batches still running; the outcome keeps what is known per item so a
 * ResultWriter can still export it, as Step Functions does for a failed Map Run.
 */
export async function runDistributedMapRun(options: DistributedRun): Promise<MapRunOutcome> {
  const { machine, run, settings, processor } = options;
  const runtime = machine.runtime;
  const plan = planConcurrency(settings.maxConcurrency);
  const maxFailures = toleratedFailures(settings);
  const runKey = `${run.enteredEventId}.${run.retryCount ?? 0}`;
  // Each child's input carries the execution's facts for `$$.Execution`; the input (often the bulk of it) only when
  // the processor could read it, which a conservative scan of its definition decides.
  const execution = processorReadsExecutionInput(processor)
    ? machine.execution
    : { ...machine.execution, input: null };
  const inputs: (Json | undefined)[] = settings.items.map(() => undefined);
  const outcomes: (ChildItemResult | undefined)[] = settings.items.map(() => undefined);
  const resume = options.resume;
  const startBatch = resume?.nextBatch ?? 0;
  const ended = Math.min(settings.items.length, startBatch * DISTRIBUTED_BATCH_SIZE);
  // An earlier run's results come back as entries of the Map's result, which an output reproduces as is.
  for (let i = 0; i < ended; i++) {
    const carried = resume?.results?.[i];
    outcomes[i] = carried === undefined ? ENDED : { status: 'SUCCEEDED', output: carried };
  }
  let failures = resume?.failures ?? 0;
  let paused = false;
  let launched = startBatch;
  // The files each batch of this run wrote, by batch, so the manifest lists them in item order.
  const batchFiles: ResultFileList[] = [];
  const files = () => batchFiles.reduce(concatFiles, resume?.writer?.files ?? NO_FILES);
  const batchCount = Math.ceil(settings.items.length / DISTRIBUTED_BATCH_SIZE);
  const batches = Array.from({ length: batchCount - startBatch }, (_, k) => async (): Promise<void> => {
    // The pool starts batches in order, so the ones started before a pause are those below `launched`.
    if (paused) return;
    const batchIndex = startBatch + k;
    launched = batchIndex + 1;
    const firstIndex = batchIndex * DISTRIBUTED_BATCH_SIZE;
    const slice = settings.items.slice(firstIndex, firstIndex + DISTRIBUTED_BATCH_SIZE);
    // ItemSelector runs in the parent, as on AWS, one item after the other so any uuid()/random() stays ordered.
    const items: Json[] = [];
    for (const [k, item] of slice.entries()) items.push(await settings.itemInput(item, firstIndex + k));
    items.forEach((input, k) => (inputs[firstIndex + k] = input));
    const ended = await runtime.runChildMachine({
      machine: processor,
      queryLanguage: options.queryLanguage,
      execution,
      stateName: run.name,
      runKey,
      batchIndex,
      firstIndex,
      items,
      maxConcurrency: plan.perChild,
      maxFailures,
      ...(options.discardOutputs ? { discardOutputs: true } : {}),
      ...(options.resultFiles ? { resultFiles: options.resultFiles } : {}),
    });
    const results = ended.results;
    results.forEach((result, k) => (outcomes[firstIndex + k] = result));
    if (ended.files) batchFiles[batchIndex - startBatch] = ended.files;
    for (const result of results) {
      if (result.status !== 'FAILED') continue;
      failures += 1;
      // The child already located the error inside the iteration: the Map must not prefix it again.
      const error = new ExecutionError(result.error, result.cause, true);
      if (exceedsTolerance(settings, failures)) throw toleranceFailure(settings, error);
    }
    if (!paused && options.pause?.()) paused = true;
  });
  try {
    // A paused run starts no further batch: thousands of no-op tasks in one workflow task would strain the sandbox.
    await runtime.all(batches, { limit: plan.children, stop: () => paused });
  } catch (err) {
    // Only the Map Run's own failures are outcomes; a cancelled workflow or a bug propagates as is.
    if (!isExecutionError(err)) throw err;
    return { inputs, results: outcomes, failure: err, files: files() };
  }
  if (paused && launched < batchCount) {
    return { inputs, results: outcomes, paused: { nextBatch: launched, failures }, files: files() };
  }
  return { inputs, results: outcomes, files: files() };
}

/** The Map's result array from a successful Map Run: outputs, and `{Error, Cause}` for tolerated failures. */
export function mapRunResults(outcome: MapRunOutcome, stateName: string): Json[] {
  return outcome.results.map((result) => {
    if (result?.status === 'SUCCEEDED') return result.output ?? null;
    if (result?.status === 'FAILED') return { Error: result.error, Cause: result.cause };
    throw new ExecutionError(STATES_ERRORS.Runtime, `An iteration of '${stateName}' stopped unfinished.`);
  });
}

/** Runs a Distributed Map's iterations and returns the results in item order, or throws the Map Run's failure. */
export async function runDistributedIterations(options: DistributedRun): Promise<Json[]> {
  const outcome = await runDistributedMapRun(options);
  if (outcome.failure) throw outcome.failure;
  return mapRunResults(outcome, options.run.name);
}
