import { ApplicationFailure } from '@temporalio/common';

/**
 * An ASL error as it crosses into the workflow: the error name travels as `ApplicationFailure.type` and the cause
 * as its message. Non-retryable, because ASL's Retry runs in the interpreter, not in Temporal.
 */
export function aslFailure(error: string, cause: string): ApplicationFailure {
  return ApplicationFailure.create({ type: error, message: cause, nonRetryable: true });
}

/** What an AWS SDK v3 exception carries that the error mapping reads. */
interface SdkException {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
  readonly Code?: string;
  readonly code?: string;
}

/**
 * An AWS SDK exception as Step Functions names it: `<Prefix>.<Exception>` (`DynamoDB.ConditionalCheckFailedException`,
 * `SQS.QueueDoesNotExistException`), the name ending in `Exception` as the Java SDK behind Step Functions spells it,
 * and a cause in that SDK's format. A failure that never reached the service (no endpoint, no credentials) is
 * `States.TaskFailed` with a hint.
 */
export function serviceFailure(prefix: string, serviceLabel: string, err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const e = (err ?? {}) as SdkException;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) {
    const message = err instanceof Error ? err.message : String(err);
    return aslFailure(
      'States.TaskFailed',
      `${prefix} call failed before reaching the service: ${message}. Check the region, credentials and ` +
        "AWS_ENDPOINT_URL (or the worker's endpoint settings).",
    );
  }
  const code = e.name && e.name !== 'Error' ? e.name : (e.Code ?? e.code ?? `Http${status}`);
  const exception = code.endsWith('Exception') ? code : `${code}Exception`;
  const cause =
    `${e.message ?? code} (Service: ${serviceLabel}; Status Code: ${status}; Error Code: ${code}; ` +
    `Request ID: ${e.$metadata?.requestId ?? 'null'}; Proxy: null)`;
  return aslFailure(`${prefix}.${exception}`, cause);
}
