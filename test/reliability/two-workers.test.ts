/**
 * Losing one of two workers: two `asl-temporal worker` processes poll the same task queue of the dev server while
 * many executions of the chaos machine run; one of them (the one with more Task calls in flight) is SIGKILLed and
 * never comes back, so the other must finish every execution with the right output, and the call log must agree
 * with the histories: a Task cut off on the dead worker runs again on the survivor, no Task whose result was
 * recorded runs again.
 *
 * `npm run soak` runs a longer version; ASL_CRASH_EXECUTIONS, ASL_CRASH_KILLS and ASL_CRASH_SEED set its size and
 * its kill moments. With more than one kill, each killed worker but the last is replaced, so two workers poll until
 * the last kill leaves one.
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

const EXECUTIONS = Number(process.env.ASL_CRASH_EXECUTIONS ?? 100);
const KILLS = Number(process.env.ASL_CRASH_KILLS ?? 1);
const SEED = Number(process.env.ASL_CRASH_SEED ?? 15);
/** How long the executions may take after the first start, then the test reports the ones still running. */
const SETTLE_MS = 60_000 + KILLS * 30_000 + EXECUTIONS * 100;

const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
const report = (line: string) => process.stderr.write(`[two-workers] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one of two workers lost', () => {
  const address = sharedSetting('devServerAddress');
  const taskQueue = uniqueId('two-workers');
  const callLog = join(tempDir('two-workers'), 'calls.jsonl');
  const workerArgs = [
    '--address',
    address,
    '--task-queue',
    taskQueue,
    '--handlers',
    join(__dirname, 'handlers'),
    '--no-real-lambda',
  ];
  const startWorker = () => startWorkerProcess(workerArgs, { ASL_CRASH_CALL_LOG: callLog });
  let workers: WorkerProcess[] = [];
  let connection: Connection | undefined;
  // Ends the result long polls of executions that never closed, so closing the connection leaves none retrying.
  const polls = new AbortController();
  // One listener per open long poll; a poll that its timeout ends opens another.
  setMaxListeners(EXECUTIONS * 4 + 10, polls.signal);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    polls.abort();
    await connection?.close();
  });

  it(
    `finishes ${EXECUTIONS} executions on the surviving worker when the other is SIGKILLed (${KILLS} kills)`,
    async () => {
      const random = seededRandom(SEED);
      report(`seed ${SEED}: ${EXECUTIONS} executions, ${KILLS} kills, task queue ${taskQueue}`);
      workers = await Promise.all([startWorker(), startWorker()]);
      report(`workers ${workers.map((w) => w.pid).join(' and ')} polling at ${elapsed()}`);
      const conn = await Connection.connect({ address });
      connection = conn;
      const client = new Client({ connection: conn });
      const firstStart = Date.now();
      const handles = await startChaosExecutions(client, taskQueue, EXECUTIONS, 'two-workers');
      const watch = watchResults(conn, handles, polls.signal);

      const killed: number[] = [];
      for (let kill = 1; kill <= KILLS; kill++) {
        const gapMs = 1_000 + Math.floor(random() * 4_000);
        await sleep(gapMs);
        // The worker holding more Task calls loses the most work: kill that one, once one holds any (on a loaded
        // machine the first calls can start after the gap).
        let inFlight = workers.map((w) => callsInFlight(callLog, w.pid));
        for (let waited = 0; Math.max(...inFlight) === 0 && waited < 60_000; waited += 100) {
          await sleep(100);
          inFlight = workers.map((w) => callsInFlight(callLog, w.pid));
        }
        const index = inFlight[0] >= inFlight[1] ? 0 : 1;
        const victim = workers[index];
        await victim.kill();
        killed.push(victim.pid);
        report(
          `kill ${kill} at ${elapsed()} (${gapMs} ms after the last start or restart): pid ${victim.pid} had ` +
            `${inFlight[index]} calls in flight, pid ${workers[1 - index].pid} ${inFlight[1 - index]}; ` +
            `${watch.done.size} executions done`,
        );
        workers = workers.filter((w) => w !== victim);
        if (kill < KILLS) {
          workers = [...workers, await startWorker()];
          report(`replacement worker ${workers[1].pid} polling at ${elapsed()}`);
        }
      }
      const [survivor] = workers;

      await awaitResults(watch, handles, firstStart + SETTLE_MS);
      report(
        `all ${EXECUTIONS} executions closed at ${elapsed()}, the last ones on pid ${survivor.pid} alone`,
      );
      for (const [n, h] of handles.entries())
        expect(watch.outputs.get(h.workflowId)).toEqual(expectedOutput(n));
      expect(survivor.alive()).toBe(true);

      await survivor.stop();
      workers = [];
      const { audit, scheduled, torn, startsByPid, summary } = await auditRun(handles, callLog);
      const perPid = [...startsByPid].map(
        ([pid, n]) => `${pid}${killed.includes(pid) ? ' (killed)' : ''}: ${n}`,
      );
      report(`${summary}; calls by pid ${perPid.join(', ')}; done at ${elapsed()}`);
      // Both shared the work before the kill, and the killed worker really lost calls in flight.
      for (const pid of killed) expect(startsByPid.get(pid) ?? 0).toBeGreaterThan(0);
      expect(startsByPid.get(survivor.pid) ?? 0).toBeGreaterThan(0);
      expect(audit.cutOff).toBeGreaterThan(0);
      expect(torn).toBe(0);
      expect(audit.violations).toEqual([]);
      expect(scheduled).toBe(EXECUTIONS * ACTIVITIES_PER_EXECUTION);
    },
    SETTLE_MS + 120_000 + KILLS * 20_000,
  );
});
