/**
 * `retry` and `withCatch` for both kinds of code `asl-temporal/workflow` serves: on a state of exported code (a
 * {@link StateCall}) they set its Retry and Catch, which its executor runs inside the one state; on a function
 * (the hand-written patterns) they are the combinators of workflows/patterns/lib.
 */
import { type Json } from '../../src/asl/types';
import { type StateOutcome } from '../../src/interpreter/machine-context';
import { type RetrierSpec } from '../../src/interpreter/retry';
import {
  type Catcher,
  type CatchOptions,
  retry as retryFunction,
  withCatch as withCatchFunction,
} from '../patterns/lib';
import { StateCall } from './state-call';
import { type Template } from './template';

/** One retrier as ASL writes it (`ErrorEquals`, `IntervalSeconds`, `MaxAttempts`, `BackoffRate`, ...). */
export type AslRetrier = Json;

/** One catcher as ASL writes it (`ErrorEquals`, `Next`, `ResultPath` or `Output`, `Assign`). */
export type AslCatcher = { readonly [key: string]: Template };

/** A state's Retry: its executor retries its attempts as Step Functions does (the state is entered once). */
export function retry(retriers: readonly AslRetrier[], state: StateCall): StateCall;
/** Runs `fn` under ASL Retry semantics, with durable timers between attempts (the patterns' combinator). */
export function retry<T>(retriers: readonly RetrierSpec[], fn: () => Promise<T>): Promise<T>;
export function retry<T>(
  retriers: readonly AslRetrier[] | readonly RetrierSpec[],
  work: StateCall | (() => Promise<T>),
): StateCall | Promise<T> {
  if (work instanceof StateCall) return work.with({ Retry: retriers as Json[] });
  return retryFunction(retriers as readonly RetrierSpec[], work);
}

/**
 * A state's Catch: runs the state and gives its outcome, whose `next` names the catcher's target when one caught
 * (its output is then the error output placed as the catcher says).
 */
export function withCatch(state: StateCall, catchers: readonly AslCatcher[]): Promise<StateOutcome>;
/** Runs `fn` as a state with a Catch (the patterns' combinator). */
export function withCatch<T>(
  fn: () => Promise<T>,
  catchers: readonly Catcher<T>[],
  options?: { readonly input?: Json },
): Promise<T>;
/** Runs `fn` as a state with a Catch, then `options.next` on success (the patterns' combinator). */
export function withCatch<T, R>(
  fn: () => Promise<T>,
  catchers: readonly Catcher<R>[],
  options: CatchOptions<T, R> & { readonly next: (output: T) => Promise<R> },
): Promise<R>;
export function withCatch<T, R>(
  work: StateCall | (() => Promise<T>),
  catchers: readonly AslCatcher[] | readonly Catcher<R>[],
  options?: CatchOptions<T, R>,
): Promise<StateOutcome> | Promise<T> | Promise<R> {
  if (work instanceof StateCall) return work.with({ Catch: catchers as AslCatcher[] }).outcome();
  return withCatchFunction(work, catchers as readonly Catcher<R>[], options as never);
}
