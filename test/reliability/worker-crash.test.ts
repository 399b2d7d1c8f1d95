/**
 * Worker loss on the dev server: many executions of one machine (Task, Wait, Map, Parallel, Retry, Catch) while the
 * only worker, `asl-temporal worker` in its own process, is SIGKILLed at seeded random moments and started again.
 * Every execution must succeed with the right output, and the handlers' call log must agree with the histories: a
 * Task may run more than once (activities are at-least-once), never after its result was recorded.
 *
 * `npm run soak` runs a longer version; ASL_CRASH_EXECUTIONS, ASL_CRASH_KILLS and ASL_CRASH_SEED set its size and
 * its kill moments.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { auditCalls, type HistoryActivities, historyActivities, readCalls } from './call-audit';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

const EXECUTIONS = Number(process.env.ASL_CRASH_EXECUTIONS ?? 200);
const KILLS = Number(process.env.ASL_CRASH_KILLS ?? 3);
const SEED = Number(process.env.ASL_CRASH_SEED ?? 15);
/** How long the executions may take after the first start, then the test reports the ones still running. */
const SETTLE_MS = 100_000 + KILLS * 25_000 + EXECUTIONS * 100;

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:record';
const task = (parameters: Record<string, Json>) => ({
  Type: 'Task',
  Resource: FUNCTION,
  Parameters: parameters,
});

/** Every kind of state an execution can be caught in by a crash, each Task logging its calls. */
const MACHINE = {
  StartAt: 'Prepare',
  States: {
    Prepare: { ...task({ state: 'Prepare', 'n.$': '$.n' }), ResultPath: '$.prepared', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 2, Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      ResultPath: '$.fan',
      End: true,
      Branches: [
        {
          StartAt: 'Items',
          States: {
            Items: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemSelector: { 'item.$': '$$.Map.Item.Value', 'base.$': '$.prepared.base' },
              ItemProcessor: {
                StartAt: 'Double',
                States: {
                  Double: { ...task({ state: 'Double', 'item.$': '$.item', 'base.$': '$.base' }), End: true },
                },
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'Flaky',
          States: {
            Flaky: {
              ...task({ state: 'Flaky', 'n.$': '$.n', 'retry.$': '$$.State.RetryCount' }),
              Retry: [
                { ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 },
              ],
              End: true,
            },
          },
        },
        {
          StartAt: 'Doomed',
          States: {
            Doomed: {
              ...task({ state: 'Doomed' }),
              Catch: [{ ErrorEquals: ['BadInput'], ResultPath: '$.error', Next: 'Recovered' }],
              End: true,
            },
            Recovered: { Type: 'Pass', Parameters: { 'recovered.$': '$.error.Error' }, End: true },
          },
        },
      ],
    },
  },
} as unknown as StateMachine;

/** Task activities per execution: Prepare, three Doubles, Flaky twice (its Retry), Doomed. */
const ACTIVITIES_PER_EXECUTION = 7;

const inputOf = (n: number) => ({ n, items: [1, 2, 3] });
const expectedOutput = (n: number) => ({
  ...inputOf(n),
  prepared: { base: n * 10 },
  fan: [
    [1, 2, 3].map((item) => ({ doubled: item * 2 + n * 10 })),
    { flaky: n + 1 },
    { recovered: 'BadInput' },
  ],
});

/** mulberry32: a tiny seeded generator, so a failing run's kill moments can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
const report = (line: string) => process.stderr.write(`[worker-crash] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the executions still running after the deadline wait on, one line each (at most ten). */
async function strandedReport(
  handles: readonly WorkflowHandle[],
  done: ReadonlySet<string>,
): Promise<string> {
  const running = handles.filter((h) => !done.has(h.workflowId));
  const lines = await Promise.all(
    running.slice(0, 10).map(async (h) => {
      const pending = (await h.describe()).raw.pendingActivities ?? [];
      const activities = pending.map(
        (a) =>
          `activity ${a.activityId} ${temporal.api.enums.v1.PendingActivityState[a.state ?? 0]} ` +
          `attempt ${a.attempt} on ${a.lastWorkerIdentity}`,
      );
      return `${h.workflowId}: ${activities.join('; ') || 'no pending activity'}`;
    }),
  );
  return `${running.length} of ${handles.length} executions still RUNNING:\n${lines.join('\n')}`;
}

describe('worker loss', () => {
  const address = sharedSetting('devServerAddress');
  const taskQueue = uniqueId('worker-crash');
  const callLog = join(tempDir('worker-crash'), 'calls.jsonl');
  const workerArgs = [
    '--address',
    address,
    '--task-queue',
    taskQueue,
    '--handlers',
    join(__dirname, 'handlers'),
    '--no-real-lambda',
  ];
  let worker: WorkerProcess | undefined;
  let connection: Connection | undefined;
  // Ends the result long polls of executions that never closed, so closing the connection leaves none retrying.
  const polls = new AbortController();
  setMaxListeners(EXECUTIONS + 10, polls.signal);

  afterAll(async () => {
    await worker?.kill();
    polls.abort();
    await connection?.close();
  });

  it(
    `runs ${EXECUTIONS} executions to the right output while the worker is SIGKILLed ${KILLS} times`,
    async () => {
      const random = seededRandom(SEED);
      report(`seed ${SEED}: ${EXECUTIONS} executions, ${KILLS} kills, task queue ${taskQueue}`);
      worker = await startWorkerProcess(workerArgs, { ASL_CRASH_CALL_LOG: callLog });
      report(`worker pid ${worker.pid} polling at ${elapsed()}`);
      const conn = await Connection.connect({ address });
      connection = conn;
      const client = new Client({ connection: conn });
      const firstStart = Date.now();
      const handles = await Promise.all(
        Array.from({ length: EXECUTIONS }, (_, n) => {
          const args: StateMachineWorkflowInput = {
            definition: MACHINE,
            input: inputOf(n),
            stateMachineName: 'worker-crash',
          };
          return client.workflow.start('stateMachine', {
            args: [args],
            taskQueue,
            workflowId: `${taskQueue}-${n}`,
          });
        }),
      );
      const done = new Set<string>();
      const outputs = new Map<string, unknown>();
      const settled = Promise.all(
        handles.map((h) =>
          conn
            .withAbortSignal(polls.signal, () => h.result())
            .then(
              (output: unknown) => outputs.set(h.workflowId, output),
              (err: unknown) => outputs.set(h.workflowId, { failed: String(err) }),
            )
            .finally(() => done.add(h.workflowId)),
        ),
      );

      for (let kill = 1; kill <= KILLS; kill++) {
        const gapMs = 1_000 + Math.floor(random() * 5_000);
        await sleep(gapMs);
        const { calls } = readCalls(callLog);
        const victim: WorkerProcess = worker;
        const ended = new Set(calls.filter((c) => c.phase === 'end').map((c) => c.callId));
        const inFlight = calls.filter(
          (c) => c.pid === victim.pid && c.phase === 'start' && !ended.has(c.callId),
        );
        await victim.kill();
        report(
          `kill ${kill} at ${elapsed()} (${gapMs} ms after the worker polled): pid ${victim.pid} had ` +
            `${inFlight.length} calls in flight, ${done.size} executions done`,
        );
        worker = await startWorkerProcess(workerArgs, { ASL_CRASH_CALL_LOG: callLog });
        report(`worker pid ${worker.pid} polling at ${elapsed()}`);
      }

      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), Math.max(0, firstStart + SETTLE_MS - Date.now()));
      });
      const outcome = await Promise.race([settled, deadline]);
      clearTimeout(timer);
      if (outcome === 'deadline') throw new Error(await strandedReport(handles, done));
      report(`all ${EXECUTIONS} executions closed at ${elapsed()}`);
      for (const [n, h] of handles.entries()) expect(outputs.get(h.workflowId)).toEqual(expectedOutput(n));

      await worker.stop();
      worker = undefined;
      const histories = new Map<string, HistoryActivities>();
      for (const h of handles)
        histories.set(h.workflowId, historyActivities((await h.fetchHistory()).events ?? []));
      const { calls, torn } = readCalls(callLog);
      const audit = auditCalls(calls, histories);
      const scheduled = [...histories.values()].reduce((n, h) => n + h.scheduled.size, 0);
      report(
        `${scheduled} Task activities, ${audit.starts} calls: ${audit.rerunActivities} activities ran more than once ` +
          `(${audit.extraRuns} extra calls, ${audit.cutOff} calls cut off by a kill); ${audit.violations.length} ` +
          `ran after their result was recorded or disagree with the history; done at ${elapsed()}`,
      );
      expect(torn).toBe(0);
      expect(audit.violations).toEqual([]);
      expect(scheduled).toBe(EXECUTIONS * ACTIVITIES_PER_EXECUTION);
    },
    SETTLE_MS + 120_000 + KILLS * 20_000,
  );
});
