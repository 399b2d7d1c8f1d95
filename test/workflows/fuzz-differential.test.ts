/**
 * Differential fuzzing: generated machines (test/support/fuzz/) run on the local runtime and on Temporal (the
 * `stateMachine` workflow on the time-skipping server, with the same local handlers and mocks) must end the same
 * way: the same output, or the same error and cause. npm test runs 40 cases; `npm run soak` 1% of ASL_FUZZ_RUNS.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { type FuzzCase, fuzzCase, fuzzRuns, FUZZ_SEED } from '../support/fuzz/case';
import { FUZZ_HANDLERS } from '../support/fuzz/handlers';
import { type FuzzOutcome, runCaseLocally } from '../support/fuzz/outcome';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';

/** Cases per run: 40, or 1% of the soak's total. */
const CASES = Math.max(40, fuzzRuns(0.01));
/**
 * Executions in flight at once. One: with several `result()` calls waiting at once, the time-skipping server
 * skipped time while a Task's activity was in flight (it unlocks skipping per waiting call), and a run ended with
 * States.Timeout (the Task's default 99,999,999 s schedule-to-close) or a Temporal execution timeout; in turn, the
 * 40 cases take some 5-15 s.
 */
const CONCURRENCY = 1;
/** Wall time after which a Temporal execution counts as stuck (a healthy case ends in well under a second). */
const STUCK_MS = 30_000;

/** A run's end in comparable form (FAILED and TIMED_OUT alike carry an error and a cause). */
type Comparable =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

function comparable(outcome: FuzzOutcome): Comparable {
  return outcome.status === 'SUCCEEDED'
    ? { status: 'SUCCEEDED', output: JSON.parse(JSON.stringify(outcome.output)) as unknown }
    : { status: 'FAILED', error: outcome.error, cause: outcome.cause };
}

/**
 * With Parallel branches or Map iterations running side by side, the history's event ids interleave by timing (a
 * Task's activity against a mocked Task, on AWS as here), so a cause's "entered at the event id #N" is compared
 * without its number there; machines without them must agree on it too.
 */
function withoutConcurrentEventIds(c: FuzzCase, outcome: Comparable): Comparable {
  const concurrent = /"Type":"(Parallel|Map)"/.test(JSON.stringify(c.machine));
  if (!concurrent || outcome.status === 'SUCCEEDED') return outcome;
  return {
    ...outcome,
    cause: outcome.cause.replace(/\(entered at the event id #\d+\)/g, '(entered at the event id #_)'),
  };
}

describe('generated machines end the same way on the local runtime and on Temporal', () => {
  let worker: MachineWorker;

  beforeAll(async () => {
    worker = await startMachineWorker({ name: 'fuzz', server: 'time-skipping', handlers: FUZZ_HANDLERS });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  async function onTemporal(c: FuzzCase): Promise<Comparable> {
    const handle = await worker.start(c.machine, c.input, { mocks: c.mocks, stateMachineName: 'fuzz' });
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), STUCK_MS)));
    try {
      const ended = await Promise.race([handle.result(), stuck]);
      if (ended === 'stuck') {
        const history = await handle.fetchHistory();
        const tail = (history.events ?? []).slice(-6).map((e) => JSON.stringify(e).slice(0, 400));
        await handle.terminate('the fuzz test gave up on it').catch(() => undefined);
        return {
          status: 'FAILED',
          error: 'temporal:stuck',
          cause: `no end after ${STUCK_MS} ms; last events:\n${tail.join('\n')}`,
        };
      }
      return { status: 'SUCCEEDED', output: ended };
    } catch (err) {
      if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
        return { status: 'FAILED', error: err.cause.type ?? '', cause: err.cause.message };
      }
      // Anything else (a Temporal timeout, a termination) is a difference from the local run, reported as one.
      if (err instanceof WorkflowFailedError) {
        return { status: 'FAILED', error: `temporal:${err.cause?.name ?? 'unknown'}`, cause: err.message };
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  it(
    `agrees on ${CASES} generated cases (seed ${FUZZ_SEED})`,
    async () => {
      const cases = fc.sample(fuzzCase, { seed: FUZZ_SEED, numRuns: CASES });
      const mismatches: string[] = [];
      const statuses = { SUCCEEDED: 0, FAILED: 0 };
      for (let i = 0; i < cases.length; i += CONCURRENCY) {
        await Promise.all(
          cases.slice(i, i + CONCURRENCY).map(async (c) => {
            const [local, temporal] = (
              await Promise.all([runCaseLocally(c).then(comparable), onTemporal(c)])
            ).map((outcome) => withoutConcurrentEventIds(c, outcome));
            statuses[local.status] += 1;
            try {
              expect(temporal).toEqual(local);
            } catch {
              mismatches.push(
                `machine ${c.seed} (ASL_FUZZ_SEED=${FUZZ_SEED}, case ${cases.indexOf(c)}) input ${JSON.stringify(c.input)}\n` +
                  `  local:    ${JSON.stringify(local)}\n  temporal: ${JSON.stringify(temporal)}\n` +
                  `  machine:  ${JSON.stringify(c.machine)}\n  mocks:    ${JSON.stringify(c.mocks)}`,
              );
            }
          }),
        );
      }
      expect(mismatches).toEqual([]);
      expect(statuses.SUCCEEDED).toBeGreaterThan(0);
      expect(statuses.FAILED).toBeGreaterThan(0);
    },
    Math.max(120_000, CASES * 2_000),
  );
});
