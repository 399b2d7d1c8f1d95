import { type ItemProcessor, type Json, type MapState, type QueryLanguage } from '../../asl/types';
import { MAX_PAYLOAD_BYTES, payloadSize, resultTooLarge } from '../../dataflow/limits';
import { type MachineContext, type StateRun } from '../machine-context';
import { MapRunPaused, type MapRunProgress } from '../pause';
import {
  DISTRIBUTED_BATCH_SIZE,
  mapRunResults,
  type MapRunOutcome,
  runDistributedMapRun,
} from './distributed-map';
import { type MapSettings } from './map-tolerance';
import { NO_FILES } from './result-files';
import { batchFileWriter, finishMapRun, type ResultWriterTarget } from './result-writer';

/**
 * The change that lets a top-level Distributed Map pause its Map Run between batches and continue as new: executions
 * started before it never pause there (their histories have no marker), so they replay as recorded.
 */
export const MAP_RUN_CONTINUE_AS_NEW_PATCH = 'asl-map-run-continue-as-new';

/**
 * The change that has each batch of a Distributed Map with a ResultWriter export its own items' results, so no
 * iteration output reaches the parent's history; older executions export everything from the parent at the end.
 */
export const BATCH_RESULT_FILES_PATCH = 'asl-map-run-batch-result-files';

/** What a Distributed Map state hands its Map Run. */
export interface DistributedMapState {
  readonly state: MapState;
  readonly machine: MachineContext;
  readonly run: StateRun;
  readonly settings: MapSettings;
  readonly processor: ItemProcessor;
  readonly queryLanguage?: QueryLanguage;
  readonly target?: ResultWriterTarget;
  /** When the Map Run started (epoch ms), in this run or the one it resumes. */
  readonly startedAt: number;
  readonly discardOutputs: boolean;
}

/**
 * The results a paused Map Run carries to its next run: none when nothing reads them, else the ended items' entries
 * of the Map's result (outputs, `{Error, Cause}` for tolerated failures), the compact form that the 256 KiB quota on
 * the result bounds.
 */
function carriedResults(
  options: DistributedMapState,
  outcome: MapRunOutcome,
  nextBatch: number,
): MapRunProgress['results'] {
  if (options.discardOutputs || options.target !== undefined) return undefined;
  const ended = Math.min(options.settings.items.length, nextBatch * DISTRIBUTED_BATCH_SIZE);
  const results = mapRunResults({ ...outcome, results: outcome.results.slice(0, ended) }, options.run.name);
  // The Map's result could never be returned: fail now, before the carried results outgrow a Temporal payload.
  if (payloadSize(results) > MAX_PAYLOAD_BYTES) throw resultTooLarge(options.run.name);
  return results;
}

/**
 * Runs a Distributed Map's Map Run and returns the Map's result (the results, or a ResultWriter's export). A
 * top-level Map pauses between batches when the execution's run has grown long, throwing {@link MapRunPaused}: the
 * workflow continues as new and resumes the Map Run at the next batch, so a Map of any size keeps each run small.
 */
export async function runDistributed(options: DistributedMapState): Promise<Json> {
  const { machine, run, settings, state } = options;
  const runtime = machine.runtime;
  const exported = {
    runtime,
    execution: machine.execution,
    label: state.Label ?? run.name,
    writer: state.ResultWriter ?? {},
    startedAt: options.startedAt,
  };
  const resume = run.mapRun;
  // The Map Run's id is fixed before its first batch, so each batch can name its own result files.
  const writer =
    options.target !== undefined &&
    (resume?.writer !== undefined || runtime.isPatched?.(BATCH_RESULT_FILES_PATCH) !== false)
      ? batchFileWriter(exported, options.target, resume?.writer?.runId)
      : undefined;
  const mayPause =
    !machine.nested &&
    machine.pauseMapRun !== undefined &&
    // Exporting everything at the end needs every item's output in one run, and listing every child execution
    // (WriterConfig's NONE) every item's status.
    (writer !== undefined ||
      (options.target === undefined && state.ResultWriter?.WriterConfig?.Transformation !== 'NONE')) &&
    runtime.isPatched?.(MAP_RUN_CONTINUE_AS_NEW_PATCH) !== false;
  const outcome = await runDistributedMapRun({
    machine,
    run,
    settings,
    processor: options.processor,
    queryLanguage: options.queryLanguage,
    discardOutputs: options.discardOutputs,
    ...(resume ? { resume } : {}),
    ...(mayPause ? { pause: machine.pauseMapRun } : {}),
    ...(writer ? { resultFiles: writer.files } : {}),
  });
  if (outcome.paused) {
    const { nextBatch, failures } = outcome.paused;
    const results = carriedResults(options, outcome, nextBatch);
    throw new MapRunPaused({
      state: run.name,
      enteredAt: run.enteredAt,
      enteredEventId: run.enteredEventId,
      retryCount: run.retryCount ?? 0,
      // Filled in by the Map's Retry handling as the pause passes through it.
      retrierCounts: [],
      startedAt: options.startedAt,
      nextBatch,
      failures,
      ...(results ? { results } : {}),
      ...(writer ? { writer: { runId: writer.names.runId, files: outcome.files ?? NO_FILES } } : {}),
    });
  }
  return finishMapRun(
    { ...exported, stateName: run.name, outcome, items: settings.items },
    options.target,
    writer ? { writer, files: outcome.files ?? NO_FILES } : undefined,
  );
}
