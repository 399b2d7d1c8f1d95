/**
 * Inside Temporal's workflow sandbox, on a dev server with an in-process worker:
 *
 * - states/s: a Pass/Choice loop run as the generic `stateMachine` workflow (states run / wall time from start to
 *   result), next to `runLocally`'s states/s on the same loop, rounds interleaved;
 * - history events per state transition: the difference in history between two sizes of the same machine, for a
 *   Pass/Choice loop, a chain of Lambda Tasks and a chain of Waits, by event type.
 */
import { type Client } from '@temporalio/client';
import { type temporal } from '@temporalio/proto';
import { type Json, type StateMachine } from '../src/asl/types';
import { runLocally } from '../src/runtimes/run-local';
import { createWorker } from '../src/worker';
import { type StateMachineWorkflowInput } from '../workflows/state-machine-input';
import { echoHandlers, loopStates, passChoiceLoop, taskChain, waitChain } from './support/machines';
import { emit, median, msSince, round } from './support/stats';
import { bundle, devServer, quietRuntime } from './support/temporal';

/** Loop size for states/s: one workflow task must stay well under the sandbox's 5 s budget (issue 14). */
const LOOP = 4_000;
const ROUNDS = 5;

let ids = 0;

async function execute(
  client: Client,
  taskQueue: string,
  definition: StateMachine,
  input: Json,
): Promise<{ ms: number; output: unknown; events: temporal.api.history.v1.IHistoryEvent[] }> {
  const args: StateMachineWorkflowInput = { definition, input, stateMachineName: 'bench-sandbox' };
  const start = process.hrtime.bigint();
  const handle = await client.workflow.start('stateMachine', {
    args: [args],
    taskQueue,
    workflowId: `bench-sandbox-${process.pid}-${(ids += 1)}`,
  });
  const output: unknown = await handle.result();
  const ms = msSince(start);
  const history = await handle.fetchHistory();
  return { ms, output, events: history.events ?? [] };
}

/** Event counts by type name (`ActivityTaskScheduled`, ...). */
function byType(events: temporal.api.history.v1.IHistoryEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) {
    const key = Object.keys(e).find((k) => k.endsWith('EventAttributes')) ?? 'unknown';
    const name = key.replace(/EventAttributes$/, '').replace(/^./, (c) => c.toUpperCase());
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** (history of `big`) - (history of `small`) per extra state, in total and by event type. */
function perState(
  small: temporal.api.history.v1.IHistoryEvent[],
  big: temporal.api.history.v1.IHistoryEvent[],
  extraStates: number,
): { events: number; byType: Record<string, number> } {
  const a = byType(small);
  const b = byType(big);
  const delta: Record<string, number> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (b[key] ?? 0) - (a[key] ?? 0);
    if (d !== 0) delta[key] = round(d / extraStates, 3);
  }
  return { events: round((big.length - small.length) / extraStates, 3), byType: delta };
}

async function main(): Promise<void> {
  quietRuntime();
  const server = await devServer();
  const code = await bundle();
  const taskQueue = `bench-sandbox-${process.pid}`;
  const worker = await createWorker({
    connection: server.nativeConnection,
    taskQueue,
    handlers: echoHandlers,
    workflowBundle: code,
  });
  const running = worker.run();
  const { client } = server;
  try {
    const states = loopStates(LOOP);
    const local = async () => {
      const start = process.hrtime.bigint();
      const { result } = await runLocally(passChoiceLoop, { n: LOOP });
      if (result.status !== 'SUCCEEDED') throw new Error(`runLocally: ${JSON.stringify(result)}`);
      return msSince(start);
    };
    const sandbox = async () => {
      const run = await execute(client, taskQueue, passChoiceLoop, { n: LOOP });
      if ((run.output as { i: number }).i !== LOOP)
        throw new Error(`loop gave ${JSON.stringify(run.output)}`);
      return run.ms;
    };
    await sandbox();
    await local();
    const inSandbox: number[] = [];
    const inProcess: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      if (i % 2 === 0) {
        inSandbox.push(await sandbox());
        inProcess.push(await local());
      } else {
        inProcess.push(await local());
        inSandbox.push(await sandbox());
      }
    }
    const sandboxRate = states / (median(inSandbox) / 1000);
    const localRate = states / (median(inProcess) / 1000);
    emit({
      name: 'sandbox-states-per-second',
      server: 'dev',
      machine: 'pass-choice-loop',
      iterations: LOOP,
      states,
      rounds: ROUNDS,
      workflowMsMedian: round(median(inSandbox)),
      workflowStatesPerS: Math.round(sandboxRate),
      runLocallyMsMedian: round(median(inProcess)),
      runLocallyStatesPerS: Math.round(localRate),
      runLocallyOverSandbox: round(localRate / sandboxRate, 1),
    });

    const loopSmall = await execute(client, taskQueue, passChoiceLoop, { n: 10 });
    const loopBig = await execute(client, taskQueue, passChoiceLoop, { n: 1_010 });
    const tasksSmall = await execute(client, taskQueue, taskChain(1), { x: 1 });
    const tasksBig = await execute(client, taskQueue, taskChain(6), { x: 1 });
    const waitsSmall = await execute(client, taskQueue, waitChain(1), {});
    const waitsBig = await execute(client, taskQueue, waitChain(3), {});
    emit({
      name: 'history-events-per-state',
      server: 'dev',
      method: 'history(bigger machine) - history(smaller machine), divided by the extra states',
      passChoice: {
        ...perState(loopSmall.events, loopBig.events, loopStates(1_010) - loopStates(10)),
        totalEvents: { iterations10: loopSmall.events.length, iterations1010: loopBig.events.length },
      },
      lambdaTask: {
        ...perState(tasksSmall.events, tasksBig.events, 5),
        totalEvents: { tasks1: tasksSmall.events.length, tasks6: tasksBig.events.length },
      },
      wait: {
        ...perState(waitsSmall.events, waitsBig.events, 2),
        totalEvents: { waits1: waitsSmall.events.length, waits3: waitsBig.events.length },
      },
    });
  } finally {
    worker.shutdown();
    await running;
    await server.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
