import { matchesErrorEquals } from '../asl/errors';

/** One ASL retrier, with the defaults of the specification filled in by {@link withRetrierDefaults}. */
export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds?: number;
  readonly jitterStrategy: 'FULL' | 'NONE';
}

/** A retrier as written, before defaults. */
export type RetrierSpec = Pick<Retrier, 'errorEquals'> & Partial<Omit<Retrier, 'errorEquals'>>;

/** Fills in ASL's defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0, no jitter. */
export function withRetrierDefaults(spec: RetrierSpec): Retrier {
  return {
    errorEquals: spec.errorEquals,
    intervalSeconds: spec.intervalSeconds ?? 1,
    maxAttempts: spec.maxAttempts ?? 3,
    backoffRate: spec.backoffRate ?? 2,
    maxDelaySeconds: spec.maxDelaySeconds,
    jitterStrategy: spec.jitterStrategy ?? 'NONE',
  };
}

/** What to do after a failure: wait and retry (counting against one retrier), or give up. */
export type RetryDecision =
  | { readonly retry: true; readonly retrierIndex: number; readonly delayMs: number }
  | { readonly retry: false };

/**
 * Decides on a retry as ASL does: the first retrier whose ErrorEquals matches decides alone; it retries while its
 * own attempt count is below MaxAttempts, waiting IntervalSeconds x BackoffRate^count, capped by MaxDelaySeconds
 * and, with JitterStrategy FULL, drawn uniformly below that. `attempts[i]` counts retrier i's retries so far.
 */
export function decideRetry(
  retriers: readonly Retrier[],
  attempts: readonly number[],
  errorName: string,
  random: () => number,
): RetryDecision {
  const index = retriers.findIndex((r) => matchesErrorEquals(r.errorEquals, errorName));
  if (index < 0) return { retry: false };
  const retrier = retriers[index];
  const count = attempts[index] ?? 0;
  if (count >= retrier.maxAttempts) return { retry: false };
  let delaySeconds = retrier.intervalSeconds * Math.pow(retrier.backoffRate, count);
  if (retrier.maxDelaySeconds !== undefined) delaySeconds = Math.min(delaySeconds, retrier.maxDelaySeconds);
  if (retrier.jitterStrategy === 'FULL') delaySeconds = random() * delaySeconds;
  return { retry: true, retrierIndex: index, delayMs: Math.round(delaySeconds * 1000) };
}
