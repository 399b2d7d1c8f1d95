/** AWS's size quotas on data: payloads and variables. */
import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import type { Json } from '../asl/types';
import { utf8Length } from './json';

/** The payload quota: 256 KiB of UTF-8 JSON text (state input/output, task results, a single variable). */
export const MAX_PAYLOAD_BYTES = 262144;

/** The size AWS counts for a value: the UTF-8 bytes of its JSON text. */
export function payloadSize(value: Json): number {
  return utf8Length(JSON.stringify(value));
}

/** Fails with `States.DataLimitExceeded` when a value is larger than 256 KiB; `what` names it in the message. */
export function checkPayloadSize(value: Json, what: string): void {
  const size = payloadSize(value);
  if (size > MAX_PAYLOAD_BYTES) {
    throw new ExecutionError(
      STATES_ERRORS.DataLimitExceeded,
      `The ${what} has a size of ${size} bytes, exceeding the maximum number of bytes service limit (${MAX_PAYLOAD_BYTES}).`,
    );
  }
}
