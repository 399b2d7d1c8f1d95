import { type ServiceContext } from './service';

/** How a `.sync` integration watches its job. */
export interface PollOptions<T> {
  /** Looks at the job once: its final result when it has finished, undefined while it runs. */
  readonly check: () => Promise<T | undefined>;
  /** Called once when the wait is cancelled (timeout, stop, failing branch), to stop the job as AWS does. */
  readonly onCancel?: () => Promise<void>;
}

/**
 * Waits for a job with one status call per `ctx.pollIntervalMs`, heartbeating before each call so that the
 * workflow's heartbeat timeout notices a worker that died mid-wait. The wait is the activity's cancellable sleep:
 * when it is cancelled, `onCancel` runs (best effort) and the cancellation propagates.
 */
export async function pollJob<T>(ctx: ServiceContext, options: PollOptions<T>): Promise<T> {
  for (;;) {
    ctx.heartbeat();
    const done = await options.check();
    if (done !== undefined) return done;
    try {
      await ctx.sleep(ctx.pollIntervalMs);
    } catch (err) {
      await options.onCancel?.().catch(() => undefined);
      throw err;
    }
  }
}
