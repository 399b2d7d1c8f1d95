/**
 * The failure converter of workers and clients that encrypt: failure messages and stack traces (an ASL error's
 * cause, a handler's error message) travel in the failure's `encodedAttributes` payload, which the payload codecs
 * then encrypt, instead of in clear in the failure's own fields. It is bundled into the workflow sandbox (the
 * workflow fails executions with it) as well as loaded by the worker, so it imports nothing but @temporalio/common.
 */
import { DefaultFailureConverter } from '@temporalio/common';

/** The converter the SDK loads from `failureConverterPath` (the named export `failureConverter`). */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
