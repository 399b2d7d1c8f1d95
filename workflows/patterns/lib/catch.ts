import { isCancellation } from '@temporalio/workflow';
import { matchesErrorEquals } from '../../../src/asl/errors';
import { type Json } from '../../../src/asl/types';
import { applyResultPath } from '../../../src/dataflow/paths';
import { aslErrorOf } from './errors';

/** ASL's error output: what a catcher hands its Next state. */
export interface ErrorOutput {
  readonly Error: string;
  readonly Cause: string;
}

/** One catcher of {@link withCatch}: ErrorEquals, an optional ResultPath, and the state it goes to. */
export interface Catcher<R> {
  readonly errorEquals: readonly string[];
  /** Where the error output goes in the state's input (the `input` option); absent: it replaces the input. */
  readonly resultPath?: string | null;
  readonly next: (errorOutput: Json) => Promise<R>;
}

/** The state's input (for catchers' `resultPath`) and its success `next`, which runs outside the catch. */
export interface CatchOptions<T, R> {
  readonly input?: Json;
  readonly next?: (output: T) => Promise<R>;
}

/**
 * Runs `fn` as a state with a Catch: on failure the first catcher whose ErrorEquals matches (ASL's rules:
 * `States.ALL`, `States.TaskFailed`, terminal errors only by name) continues with the error output
 * `{Error, Cause}`, placed at its `resultPath` in `options.input` when given. An error no catcher matches is
 * re-thrown as is, and so is a cancellation. `options.next` is the success transition: like a Task's Next, its own
 * errors are not the catchers' business.
 *
 * @example
 * return withCatch(
 *   () => invokeFunction({ functionName: 'process-transaction', payload: tx }),
 *   [
 *     { errorEquals: ['TransactionFailure'], resultPath: '$.error', next: handleFailure },
 *     { errorEquals: ['States.ALL'], next: notifySupport },
 *   ],
 *   { input: tx, next: completeTransaction },
 * );
 */
export function withCatch<T>(
  fn: () => Promise<T>,
  catchers: readonly Catcher<T>[],
  options?: { readonly input?: Json },
): Promise<T>;
/** {@inheritDoc withCatch} */
export function withCatch<T, R>(
  fn: () => Promise<T>,
  catchers: readonly Catcher<R>[],
  options: CatchOptions<T, R> & { readonly next: (output: T) => Promise<R> },
): Promise<R>;
export async function withCatch<T, R>(
  fn: () => Promise<T>,
  catchers: readonly Catcher<R>[],
  options: CatchOptions<T, R> = {},
): Promise<R> {
  let output: T;
  try {
    output = await fn();
  } catch (err) {
    if (isCancellation(err)) throw err;
    const { error, cause } = aslErrorOf(err);
    const catcher = catchers.find((c) => matchesErrorEquals(c.errorEquals, error));
    if (!catcher) throw err;
    const errorOutput = { Error: error, Cause: cause };
    return catcher.next(applyResultPath(catcher.resultPath, options.input ?? null, errorOutput));
  }
  // Without a success `next` (first overload) T and R are the same type.
  return options.next ? options.next(output) : (output as unknown as R);
}
