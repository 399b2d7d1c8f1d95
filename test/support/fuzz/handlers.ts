/**
 * The local Lambda handlers the generated Task states call: deterministic, so the local runtime and a Temporal
 * worker given the same map answer every call the same way (errors carry no stack, whose frames would differ).
 */
import { type HandlerMap } from '../../../activities/local/handlers';

/** A Lambda ARN routed to the local handler `name`. */
export function lambdaArn(name: string): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
}

/** The handler names generated Tasks call (each a key of {@link FUZZ_HANDLERS}). */
export const HANDLER_NAMES = ['echo', 'count', 'boom', 'odd'] as const;

/** The error names the handlers and mocks raise, for Retry and Catch to match. */
export const HANDLER_ERRORS = ['Custom.Boom', 'Custom.Odd', 'Custom.Mock'] as const;

function failure(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  // Lambda's cause carries the trace: make it the same wherever the handler runs.
  error.stack = `${name}: ${message}`;
  return error;
}

function numberIn(event: unknown): number | undefined {
  const data = (event as { data?: { n?: unknown } } | null)?.data;
  return typeof data?.n === 'number' ? data.n : undefined;
}

/** The handlers, by function name. */
export const FUZZ_HANDLERS: HandlerMap = {
  echo: (event) => event,
  count: (event) => {
    const n = numberIn(event);
    return { n: n === undefined ? 0 : n + 1, kind: typeof event };
  },
  boom: () => {
    throw failure('Custom.Boom', 'boom');
  },
  odd: (event) => {
    const n = numberIn(event);
    if (n !== undefined && Math.abs(n) % 2 === 1) throw failure('Custom.Odd', `odd: ${n}`);
    return { even: n ?? null };
  },
};
