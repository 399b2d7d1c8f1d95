import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { aslFailure } from '../../../activities/errors';
import { AUTO_HEARTBEAT_MS, runLive } from '../../../activities/liveness';

const quiet = () => undefined;
// The mock logs every failed activity as a warning; these failures are the point of the tests.
const silent = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };

/** Runs `body` in a mock activity, collecting its heartbeats, with jest's clock driving every timer. */
function inActivity<T>(body: () => Promise<T>) {
  const env = new MockActivityEnvironment(undefined, { logger: silent });
  const beats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => beats.push(details));
  const result = env.run(body);
  // Observed now, so a rejection that lands while the clock advances is never "unhandled".
  const settled = result.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { env, beats, settled };
}

describe('runLive, the wrapper around every activity', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('heartbeats by itself while the call runs, repeating the work’s last details, and stops when it ends', async () => {
    const { beats, settled } = inActivity(() =>
      runLive({}, async (live) => {
        live.heartbeat('job-42');
        await live.sleep(AUTO_HEARTBEAT_MS * 2 + 1_000);
        return 'done';
      }),
    );
    await jest.advanceTimersByTimeAsync(AUTO_HEARTBEAT_MS * 2 + 1_000);
    expect(await settled).toEqual({ value: 'done' });
    expect(beats).toEqual(['job-42', 'job-42', 'job-42']);
    await jest.advanceTimersByTimeAsync(AUTO_HEARTBEAT_MS * 3);
    expect(beats).toHaveLength(3);
  });

  it('fails non-retryable States.HeartbeatTimeout when the work itself misses HeartbeatSeconds, waking its sleep', async () => {
    let woke = false;
    const { beats, settled } = inActivity(() =>
      runLive({ heartbeatSeconds: 8 }, async (live) => {
        await live.sleep(60_000).catch((err: unknown) => {
          woke = true;
          throw err;
        });
      }),
    );
    await jest.advanceTimersByTimeAsync(8_000);
    const { error } = (await settled) as { error: ApplicationFailure };
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error.type).toBe('States.HeartbeatTimeout');
    expect(error.nonRetryable).toBe(true);
    expect(woke).toBe(true);
    // Its own heartbeats kept the worker visibly alive meanwhile; they do not count as the work's.
    expect(beats).toHaveLength(1);
  });

  it('keeps a Task past HeartbeatSeconds while the work heartbeats often enough', async () => {
    const { settled } = inActivity(() =>
      runLive({ heartbeatSeconds: 2 }, async (live) => {
        for (let poll = 0; poll < 5; poll++) {
          live.heartbeat();
          await live.sleep(1_500);
        }
        return 'finished';
      }),
    );
    await jest.advanceTimersByTimeAsync(7_500);
    expect(await settled).toEqual({ value: 'finished' });
  });

  it('makes every failure non-retryable and keeps its name, so only a lost worker is retried by Temporal', async () => {
    const asl = aslFailure('DynamoDB.ConditionalCheckFailedException', 'no');
    const thrown = [new TypeError('bug'), ApplicationFailure.retryable('busy', 'CustomError'), asl];
    const errors = [];
    for (const err of thrown) {
      const { settled } = inActivity(() =>
        runLive({}, () => {
          throw err;
        }),
      );
      errors.push(((await settled) as { error: ApplicationFailure }).error);
    }
    expect(errors.map((e) => [e.type, e.message, e.nonRetryable])).toEqual([
      ['TypeError', 'bug', true],
      ['CustomError', 'busy', true],
      ['DynamoDB.ConditionalCheckFailedException', 'no', true],
    ]);
    expect(errors[2]).toBe(asl);
  });

  it('hands a cancellation (the server’s, or a worker shutdown) to the SDK as it is', async () => {
    const { env, settled } = inActivity(() => runLive({}, (live) => live.sleep(60_000)));
    await jest.advanceTimersByTimeAsync(1_000);
    env.cancel('WORKER_SHUTDOWN');
    expect(((await settled) as { error: unknown }).error).toBeInstanceOf(CancelledFailure);
  });

  it('runs the work as it is outside a worker (run --local): no heartbeats, no HeartbeatSeconds', async () => {
    const run = runLive({ heartbeatSeconds: 1 }, async (live) => {
      await live.sleep(5_000);
      throw new TypeError('plain');
    });
    const settled = run.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(5_000);
    const error = await settled;
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ApplicationFailure);
  });
});
