import { sleep } from '@temporalio/workflow';
import { STATES_ERRORS } from '../../../src/asl/errors';
import { instantToMillis, parseTimestamp } from '../../../src/asl/expressions/timestamp-syntax';
import { failWith } from './errors';

/** What a Wait state waits for: a number of seconds, or an ISO-8601 timestamp. */
export type WaitFor = { readonly seconds: number } | { readonly timestamp: string };

/**
 * Waits on a durable timer, as a Wait state does: `seconds` from now, or until `timestamp` (a past time waits not at
 * all). A timestamp that does not parse fails `States.Runtime`, with the interpreter's parser and message.
 *
 * @example
 * await wait({ seconds: 30 });
 * await wait({ timestamp: '2024-02-22T12:00:00Z' });
 */
export async function wait(what: WaitFor): Promise<void> {
  let ms: number;
  if ('seconds' in what) {
    ms = what.seconds * 1000;
  } else {
    const instant = parseTimestamp(what.timestamp);
    if (!instant) {
      throw failWith({
        error: STATES_ERRORS.Runtime,
        cause: `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${what.timestamp}`,
      });
    }
    // Date.now() is the workflow's deterministic clock inside the sandbox.
    ms = instantToMillis(instant) - Date.now();
  }
  if (ms > 0) await sleep(ms);
}
