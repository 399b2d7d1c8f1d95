/**
 * What the Step Functions API adds over the client library: `asl-temporal serve` (dist/, as users run it) on a dev
 * server of the benchmark's own, its in-process worker running every execution of both sides, and
 *
 * - latency, interleaved (rounds alternate which side goes first): StartExecution, then DescribeExecution every
 *   POLL_MS until the execution is done, of a one-Pass machine, through @aws-sdk/client-sfn against serve ("api")
 *   and through StateMachineClient on the same task queue ("library"); medians of the StartExecution call, of the
 *   final DescribeExecution call, and of start-to-done, and the api/library ratio of each;
 * - sustained StartExecution through the SDK: CONCURRENCY requests in flight for ASL_BENCH_API_SECONDS (default 20),
 *   requests per second and p50/p95 latency of the call, once with serve's worker running the executions meanwhile
 *   and once against a second serve with `--no-worker` (the executions wait in the task queue): the API alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { loadStateMachine } from '../src/asl/parse';
import { type Json } from '../src/asl/types';
import { StateMachineClient } from '../src/client/state-machine-client';
import { emit, median, msSince, p95, round } from './support/stats';
import { devServer, quietRuntime } from './support/temporal';

const DEFINITION = JSON.stringify({
  StartAt: 'Mark',
  States: { Mark: { Type: 'Pass', Result: 'done', ResultPath: '$.mark', End: true } },
});
const INPUT = { order: 7 };
const EXPECTED = { order: 7, mark: 'done' };
const TASK_QUEUE = 'bench-api';
const WARMUP = 5;
const ROUNDS = 40;
const POLL_MS = 5;
const CONCURRENCY = 16;
const SUSTAIN_S = Number(process.env.ASL_BENCH_API_SECONDS ?? 20);
const CLI = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

/** One execution's timings: the StartExecution call, the DescribeExecution call that saw it done, start to done. */
interface Timing {
  readonly startMs: number;
  readonly describeMs: number;
  readonly totalMs: number;
}

/** Starts and polls one execution; `start` and `describe` are one side's calls. */
async function runOne(
  start: () => Promise<void>,
  describe: () => Promise<{ status: string; output?: Json }>,
): Promise<Timing> {
  const begun = process.hrtime.bigint();
  await start();
  const startMs = msSince(begun);
  for (;;) {
    const asked = process.hrtime.bigint();
    const d = await describe();
    const describeMs = msSince(asked);
    if (d.status !== 'RUNNING') {
      if (d.status !== 'SUCCEEDED' || JSON.stringify(d.output) !== JSON.stringify(EXPECTED))
        throw new Error(`execution ended ${d.status} with ${JSON.stringify(d.output)}`);
      return { startMs, describeMs, totalMs: msSince(begun) };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Spawns `serve` on the dev server and resolves with its endpoint once it listens. */
function startServe(
  address: string,
  extra: readonly string[] = [],
): Promise<{ child: ChildProcess; endpoint: string }> {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run bench -- api\` (it compiles dist/).`);
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--address', address, '--port', '0', '--task-queue', TASK_QUEUE, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Step Functions API listening at (http:\/\/\S+)/.exec(output);
      if (m) resolve({ child, endpoint: m[1] });
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${output}`)));
  });
}

/** An SDK client for `endpoint` with keep-alive sockets enough for the sustained run. */
function sdkClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 }) },
  });
}

/** SIGTERM to a serve, resolved once it has exited. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

let sustainedIds = 0;

/** CONCURRENCY loops for SUSTAIN_S, each sending its next StartExecution when the last one answers. */
async function sustained(
  sfn: SFNClient,
  stateMachineArn: string,
  against: string,
): Promise<Record<string, unknown>> {
  const latencies: number[] = [];
  const deadline = Date.now() + SUSTAIN_S * 1000;
  const began = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const sent = process.hrtime.bigint();
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: `s-${process.pid}-${(sustainedIds += 1)}`,
            input: JSON.stringify(INPUT),
          }),
        );
        latencies.push(msSince(sent));
      }
    }),
  );
  const seconds = msSince(began) / 1000;
  return {
    name: 'api-start-execution-sustained',
    against,
    concurrency: CONCURRENCY,
    loadAverage1m: round(loadavg()[0], 2),
    seconds: round(seconds),
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / seconds),
    p50Ms: round(median(latencies)),
    p95Ms: round(p95(latencies)),
  };
}

function summary(timings: readonly Timing[]): Record<string, number> {
  return {
    startMedianMs: round(median(timings.map((t) => t.startMs))),
    describeMedianMs: round(median(timings.map((t) => t.describeMs))),
    totalMedianMs: round(median(timings.map((t) => t.totalMs))),
    totalP95Ms: round(p95(timings.map((t) => t.totalMs))),
  };
}

async function main(): Promise<void> {
  quietRuntime();
  const server = await devServer();
  const serve = await startServe(server.address);
  try {
    const sfn = sdkClient(serve.endpoint);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'bench-api',
        definition: DEFINITION,
        roleArn: 'arn:aws:iam::123456789012:role/bench',
      }),
    );
    const machine = loadStateMachine(DEFINITION).machine!;
    const library = new StateMachineClient(server.client, TASK_QUEUE);
    let ids = 0;

    const viaApi = async (): Promise<Timing> => {
      let executionArn = '';
      return runOne(
        async () => {
          const r = await sfn.send(
            new StartExecutionCommand({
              stateMachineArn,
              name: `a-${(ids += 1)}`,
              input: JSON.stringify(INPUT),
            }),
          );
          executionArn = r.executionArn!;
        },
        async () => {
          const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
          return {
            status: d.status!,
            output: d.output === undefined ? undefined : (JSON.parse(d.output) as Json),
          };
        },
      );
    };
    const viaLibrary = async (): Promise<Timing> => {
      const name = `l-${(ids += 1)}`;
      return runOne(
        async () => {
          await library.startExecution({ machine, stateMachineName: 'bench-api', name, input: INPUT });
        },
        async () => library.describeExecution(name),
      );
    };

    for (let i = 0; i < WARMUP; i++) {
      await viaApi();
      await viaLibrary();
    }
    const api: Timing[] = [];
    const lib: Timing[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        api.push(await viaApi());
        lib.push(await viaLibrary());
      } else {
        lib.push(await viaLibrary());
        api.push(await viaApi());
      }
    }
    const a = summary(api);
    const l = summary(lib);
    emit({
      name: 'api-vs-library-latency',
      rounds: ROUNDS,
      loadAverage1m: round(loadavg()[0], 2),
      pollMs: POLL_MS,
      api: a,
      library: l,
      ratio: {
        start: round(a.startMedianMs / l.startMedianMs, 2),
        describe: round(a.describeMedianMs / l.describeMedianMs, 2),
        total: round(a.totalMedianMs / l.totalMedianMs, 2),
      },
    });

    emit(await sustained(sfn, stateMachineArn!, 'serve with its worker running the executions'));
    sfn.destroy();
    // The same against a serve without a worker (the executions wait in the task queue): the API's own ceiling.
    const bare = await startServe(server.address, ['--no-worker']);
    try {
      const sfnBare = sdkClient(bare.endpoint);
      emit(await sustained(sfnBare, stateMachineArn!, 'serve --no-worker (executions queue, none runs)'));
      sfnBare.destroy();
    } finally {
      await stop(bare.child);
    }
  } finally {
    await stop(serve.child);
    await server.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
