/**
 * ASL against hand-written Temporal code: for three of the seed's patterns, the generic `stateMachine` workflow
 * running examples/<pattern>/definition.asl.json and the pattern's workflow in workflows/patterns/, on one dev
 * server and one in-process worker per pattern, interleaved (rounds alternate which goes first).
 *
 * - latency: one execution at a time, start to result (median and p95);
 * - throughput and worker CPU: batches of concurrent executions; CPU is process.cpuUsage() of this process (worker,
 *   client and gRPC alike, the same for both sides) over the batch, divided by the executions;
 * - history events of one execution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Client } from '@temporalio/client';
import { loadHandlersFromDir } from '../activities/local/load';
import { loadStateMachine } from '../src/asl/parse';
import { type Json, type StateMachine } from '../src/asl/types';
import { createWorker } from '../src/worker';
import { type StateMachineWorkflowInput } from '../workflows/state-machine-input';
import { emit, median, msSince, p95, round } from './support/stats';
import { bundle, devServer, historyLength, quietRuntime } from './support/temporal';

const PATTERNS = [
  { example: 'sequential-processing', workflowType: 'sequentialProcessing' },
  { example: 'parallel-processing', workflowType: 'parallelProcessing' },
  { example: 'map-batch-processing', workflowType: 'mapBatchProcessing' },
] as const;

const WARMUP = 3;
const LATENCY_ROUNDS = 15;
const BATCH = 20;
const BATCHES = 3;

let ids = 0;

interface Side {
  readonly type: string;
  readonly args: unknown[];
}

async function runOne(client: Client, taskQueue: string, side: Side, expected: Json): Promise<string> {
  const workflowId = `bench-${side.type}-${process.pid}-${(ids += 1)}`;
  const handle = await client.workflow.start(side.type, { args: side.args, taskQueue, workflowId });
  const output = await handle.result();
  if (JSON.stringify(output) !== JSON.stringify(expected))
    throw new Error(`${side.type} returned ${JSON.stringify(output).slice(0, 300)}`);
  return workflowId;
}

async function batch(
  client: Client,
  taskQueue: string,
  side: Side,
  expected: Json,
): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: BATCH }, () => runOne(client, taskQueue, side, expected)));
  const ms = msSince(start);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  quietRuntime();
  const server = await devServer();
  const code = await bundle();
  try {
    for (const pattern of PATTERNS) {
      const dir = join(__dirname, '..', 'examples', pattern.example);
      const { machine } = loadStateMachine(readFileSync(join(dir, 'definition.asl.json'), 'utf8'));
      const input = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as Json;
      const expected = JSON.parse(readFileSync(join(dir, 'expected-output.json'), 'utf8')) as Json;
      const args: StateMachineWorkflowInput = {
        definition: machine as StateMachine,
        input,
        stateMachineName: pattern.example,
      };
      const asl: Side = { type: 'stateMachine', args: [args] };
      const hand: Side = { type: pattern.workflowType, args: [input] };
      const taskQueue = `bench-${pattern.example}-${process.pid}`;
      const worker = await createWorker({
        connection: server.nativeConnection,
        taskQueue,
        handlers: loadHandlersFromDir(join(dir, 'handlers')),
        workflowBundle: code,
      });
      const running = worker.run();
      try {
        const { client } = server;
        for (let i = 0; i < WARMUP; i += 1) {
          await runOne(client, taskQueue, asl, expected);
          await runOne(client, taskQueue, hand, expected);
        }
        const latency = { asl: [] as number[], code: [] as number[] };
        for (let i = 0; i < LATENCY_ROUNDS; i += 1) {
          const order: ['asl' | 'code', Side][] = [
            ['asl', asl],
            ['code', hand],
          ];
          if (i % 2 === 1) order.reverse();
          for (const [key, side] of order) {
            const start = process.hrtime.bigint();
            await runOne(client, taskQueue, side, expected);
            latency[key].push(msSince(start));
          }
        }
        const batches = {
          asl: [] as { ms: number; cpuMs: number }[],
          code: [] as { ms: number; cpuMs: number }[],
        };
        for (let i = 0; i < BATCHES; i += 1) {
          if (i % 2 === 0) {
            batches.asl.push(await batch(client, taskQueue, asl, expected));
            batches.code.push(await batch(client, taskQueue, hand, expected));
          } else {
            batches.code.push(await batch(client, taskQueue, hand, expected));
            batches.asl.push(await batch(client, taskQueue, asl, expected));
          }
        }
        const events = {
          asl: await historyLength(client.workflow.getHandle(await runOne(client, taskQueue, asl, expected))),
          code: await historyLength(
            client.workflow.getHandle(await runOne(client, taskQueue, hand, expected)),
          ),
        };
        const summary = (key: 'asl' | 'code') => ({
          latencyMsMedian: round(median(latency[key])),
          latencyMsP95: round(p95(latency[key])),
          throughputPerS: round(median(batches[key].map((b) => (BATCH * 1000) / b.ms))),
          cpuMsPerExecution: round(median(batches[key].map((b) => b.cpuMs / BATCH)), 2),
          historyEvents: events[key],
        });
        const a = summary('asl');
        const c = summary('code');
        emit({
          name: `asl-vs-code/${pattern.example}`,
          server: 'dev',
          latencyRounds: LATENCY_ROUNDS,
          batch: BATCH,
          batches: BATCHES,
          asl: a,
          code: c,
          ratio: {
            latencyMedian: round(a.latencyMsMedian / c.latencyMsMedian, 2),
            latencyP95: round(a.latencyMsP95 / c.latencyMsP95, 2),
            throughput: round(a.throughputPerS / c.throughputPerS, 2),
            cpuPerExecution: round(a.cpuMsPerExecution / c.cpuMsPerExecution, 2),
            historyEvents: round(a.historyEvents / c.historyEvents, 2),
          },
        });
      } finally {
        worker.shutdown();
        await running;
      }
    }
  } finally {
    await server.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
