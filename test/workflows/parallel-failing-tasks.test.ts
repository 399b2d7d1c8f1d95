/**
 * A Parallel whose two Tasks fail at once, then retries (docs/reliability.md, "What the differential found"): on
 * the dev server, as on Temporal's real server, every execution ends with the local runtime's answer. On the
 * time-skipping test server (temporal-test-server 1.38.0) the same executions hang, a known bug of that server
 * (temporalio/sdk-java#2391, temporalio/sdk-typescript#1058): the first failure makes the workflow cancel the
 * sibling Task's activity, which fails while that workflow task runs, and the test server refuses the task's
 * completion with `ACTIVITY_UNKNOWN for scheduledEventId=...` instead of accepting the cancel (the real server
 * records ActivityTaskCancelRequested, or fails the task with UnhandledCommand and hands it the new event). So
 * this runs on the dev server.
 */
import { type temporal } from '@temporalio/proto';
import { type StateMachine } from '../../src/asl/types';
import { activityTaskRunner } from '../../src/runtimes/activity-tasks';
import { runLocally } from '../../src/runtimes/run-local';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';

const FLAKY = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

/** Calls so far, by execution (the input's `run`): the first `failFirst` of each fail. */
const calls = new Map<string, number>();

function branchBroke(): Error {
  const error = new Error('boom');
  error.name = 'BranchBroke';
  return error;
}

const parallel = (maxAttempts: number): StateMachine =>
  ({
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: ['A', 'B'].map((name) => ({
          StartAt: name,
          States: { [name]: { Type: 'Task', Resource: FLAKY, End: true } },
        })),
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: maxAttempts, IntervalSeconds: 1 }],
        End: true,
      },
    },
  }) as unknown as StateMachine;

const handlers = {
  flaky: (event: unknown) => {
    const { run, failFirst } = event as { run: string; failFirst: number };
    const n = (calls.get(run) ?? 0) + 1;
    calls.set(run, n);
    if (n <= failFirst) throw branchBroke();
    return { ok: true };
  },
};

type Events = temporal.api.history.v1.IHistoryEvent[];
const scheduled = (events: Events) => events.filter((e) => e.activityTaskScheduledEventAttributes).length;

describe('a Parallel of two Tasks failing at once, with a Retry, on the dev server', () => {
  let machine: MachineWorker;

  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'parallel-fail', server: 'dev', handlers });
  });
  afterAll(() => machine?.stop());

  it('retries and succeeds when both Tasks fail on the first attempt, five executions at once', async () => {
    const runs = ['s1', 's2', 's3', 's4', 's5'];
    const handles = await Promise.all(runs.map((run) => machine.start(parallel(2), { run, failFirst: 2 })));
    const outputs = await Promise.all(handles.map((h) => h.result()));
    expect(outputs).toEqual(runs.map(() => [{ ok: true }, { ok: true }]));
    for (const [i, handle] of handles.entries()) {
      expect(calls.get(runs[i])).toBe(4);
      expect(scheduled((await handle.fetchHistory()).events ?? [])).toBe(4);
    }
  }, 60_000);

  it("fails with the Tasks' error once its retries are spent, as the local runtime does", async () => {
    const runs = ['f1', 'f2', 'f3'];
    const handles = await Promise.all(
      runs.map((run) => machine.start(parallel(2), { run, failFirst: Number.MAX_SAFE_INTEGER })),
    );
    const local = await runLocally(
      parallel(2),
      { run: 'local', failFirst: Number.MAX_SAFE_INTEGER },
      { runTask: activityTaskRunner(handlers) },
    );
    expect(local.result).toMatchObject({ status: 'FAILED', error: 'BranchBroke' });
    expect(calls.get('local')).toBe(6);
    for (const [i, handle] of handles.entries()) {
      const failure = await failureOf(handle.result());
      expect(failure.type).toBe('BranchBroke');
      // The cause is Lambda's JSON, whose stack trace differs by process: the rest is the local runtime's.
      const cause = JSON.parse(failure.message) as { errorType: string; errorMessage: string };
      const localCause = JSON.parse((local.result as { cause: string }).cause) as typeof cause;
      expect([cause.errorType, cause.errorMessage]).toEqual([localCause.errorType, localCause.errorMessage]);
      // Three attempts of two Tasks each: the initial one and two retries.
      expect(calls.get(runs[i])).toBe(6);
      expect(scheduled((await handle.fetchHistory()).events ?? [])).toBe(6);
    }
  }, 60_000);
});
