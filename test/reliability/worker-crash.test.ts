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
import { Client, Connection } from '@temporalio/client';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { ACTIVITIES_PER_EXECUTION, expectedOutput, seededRandom } from './chaos-machine';
import { auditRun, awaitResults, callsInFlight, startChaosExecutions, watchResults } from './chaos-run';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

const EXECUTIONS = Number(process.env.ASL_CRASH_EXECUTIONS ?? 200);
const KILLS = Number(process.env.ASL_CRASH_KILLS ?? 3);
const SEED = Number(process.env.ASL_CRASH_SEED ?? 15);
/** How long the executions may take after the first start, then the test reports the ones still running. */
const SETTLE_MS = 100_000 + KILLS * 25_000 + EXECUTIONS * 100;

const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
const report = (line: string) => process.stderr.write(`[worker-crash] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  // One listener per open long poll; a poll that a server restart or its timeout ends opens another.
  setMaxListeners(EXECUTIONS * 4 + 10, polls.signal);

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
      const handles = await startChaosExecutions(client, taskQueue, EXECUTIONS, 'worker-crash');
      const watch = watchResults(conn, handles, polls.signal);

      for (let kill = 1; kill <= KILLS; kill++) {
        const gapMs = 1_000 + Math.floor(random() * 5_000);
        await sleep(gapMs);
        const victim: WorkerProcess = worker;
        const inFlight = callsInFlight(callLog, victim.pid);
        await victim.kill();
        report(
          `kill ${kill} at ${elapsed()} (${gapMs} ms after the worker polled): pid ${victim.pid} had ` +
            `${inFlight} calls in flight, ${watch.done.size} executions done`,
        );
        worker = await startWorkerProcess(workerArgs, { ASL_CRASH_CALL_LOG: callLog });
        report(`worker pid ${worker.pid} polling at ${elapsed()}`);
      }

      await awaitResults(watch, handles, firstStart + SETTLE_MS);
      report(`all ${EXECUTIONS} executions closed at ${elapsed()}`);
      for (const [n, h] of handles.entries())
        expect(watch.outputs.get(h.workflowId)).toEqual(expectedOutput(n));

      await worker.stop();
      worker = undefined;
      const { audit, scheduled, torn, summary } = await auditRun(handles, callLog);
      report(`${summary}; done at ${elapsed()}`);
      expect(torn).toBe(0);
      expect(audit.violations).toEqual([]);
      expect(scheduled).toBe(EXECUTIONS * ACTIVITIES_PER_EXECUTION);
    },
    SETTLE_MS + 120_000 + KILLS * 20_000,
  );
});
