import { randomUUID } from 'node:crypto';
import { aslFailure } from '../errors';

/** The context object a local handler receives: the parts of Lambda's context that code commonly reads. */
export interface LocalHandlerContext {
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** A Lambda-style handler run in-process by the worker: the migration path for Lambda code. */
export type LocalHandler = (event: unknown, context: LocalHandlerContext) => unknown;

/** Function name -> handler. Keys are plain function names (`process-order`), not ARNs. */
export type HandlerMap = Readonly<Record<string, LocalHandler>>;

const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
const PARTIAL_ARN = /^[^:]*:function:([^:]+)(?::[^:]+)?$/;

/**
 * The function name a reference names: a plain name, a name with qualifier (`name:alias`), a partial ARN
 * (`123456789012:function:name`) or a full Lambda ARN, as Lambda's FunctionName accepts them.
 */
export function functionNameOf(reference: string): string {
  const full = LAMBDA_ARN.exec(reference) ?? PARTIAL_ARN.exec(reference);
  if (full) return full[1];
  const colon = reference.indexOf(':');
  return colon >= 0 ? reference.slice(0, colon) : reference;
}

/** The result of a local invocation, as Lambda reports it: a value, or a function error. */
export type LocalInvocation =
  | { readonly kind: 'value'; readonly value: unknown }
  | {
      readonly kind: 'function-error';
      readonly errorType: string;
      readonly errorMessage: string;
      readonly trace: string[];
    };

/** Runs a handler as the Lambda Node.js runtime would, turning a thrown error into a function error. */
export async function invokeHandler(
  handler: LocalHandler,
  reference: string,
  event: unknown,
  timeoutMs: number,
): Promise<LocalInvocation> {
  const deadline = Date.now() + timeoutMs;
  const functionName = functionNameOf(reference);
  const context: LocalHandlerContext = {
    functionName,
    invokedFunctionArn: reference.startsWith('arn:')
      ? reference
      : `arn:aws:lambda:local:000000000000:function:${functionName}`,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    // Lambda hands the handler a fresh copy of the event, never the caller's object.
    const value = await handler(structuredClone(event), context);
    return { kind: 'value', value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const errorType = (e as { errorType?: unknown }).errorType;
    return {
      kind: 'function-error',
      errorType: typeof errorType === 'string' ? errorType : e.name || 'Error',
      errorMessage: e.message,
      trace: (e.stack ?? '').split('\n').map((l) => l.trim()),
    };
  }
}

/** The ASL failure for a function error: the error type is the error name; the cause is Lambda's JSON. */
export function functionErrorFailure(result: Extract<LocalInvocation, { kind: 'function-error' }>) {
  const cause = JSON.stringify({
    errorType: result.errorType,
    errorMessage: result.errorMessage,
    trace: result.trace,
  });
  return aslFailure(result.errorType, cause);
}
