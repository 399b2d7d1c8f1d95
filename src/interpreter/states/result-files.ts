import { type Json } from '../../asl/types';
import { isoTime } from '../context';
import { type ResultFileList } from '../pause';
import { type ChildItemResult, type Runtime } from '../runtime';

/**
 * Serialized bytes of results per file. AWS starts a new file past 5 GB; a file here is one activity payload, so it
 * must stay well under Temporal's 2 MB limit. Readers follow the manifest's `ResultFiles`, which lists every file.
 */
export const RESULT_FILE_BYTES = 1_000_000;

/** The three result files Step Functions writes, by the status of their executions. */
export type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** How a ResultWriter names and shapes its files, fixed when the Map Run starts so its batches can write their own. */
export interface ResultFileTarget {
  readonly bucket: string;
  readonly prefix?: string;
  /** The Map Run's id: its files live under `<Prefix>/<runId>/`. */
  readonly runId: string;
  /** The ARN of the state machine the Map Run's children run (the Map's Label). */
  readonly childMachineArn: string;
  /** Child execution ARNs are this plus a name. */
  readonly childExecutionPrefix: string;
  readonly transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
  readonly format: 'JSON' | 'JSONL';
  /** When the Map Run started (epoch ms): its children report it as their start. */
  readonly startedAt: number;
}

/** One item of a Map Run: its input, and how its iteration ended (undefined: it never started). */
export interface ItemEnd {
  readonly input: Json;
  readonly result: ChildItemResult | undefined;
}

/** Each item's entry as DescribeExecution shows the child execution, by result file, and in item order. */
export function resultEntries(
  items: readonly ItemEnd[],
  target: Pick<ResultFileTarget, 'childMachineArn' | 'childExecutionPrefix' | 'startedAt'>,
  runtime: Pick<Runtime, 'uuid' | 'now'>,
): Record<ResultStatus | 'ALL', Json[]> {
  const files: Record<ResultStatus | 'ALL', Json[]> = { SUCCEEDED: [], FAILED: [], PENDING: [], ALL: [] };
  const add = (status: ResultStatus, entry: Json) => {
    files[status].push(entry);
    files.ALL.push(entry);
  };
  const start = isoTime(target.startedAt);
  const stop = isoTime(runtime.now());
  for (const { input, result } of items) {
    const inputFields = { Input: JSON.stringify(input), InputDetails: { Included: true } };
    if (result === undefined) {
      // Never started: no execution exists, so only its input and status say which item it was.
      add('PENDING', { ...inputFields, Status: 'PENDING' });
      continue;
    }
    const name = runtime.uuid();
    const common = { ExecutionArn: `${target.childExecutionPrefix}${name}`, ...inputFields, Name: name };
    const dates = { StartDate: start, StateMachineArn: target.childMachineArn };
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
        continue;
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
        continue;
    }
  }
  return files;
}

/** Successful outputs as WriterConfig's Transformation shapes them (COMPACT: as is; FLATTEN: arrays spliced in). */
export function compactOrFlatten(outputs: readonly Json[], flatten: boolean): Json[] {
  return flatten ? outputs.flatMap((o) => (Array.isArray(o) ? o : [o])) : [...outputs];
}

/** Splits entries into files of at most {@link RESULT_FILE_BYTES} serialized bytes (one oversized entry alone). */
export function chunks(list: readonly Json[]): Json[][] {
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

/** `<prefix>/<parts...>`, without a doubled slash. */
export function joinKey(prefix: string | undefined, ...parts: string[]): string {
  if (!prefix) return parts.join('/');
  return [prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, ...parts].join('/');
}

/** The entries of the SUCCEEDED files: child executions, or with COMPACT/FLATTEN only their outputs. */
function succeededEntries(
  entries: Record<ResultStatus | 'ALL', Json[]>,
  items: readonly ItemEnd[],
  transformation: ResultFileTarget['transformation'],
): Json[] {
  if (transformation === 'NONE') return entries.SUCCEEDED;
  // COMPACT and FLATTEN keep only outputs; failed executions stay as they are, as AWS documents.
  const outputs = items.flatMap(({ result }) =>
    result?.status === 'SUCCEEDED' ? [result.output ?? null] : [],
  );
  return compactOrFlatten(outputs, transformation === 'FLATTEN');
}

/**
 * Writes the result files of some of a Map Run's items: `<Prefix>/<runId>/<STATUS>_<n>.json`, where `n` is the
 * file's number, or `<batch>` and `<batch>.<k>` when a batch writes its own (so batches never name the same file).
 * Returns the files written, by status.
 */
export async function writeResultFiles(
  items: readonly ItemEnd[],
  target: ResultFileTarget,
  runtime: Pick<Runtime, 'uuid' | 'now' | 'writeResults'>,
  stateName: string,
  batchIndex?: number,
): Promise<ResultFileList> {
  const entries = resultEntries(items, target, runtime);
  const byStatus: Record<ResultStatus, Json[]> = {
    SUCCEEDED: succeededEntries(entries, items, target.transformation),
    FAILED: entries.FAILED,
    PENDING: entries.PENDING,
  };
  const files: Record<ResultStatus, { Key: string; Size: number }[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
    for (const [n, chunk] of chunks(byStatus[status]).entries()) {
      const number = batchIndex === undefined ? `${n}` : n === 0 ? `${batchIndex}` : `${batchIndex}.${n}`;
      const written = await runtime.writeResults({
        stateName,
        bucket: target.bucket,
        key: joinKey(target.prefix, target.runId, `${status}_${number}.json`),
        body: chunk,
        format: target.format,
      });
      files[status].push({ Key: written.key, Size: written.size });
    }
  }
  return files;
}

/** Appends one list of result files to another, status by status. */
export function concatFiles(a: ResultFileList, b: ResultFileList): ResultFileList {
  return {
    SUCCEEDED: [...a.SUCCEEDED, ...b.SUCCEEDED],
    FAILED: [...a.FAILED, ...b.FAILED],
    PENDING: [...a.PENDING, ...b.PENDING],
  };
}

/** No result files yet. */
export const NO_FILES: ResultFileList = { SUCCEEDED: [], FAILED: [], PENDING: [] };
