import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ExecutionError } from '../src/asl/errors';
import {
  type ItemReadPage,
  type ItemReadRequest,
  type ResultWriteOutcome,
  type ResultWriteRequest,
} from '../src/interpreter/item-io';
import { liveActivityOptions } from './activity-options';
import { aslErrorOf } from './patterns/lib/errors';

/**
 * One S3 page or object is small and quick; a stuck call should fail the Map with its ASL error rather than hang,
 * and a generous bound (across the attempts a lost worker costs) leaves room for a slow S3 (a cold 10 GB object is
 * read once, then served from the cache).
 */
const ITEM_IO_TIMEOUT = '10 minutes';

// Temporal re-runs a page only when its worker is lost; ASL has no Retry for ItemReader/ResultWriter failures
// besides the Map's own, which the interpreter runs.
const { readItems, writeResults } = proxyActivities<Activities>(liveActivityOptions(ITEM_IO_TIMEOUT));

/** Re-raises an activity failure as the ASL error it carries (States.ItemReaderFailed / ResultWriterFailed). */
function asExecutionError(err: unknown): unknown {
  if (err instanceof ActivityFailure || err instanceof ApplicationFailure) {
    const { error, cause } = aslErrorOf(err);
    // The activity's cause already names the Map and the object: the interpreter must not prefix it.
    return new ExecutionError(error, cause, true);
  }
  return err;
}

/** Reads one ItemReader page with the `readItems` activity. */
export async function readItemsActivity(request: ItemReadRequest): Promise<ItemReadPage> {
  try {
    return await readItems(request);
  } catch (err) {
    throw asExecutionError(err);
  }
}

/** Puts one ResultWriter object with the `writeResults` activity. */
export async function writeResultsActivity(request: ResultWriteRequest): Promise<ResultWriteOutcome> {
  try {
    return await writeResults(request);
  } catch (err) {
    throw asExecutionError(err);
  }
}
