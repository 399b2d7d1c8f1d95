/**
 * Scale runs, only with `--scale` (`npm run bench -- --scale`): the generic workflow on workloads that must neither
 * hang nor crash the worker. Each runs on a fresh worker in a process of its own (bench/support/scale-worker.ts) and
 * reports its status (`succeeded`, `failed`, `timed-out`, `worker-crashed`), wall time, the continue-as-new chain
 * (runs, events per run, bytes per run) and the worker's peak RSS (VmHWM), which must stay under 600 MiB.
 *
 * - a Pass/Choice loop of 1,000,000 iterations, dev server;
 * - an inline Map of 40,000 Pass iterations, dev server;
 * - a Distributed Map of 100,000 Pass iterations, dev server;
 * - a Distributed Map of 1,000,000 Pass iterations whose results nothing reads, dev server (up to 25 minutes);
 * - a Choice/Wait loop of 5,000 one-second Waits, time-skipping server.
 *
 * A run still going at its timeout (SCALE_TIMEOUT_S, default 300 s each) is terminated and reported as
 * `timed-out`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { type Json, type StateMachine } from '../src/asl/types';
import { type StateMachineWorkflowInput } from '../workflows/state-machine-input';
import {
  distributedMapDiscarding,
  distributedMapJsonata,
  inlineMapJsonata,
  loopStates,
  passChoiceLoop,
  waitLoop,
} from './support/machines';
import { emit, median, msSince, round } from './support/stats';
import { chainOf, devServer, quietRuntime, timeSkippingServer } from './support/temporal';

const TIMEOUT_MS = Number(process.env.SCALE_TIMEOUT_S ?? 300) * 1000;
const RSS_LIMIT_MIB = 600;
/** Runs of a chain whose histories are fetched (a longer chain is counted to here and said so). */
const CHAIN_LIMIT = 2_000;

interface WorkerProcess {
  readonly child: ChildProcess;
  /** Peak RSS seen so far, in bytes (VmHWM of /proc/<pid>/status). */
  peakRss(): number;
  /** Resolves with how the process ended, if it ends. */
  readonly exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  stop(): Promise<void>;
}

function readHwm(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function startWorker(address: string, taskQueue: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'tsx/cjs', join(__dirname, 'support', 'scale-worker.ts'), address, taskQueue],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  let peak = 0;
  const sample = () => {
    const hwm = child.pid ? readHwm(child.pid) : undefined;
    if (hwm !== undefined) peak = Math.max(peak, hwm);
  };
  const timer = setInterval(sample, 250);
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void exited.then((e) => reject(new Error(`the worker exited before it was ready: ${e.stderr}`)));
  });
  return {
    child,
    peakRss: () => {
      sample();
      return peak;
    },
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

interface Scenario {
  readonly name: string;
  readonly server: 'dev' | 'time-skipping';
  readonly machine: StateMachine;
  readonly input: Json;
  readonly detail: Record<string, unknown>;
  readonly check: (output: unknown) => boolean;
  /** Child workflows (Map batches) the run must have completed, counted over its whole chain. */
  readonly expectChildren?: number;
  readonly timeoutMs: number;
}

const scenarios: Scenario[] = [
  {
    name: 'pass-choice-loop-1m',
    server: 'dev',
    machine: passChoiceLoop,
    input: { n: 1_000_000 },
    detail: { iterations: 1_000_000, states: loopStates(1_000_000) },
    check: (o) => (o as { i?: number }).i === 1_000_000,
    timeoutMs: TIMEOUT_MS,
  },
  {
    name: 'inline-map-40k',
    server: 'dev',
    machine: inlineMapJsonata(40_000),
    input: {},
    detail: { items: 40_000, mode: 'INLINE', maxConcurrency: 0 },
    check: (o) => o === 40_000,
    timeoutMs: TIMEOUT_MS,
  },
  {
    name: 'distributed-map-100k',
    server: 'dev',
    machine: distributedMapJsonata(100_000),
    input: {},
    detail: { items: 100_000, mode: 'DISTRIBUTED', maxConcurrency: 1000 },
    check: (o) => o === 100_000,
    expectChildren: 1_000,
    timeoutMs: TIMEOUT_MS,
  },
  {
    name: 'distributed-map-1m',
    server: 'dev',
    machine: distributedMapDiscarding(1_000_000),
    input: {},
    detail: { items: 1_000_000, mode: 'DISTRIBUTED', maxConcurrency: 1000, results: 'not read (Output)' },
    check: (o) => (o as { finished?: string }).finished === 'Fan out',
    expectChildren: 10_000,
    timeoutMs: Math.max(TIMEOUT_MS, 25 * 60_000),
  },
  {
    name: 'wait-loop-5k',
    server: 'time-skipping',
    machine: waitLoop(1),
    input: { n: 5_000 },
    detail: { iterations: 5_000, waitSeconds: 1 },
    check: (o) => (o as { i?: number }).i === 5_000,
    timeoutMs: TIMEOUT_MS,
  },
];

type Outcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: string }
  | { status: 'wrong-output'; output: string }
  | { status: 'timed-out' }
  | { status: 'worker-crashed'; exitCode: number | null; signal: string | null; reason: string };

/** The state and input a continued run started from (the loops' input says their iteration). */
function resumedAt(input: unknown): unknown {
  const resume = (input as Partial<StateMachineWorkflowInput> | undefined)?.resume;
  if (!resume) return undefined;
  const text = JSON.stringify(resume.input);
  return { state: resume.startAt, input: text.length > 120 ? `${text.slice(0, 120)}...` : resume.input };
}

/** The lines of a crashed worker's stderr that say why (a fatal error's first line), else its last lines. */
function crashReason(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const named = lines.filter((l) => /fatal|error|abort|heap|corrupt/i.test(l)).slice(0, 3);
  return (named.length > 0 ? named : lines.slice(-3)).join(' | ').slice(0, 500);
}

async function runScenario(
  scenario: Scenario,
  server: { address: string; client: Client; historyClient: Client },
): Promise<void> {
  const taskQueue = `bench-scale-${scenario.name}-${process.pid}`;
  const worker = await startWorker(server.address, taskQueue);
  const workflowId = `bench-scale-${scenario.name}-${process.pid}`;
  const args: StateMachineWorkflowInput = {
    definition: scenario.machine,
    input: scenario.input,
    stateMachineName: `bench-${scenario.name}`,
  };
  const start = process.hrtime.bigint();
  const handle = await server.client.workflow.start('stateMachine', { args: [args], taskQueue, workflowId });
  const firstRunId = handle.firstExecutionRunId;
  let timer: NodeJS.Timeout | undefined;
  const outcome: Outcome = await Promise.race([
    handle.result().then(
      (output: unknown): Outcome =>
        scenario.check(output)
          ? { status: 'succeeded' }
          : { status: 'wrong-output', output: JSON.stringify(output).slice(0, 200) },
      (err: unknown): Outcome => {
        const cause = err instanceof WorkflowFailedError ? err.cause : err;
        const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        return { status: 'failed', error: text.slice(0, 300) };
      },
    ),
    new Promise<Outcome>(
      (resolve) => (timer = setTimeout(() => resolve({ status: 'timed-out' }), scenario.timeoutMs)),
    ),
    worker.exited.then((e): Outcome => ({
      status: 'worker-crashed',
      exitCode: e.code,
      signal: e.signal,
      reason: crashReason(e.stderr),
    })),
  ]);
  clearTimeout(timer);
  const wallMs = msSince(start);
  const peakRss = worker.peakRss();
  if (outcome.status !== 'succeeded' && outcome.status !== 'failed' && outcome.status !== 'wrong-output') {
    await server.client.workflow
      .getHandle(workflowId)
      .terminate(`bench: ${outcome.status}`)
      .catch(() => undefined);
  }
  await worker.stop();
  let chain: Record<string, unknown>;
  try {
    const runs = await chainOf(server.historyClient, workflowId, firstRunId, CHAIN_LIMIT);
    const events = runs.map((r) => r.events);
    chain = {
      runs: runs.length,
      ...(runs.length >= CHAIN_LIMIT ? { runsCountedUpTo: CHAIN_LIMIT } : {}),
      eventsPerRunMedian: median(events),
      eventsPerRunMax: Math.max(...events),
      eventsTotal: events.reduce((a, b) => a + b, 0),
      maxRunHistoryMiB: round(Math.max(...runs.map((r) => r.bytes)) / 2 ** 20, 2),
      childWorkflowsCompleted: runs.reduce((a, r) => a + r.childrenCompleted, 0),
      ...(scenario.expectChildren === undefined
        ? {}
        : {
            childWorkflowsExpected: scenario.expectChildren,
            childWorkflowsAsExpected:
              runs.reduce((a, r) => a + r.childrenCompleted, 0) === scenario.expectChildren,
          }),
      // Where the last run counted began: how far a chain that did not finish got.
      ...(runs.length > 1 ? { lastRunResumedAt: resumedAt(runs[runs.length - 1].input) } : {}),
    };
  } catch (err) {
    chain = { historyError: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
  }
  emit({
    name: `scale/${scenario.name}`,
    server: scenario.server,
    ...scenario.detail,
    ...outcome,
    wallS: round(wallMs / 1000, 1),
    timeoutS: scenario.timeoutMs / 1000,
    ...chain,
    workerPeakRssMiB: round(peakRss / 2 ** 20),
    rssUnder600MiB: peakRss < RSS_LIMIT_MIB * 2 ** 20,
  });
}

async function main(): Promise<void> {
  if (!process.argv.includes('--scale')) {
    emit({ name: 'scale', status: 'skipped', reason: 'run with `npm run bench -- --scale`' });
    return;
  }
  quietRuntime();
  const only = process.env.SCALE_ONLY?.split(',');
  const chosen = scenarios.filter((s) => !only || only.includes(s.name));
  const dev = chosen.some((s) => s.server === 'dev') ? await devServer() : undefined;
  const big = { 'grpc.max_receive_message_length': 512 * 2 ** 20 };
  try {
    for (const scenario of chosen) {
      if (scenario.server === 'dev' && dev) {
        const connection = await Connection.connect({ address: dev.address, channelArgs: big });
        try {
          await runScenario(scenario, {
            address: dev.address,
            client: dev.client,
            historyClient: new Client({ connection }),
          });
        } finally {
          await connection.close();
        }
      } else {
        const env = await timeSkippingServer();
        try {
          const address = env.connection.options.address;
          await runScenario(scenario, { address, client: env.client, historyClient: env.client });
        } finally {
          await env.teardown();
        }
      }
    }
  } finally {
    await dev?.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
