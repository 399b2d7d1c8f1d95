import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { aslFailure } from './errors';

/**
 * How often a running activity heartbeats by itself. Far below the workflows' heartbeat timeout
 * (`workflows/activity-options.ts`, 20 s): the worker sends at most one heartbeat per 0.8 x that timeout, and a
 * beat every 5 s leaves one pending in every such window even when the event loop stalls for a few seconds.
 */
export const AUTO_HEARTBEAT_MS = 5_000;

/** The cause of ASL's States.HeartbeatTimeout, as the workflow side words it for a Temporal heartbeat timeout. */
const HEARTBEAT_TIMEOUT_CAUSE = 'The task did not send a heartbeat in time.';

/** What an activity's work may use while it runs. */
export interface Liveness {
  /** A heartbeat from the work itself (a `.sync` poll): it resets HeartbeatSeconds, and its details are kept. */
  heartbeat(details?: unknown): void;
  /** Sleeps; rejects when the activity is cancelled or misses HeartbeatSeconds. */
  sleep(ms: number): Promise<void>;
}

/** Options for {@link runLive}. */
export interface LiveOptions {
  /** ASL's HeartbeatSeconds: the work itself must heartbeat this often, else the Task fails States.HeartbeatTimeout. */
  readonly heartbeatSeconds?: number;
}

const inProcess: Liveness = {
  heartbeat: () => undefined,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // Called in-process (`run --local`), not by a worker.
  }
}

/**
 * An error the activity ends with, made non-retryable: Temporal retries an attempt only when its worker is lost or
 * it times out, and every ASL error goes to the interpreter's Retry and Catch, exactly once, with its name as the
 * type (for a plain Error, its class name, as the SDK would have named it).
 */
function nonRetryable(err: unknown): unknown {
  if (err instanceof ApplicationFailure && err.nonRetryable) return err;
  return ApplicationFailure.fromError(err, { nonRetryable: true });
}

/** Sleeps on the activity's cancellable clock, and wakes with the reason when `signal` aborts first. */
function sleepUnless(context: Context, signal: AbortSignal, ms: number): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    context
      .sleep(ms)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs an activity's work so that its worker's loss is noticed within seconds: it heartbeats by itself every
 * {@link AUTO_HEARTBEAT_MS} while the call is in flight (repeating the work's last details), so the workflows'
 * short heartbeat timeout fires only for a dead or frozen worker. ASL's HeartbeatSeconds is kept apart: only the
 * work's own heartbeats count for it, and missing it is States.HeartbeatTimeout (non-retryable, so Retry and Catch
 * see it). Failures leave non-retryable; cancellations (from the server or a worker shutdown) go to the SDK as they
 * are. Outside a worker the work runs as is, with no heartbeats and no HeartbeatSeconds.
 */
export async function runLive<T>(options: LiveOptions, work: (live: Liveness) => Promise<T>): Promise<T> {
  const context = activityContext();
  if (!context) return work(inProcess);
  let details: unknown;
  const auto = setInterval(() => context.heartbeat(details), AUTO_HEARTBEAT_MS);
  const missed = new AbortController();
  let watchdog: NodeJS.Timeout | undefined;
  let rejectMissed: (failure: ApplicationFailure) => void = () => undefined;
  const heartbeatMissed = new Promise<never>((_, reject) => (rejectMissed = reject));
  const arm = () => {
    if (!options.heartbeatSeconds) return;
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      const failure = aslFailure('States.HeartbeatTimeout', HEARTBEAT_TIMEOUT_CAUSE);
      missed.abort(failure);
      rejectMissed(failure);
    }, options.heartbeatSeconds * 1000);
  };
  const live: Liveness = {
    heartbeat: (d) => {
      details = d;
      context.heartbeat(d);
      arm();
    },
    sleep: (ms) => sleepUnless(context, missed.signal, ms),
  };
  arm();
  try {
    return await Promise.race([work(live), heartbeatMissed]);
  } catch (err) {
    throw context.cancellationSignal.aborted ? err : nonRetryable(err);
  } finally {
    clearInterval(auto);
    clearTimeout(watchdog);
  }
}
