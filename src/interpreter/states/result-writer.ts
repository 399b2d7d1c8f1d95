import { ExecutionError, isExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json, type JsonObject, type ResultWriter } from '../../asl/types';
import { type ExecutionInfo } from '../context';
import { type ResultFileList } from '../pause';
import { type Runtime } from '../runtime';
import { mapRunResults, type MapRunOutcome } from './distributed-map';
import {
  compactOrFlatten,
  concatFiles,
  type ItemEnd,
  joinKey,
  resultEntries,
  type ResultFileTarget,
  writeResultFiles,
} from './result-files';

/** A Map Run to export: the run's outcome and what names it. */
export interface MapRunExport {
  readonly runtime: Runtime;
  readonly execution: ExecutionInfo;
  readonly stateName: string;
  /** The Map's Label, else its name: the Map Run ARN and the child ARNs show it. */
  readonly label: string;
  readonly writer: ResultWriter;
  readonly outcome: MapRunOutcome;
  /** The Map's items before ItemSelector (batches with ItemBatcher), for items whose input was never built. */
  readonly items: readonly Json[];
  /** When the Map Run started (epoch ms); children report it as their start, and the export time as their stop. */
  readonly startedAt: number;
}

/** Where a ResultWriter puts its files: `Bucket` and the optional `Prefix` of its Parameters/Arguments. */
export interface ResultWriterTarget {
  readonly bucket: string;
  readonly prefix?: string;
}

function writerFailure(stateName: string, message: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.ResultWriterFailed, `Map '${stateName}': ${message}`, true);
}

/** Reads Bucket and Prefix out of a ResultWriter's evaluated Parameters/Arguments. */
export function resultWriterTarget(stateName: string, parameters: Json): ResultWriterTarget {
  const p: JsonObject =
    parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters) ? parameters : {};
  if (typeof p.Bucket !== 'string' || p.Bucket === '')
    throw writerFailure(
      stateName,
      `the ResultWriter needs a string Bucket, got ${JSON.stringify(p.Bucket ?? null)}.`,
    );
  if (p.Prefix !== undefined && typeof p.Prefix !== 'string')
    throw writerFailure(
      stateName,
      `the ResultWriter's Prefix must be a string, got ${JSON.stringify(p.Prefix)}.`,
    );
  return { bucket: p.Bucket, ...(p.Prefix ? { prefix: p.Prefix } : {}) };
}

/** Names of one Map Run: its ARN and the ARN of the state machine its children run. */
interface RunNames {
  readonly mapRunArn: string;
  readonly runId: string;
  readonly childMachineArn: string;
  readonly childExecutionPrefix: string;
}

/** The Map Run's names from its id. */
function namesOf(run: Pick<MapRunExport, 'execution' | 'label'>, runId: string): RunNames {
  const machineArn = run.execution.stateMachineId;
  const childMachineArn = `${machineArn}/${run.label}`;
  return {
    runId,
    mapRunArn: `${machineArn.replace(':stateMachine:', ':mapRun:')}/${run.label}:${runId}`,
    childMachineArn,
    childExecutionPrefix: `${childMachineArn.replace(':stateMachine:', ':execution:')}:`,
  };
}

function runNames(run: Pick<MapRunExport, 'runtime' | 'execution' | 'label'>): RunNames {
  return namesOf(run, run.runtime.uuid());
}

/** Each item's input (as built, else the raw item) and how it ended. */
function itemEnds(run: MapRunExport): ItemEnd[] {
  return run.outcome.results.map((result, index) => ({
    input: run.outcome.inputs[index] ?? run.items[index],
    result,
  }));
}

/** Where and how a Map Run's files are written, once its names are fixed. */
function fileTarget(
  run: Pick<MapRunExport, 'writer' | 'startedAt'>,
  names: RunNames,
  target: ResultWriterTarget,
): ResultFileTarget {
  return {
    bucket: target.bucket,
    ...(target.prefix ? { prefix: target.prefix } : {}),
    runId: names.runId,
    childMachineArn: names.childMachineArn,
    childExecutionPrefix: names.childExecutionPrefix,
    transformation: run.writer.WriterConfig?.Transformation ?? 'NONE',
    format: run.writer.WriterConfig?.OutputType ?? 'JSON',
    startedAt: run.startedAt,
  };
}

/** A ResultWriter's files named before the Map Run starts, so that each batch writes its own items' files. */
export interface BatchFileWriter {
  readonly names: RunNames;
  readonly files: ResultFileTarget;
}

/** Fixes the Map Run's names (its id) and its files' target before any batch starts. */
export function batchFileWriter(
  run: Pick<MapRunExport, 'runtime' | 'execution' | 'label' | 'writer' | 'startedAt'>,
  target: ResultWriterTarget,
  runId?: string,
): BatchFileWriter {
  const names = runId === undefined ? runNames(run) : namesOf(run, runId);
  return { names, files: fileTarget(run, names, target) };
}

async function writeManifest(
  run: MapRunExport,
  names: RunNames,
  target: ResultWriterTarget,
  files: ResultFileList,
): Promise<Json> {
  const manifestKey = joinKey(target.prefix, names.runId, 'manifest.json');
  await run.runtime.writeResults({
    stateName: run.stateName,
    bucket: target.bucket,
    key: manifestKey,
    body: {
      DestinationBucket: target.bucket,
      MapRunArn: names.mapRunArn,
      ResultFiles: files as unknown as Json,
    },
    format: 'JSON',
  });
  return { MapRunArn: names.mapRunArn, ResultWriterDetails: { Bucket: target.bucket, Key: manifestKey } };
}

/**
 * Exports a Map Run to S3 as Step Functions does: `<Prefix>/<run id>/SUCCEEDED_n.json`, `FAILED_n.json` and
 * `PENDING_n.json` (only for statuses that have entries), then `manifest.json` listing them, and returns the Map's
 * result `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`. With a {@link BatchFileWriter}, the batches wrote their
 * own items' files: only the items no batch ran remain (PENDING), then the manifest lists them all.
 */
export async function exportMapRun(
  run: MapRunExport,
  target: ResultWriterTarget,
  batches?: { readonly writer: BatchFileWriter; readonly files: ResultFileList },
): Promise<Json> {
  if (batches) {
    const pending = itemEnds(run).filter((item) => item.result === undefined);
    const written = await writeResultFiles(pending, batches.writer.files, run.runtime, run.stateName);
    return writeManifest(run, batches.writer.names, target, concatFiles(batches.files, written));
  }
  const names = runNames(run);
  const files = await writeResultFiles(
    itemEnds(run),
    fileTarget(run, names, target),
    run.runtime,
    run.stateName,
  );
  return writeManifest(run, names, target, files);
}

/**
 * The Map's result when a ResultWriter has only a WriterConfig (nothing goes to S3): COMPACT is the usual result
 * array, FLATTEN splices array outputs into it, NONE lists every child execution's metadata.
 */
export function transformedResults(run: MapRunExport): Json {
  const transformation = run.writer.WriterConfig?.Transformation ?? 'COMPACT';
  switch (transformation) {
    case 'COMPACT':
      return mapRunResults(run.outcome, run.stateName);
    case 'FLATTEN':
      return compactOrFlatten(mapRunResults(run.outcome, run.stateName), true);
    case 'NONE': {
      const names = runNames(run);
      return resultEntries(itemEnds(run), { ...names, startedAt: run.startedAt }, run.runtime).ALL;
    }
  }
}

/**
 * The Map's result after its Map Run: the result array without a ResultWriter; with one, the export to S3 (or the
 * WriterConfig transformation). A failed Map Run is still exported, as AWS does, and then fails the Map.
 */
export async function finishMapRun(
  run: MapRunExport,
  target: ResultWriterTarget | undefined,
  batches?: { readonly writer: BatchFileWriter; readonly files: ResultFileList },
): Promise<Json> {
  const failure = run.outcome.failure;
  if (target === undefined) {
    if (failure) throw failure;
    return run.writer.WriterConfig ? transformedResults(run) : mapRunResults(run.outcome, run.stateName);
  }
  if (!failure) return exportMapRun(run, target, batches);
  try {
    await exportMapRun(run, target, batches);
  } catch (err) {
    // The Map Run's own failure is what the Map reports; a failed export of it only adds noise.
    if (!isExecutionError(err)) throw err;
  }
  throw failure;
}

/** Where the ResultWriter writes, from its Resource and evaluated Parameters/Arguments (none: nothing goes to S3). */
export function resolveWriterTarget(
  stateName: string,
  writer: ResultWriter | undefined,
  parameters: Json | undefined,
): ResultWriterTarget | undefined {
  if (writer?.Resource === undefined) return undefined;
  if (!/^arn:[^:]+:states:::s3:putObject$/.test(writer.Resource))
    throw writerFailure(
      stateName,
      `the ResultWriter Resource ${writer.Resource} is not supported (use arn:aws:states:::s3:putObject).`,
    );
  return resultWriterTarget(stateName, parameters ?? null);
}
