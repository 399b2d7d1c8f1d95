import { ExecutionError, isExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json, type JsonObject, type ResultWriter } from '../../asl/types';
import { type ExecutionInfo, isoTime } from '../context';
import { type ResultWriteOutcome } from '../item-io';
import { type Runtime } from '../runtime';
import { mapRunResults, type MapRunOutcome } from './distributed-map';

/**
 * Serialized bytes of results per file. AWS starts a new file past 5 GB; a file here is one activity payload, so it
 * must stay well under Temporal's 2 MB limit. Readers follow the manifest's `ResultFiles`, which lists every file.
 */
export const RESULT_FILE_BYTES = 1_000_000;

/** The three result files Step Functions writes, by the status of their executions. */
type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

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

function runNames(run: MapRunExport): RunNames {
  const runId = run.runtime.uuid();
  const machineArn = run.execution.stateMachineId;
  const childMachineArn = `${machineArn}/${run.label}`;
  return {
    runId,
    mapRunArn: `${machineArn.replace(':stateMachine:', ':mapRun:')}/${run.label}:${runId}`,
    childMachineArn,
    childExecutionPrefix: `${childMachineArn.replace(':stateMachine:', ':execution:')}:`,
  };
}

/** Each item's entry as DescribeExecution shows the child execution, grouped by result file, and in item order. */
function entries(run: MapRunExport, names: RunNames): Record<ResultStatus | 'ALL', Json[]> {
  const files: Record<ResultStatus | 'ALL', Json[]> = { SUCCEEDED: [], FAILED: [], PENDING: [], ALL: [] };
  const add = (status: ResultStatus, entry: Json) => {
    files[status].push(entry);
    files.ALL.push(entry);
  };
  const start = isoTime(run.startedAt);
  const stop = isoTime(run.runtime.now());
  run.outcome.results.forEach((result, index) => {
    const input = run.outcome.inputs[index] ?? run.items[index];
    const inputFields = { Input: JSON.stringify(input), InputDetails: { Included: true } };
    if (result === undefined) {
      // Never started: no execution exists, so only its input and status say which item it was.
      add('PENDING', { ...inputFields, Status: 'PENDING' });
      return;
    }
    const name = run.runtime.uuid();
    const common = { ExecutionArn: `${names.childExecutionPrefix}${name}`, ...inputFields, Name: name };
    const dates = { StartDate: start, StateMachineArn: names.childMachineArn };
    switch (result.status) {
      case 'SUCCEEDED':
        add('SUCCEEDED', {
          ...common,
          Output: JSON.stringify(result.output ?? null),
          OutputDetails: { Included: true },
          RedriveCount: 0,
          RedriveStatus: 'NOT_REDRIVABLE',
          RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
          ...dates,
          Status: 'SUCCEEDED',
          StopDate: stop,
        });
        return;
      case 'FAILED':
      case 'ABORTED':
        // AWS puts failed, timed out and aborted executions in the FAILED files.
        add('FAILED', {
          ...(result.status === 'FAILED' ? { Cause: result.cause, Error: result.error } : {}),
          ...common,
          RedriveCount: 0,
          RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
          ...dates,
          Status: result.status,
          StopDate: stop,
        });
        return;
    }
  });
  return files;
}

/** Successful outputs as WriterConfig's Transformation shapes them (COMPACT: as is; FLATTEN: arrays spliced in). */
function compactOrFlatten(outputs: readonly Json[], flatten: boolean): Json[] {
  return flatten ? outputs.flatMap((o) => (Array.isArray(o) ? o : [o])) : [...outputs];
}

function successOutputs(outcome: MapRunOutcome): Json[] {
  return outcome.results.flatMap((r) => (r?.status === 'SUCCEEDED' ? [r.output ?? null] : []));
}

/** Splits entries into files of at most {@link RESULT_FILE_BYTES} serialized bytes (one oversized entry alone). */
function chunks(list: readonly Json[]): Json[][] {
  const out: Json[][] = [];
  let current: Json[] = [];
  let bytes = 0;
  for (const entry of list) {
    const size = JSON.stringify(entry).length + 1;
    if (current.length > 0 && bytes + size > RESULT_FILE_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function joinKey(prefix: string | undefined, ...parts: string[]): string {
  if (!prefix) return parts.join('/');
  return [prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, ...parts].join('/');
}

/**
 * Exports a Map Run to S3 as Step Functions does: `<Prefix>/<run id>/SUCCEEDED_n.json`, `FAILED_n.json` and
 * `PENDING_n.json` (only for statuses that have entries), then `manifest.json` listing them, and returns the Map's
 * result `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`.
 */
export async function exportMapRun(run: MapRunExport, target: ResultWriterTarget): Promise<Json> {
  const names = runNames(run);
  const byStatus = entries(run, names);
  const transformation = run.writer.WriterConfig?.Transformation ?? 'NONE';
  if (transformation !== 'NONE') {
    // COMPACT and FLATTEN keep only outputs; failed executions stay as they are, as AWS documents.
    byStatus.SUCCEEDED = compactOrFlatten(successOutputs(run.outcome), transformation === 'FLATTEN');
  }
  const format = run.writer.WriterConfig?.OutputType ?? 'JSON';
  const files: Record<ResultStatus, Json[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
    for (const [n, chunk] of chunks(byStatus[status]).entries()) {
      const written: ResultWriteOutcome = await run.runtime.writeResults({
        stateName: run.stateName,
        bucket: target.bucket,
        key: joinKey(target.prefix, names.runId, `${status}_${n}.json`),
        body: chunk,
        format,
      });
      files[status].push({ Key: written.key, Size: written.size });
    }
  }
  const manifestKey = joinKey(target.prefix, names.runId, 'manifest.json');
  await run.runtime.writeResults({
    stateName: run.stateName,
    bucket: target.bucket,
    key: manifestKey,
    body: { DestinationBucket: target.bucket, MapRunArn: names.mapRunArn, ResultFiles: files },
    format: 'JSON',
  });
  return { MapRunArn: names.mapRunArn, ResultWriterDetails: { Bucket: target.bucket, Key: manifestKey } };
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
      return entries(run, runNames(run)).ALL;
    }
  }
}

/**
 * The Map's result after its Map Run: the result array without a ResultWriter; with one, the export to S3 (or the
 * WriterConfig transformation). A failed Map Run is still exported, as AWS does, and then fails the Map.
 */
export async function finishMapRun(run: MapRunExport, target: ResultWriterTarget | undefined): Promise<Json> {
  const failure = run.outcome.failure;
  if (target === undefined) {
    if (failure) throw failure;
    return run.writer.WriterConfig ? transformedResults(run) : mapRunResults(run.outcome, run.stateName);
  }
  if (!failure) return exportMapRun(run, target);
  try {
    await exportMapRun(run, target);
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
