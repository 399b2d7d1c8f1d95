/**
 * The local runtime (`runLocally`) against aws-local-stepfunctions, in this one process, on three workloads: a
 * Pass/Choice loop, an inline Map of 1,000 items and a Task data-flow pipeline whose Tasks both answer with the
 * same local handlers. Rounds alternate which engine goes first; each prints the median wall ms and the ratio, and
 * the median CPU ms of this process and its ratio (steadier than wall time when other processes share the cores).
 * Both engines run as they ship: aws-local-stepfunctions its build, runLocally the compiled `dist/`.
 */
import { StateMachine as LocalStepFunctions } from 'aws-local-stepfunctions';
import { type Json, type StateMachine } from '../src/asl/types';
import type * as RunLocal from '../src/runtimes/run-local';
import {
  inlinePassMap,
  loopStates,
  mapInput,
  passChoiceLoop,
  pipelineHandlers,
  pipelineInput,
  taskPipeline,
} from './support/machines';
import { emit, median, msSince, round } from './support/stats';

// The compiled form, as the package ships it (bench/run.ts compiles dist/ first); the types come from the source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLocally } = require('../dist/src/runtimes/run-local') as typeof RunLocal;

// aws-local-stepfunctions 3.0.0 asks for Node 22 and calls Promise.withResolvers in Task states; this project runs
// on Node 20, so the benchmark supplies it (the standard behaviour, a few lines).
const withResolvers = Promise as unknown as { withResolvers?: () => unknown };
withResolvers.withResolvers ??= () => {
  let resolve: (value: unknown) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** One sample: wall ms and this process's CPU ms (all its threads, so JIT and GC too; other processes not). */
interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

async function sample(fn: () => Promise<void>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await fn();
  const wall = msSince(start);
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const ROUNDS = 9;
// Warm-up rounds per workload and engine, 2 by default (the published figures); ASL_BENCH_WARMUP=20 measures both
// engines once their JIT has settled (the Task pipeline's runLocally takes some 700 executions to get there).
const WARMUP = Number(process.env.ASL_BENCH_WARMUP ?? 2);

interface Workload {
  readonly name: string;
  readonly machine: StateMachine;
  readonly input: Json;
  /** Executions per sample (small workloads are repeated so a sample lasts long enough to time). */
  readonly repeat: number;
  readonly check: (output: unknown) => boolean;
  readonly detail: Record<string, unknown>;
}

const LOOP = 5_000;
const MAP = 1_000;
// 2,000 pipelines per sample, some 30 ms of runLocally: a sample of 100 (1.5 ms, under a scheduler time slice) was
// stretched many times over by any other process taking the core, where aws-local-stepfunctions' 20 ms were not.
const PIPELINES = 2_000;

const workloads: Workload[] = [
  {
    name: 'pass-choice-loop',
    machine: passChoiceLoop,
    input: { n: LOOP },
    repeat: 1,
    check: (o) => (o as { i: number }).i === LOOP,
    detail: { iterations: LOOP, states: loopStates(LOOP) },
  },
  {
    name: 'inline-map-1000',
    machine: inlinePassMap,
    input: mapInput(MAP) as unknown as Json,
    repeat: 1,
    check: (o) => (o as { results: unknown[] }).results.length === MAP,
    detail: { items: MAP },
  },
  {
    name: 'task-pipeline',
    machine: taskPipeline,
    input: pipelineInput as unknown as Json,
    repeat: PIPELINES,
    check: (o) => (o as { total: number }).total === 165,
    detail: { tasks: 5, executionsPerSample: PIPELINES },
  },
];

async function main(): Promise<void> {
  for (const w of workloads) {
    const als = new LocalStepFunctions(w.machine as never);
    const runTask = (request: { stateName: string; parameters: Json }) =>
      pipelineHandlers[request.stateName](request.parameters as Record<string, unknown>) as Promise<Json>;
    const ours = async () => {
      for (let i = 0; i < w.repeat; i += 1) {
        const { result } = await runLocally(w.machine, w.input, { runTask });
        if (result.status !== 'SUCCEEDED' || !w.check(result.output))
          throw new Error(`${w.name}: runLocally gave ${JSON.stringify(result).slice(0, 300)}`);
      }
    };
    const theirs = async () => {
      for (let i = 0; i < w.repeat; i += 1) {
        const output: unknown = await als.run(w.input, {
          overrides: { taskResourceLocalHandlers: pipelineHandlers as never },
        }).result;
        if (!w.check(output))
          throw new Error(`${w.name}: aws-local-stepfunctions gave ${JSON.stringify(output).slice(0, 300)}`);
      }
    };
    // The first sample of each engine, before either has warmed up (reported, not compared: the JIT's doing).
    const firstOurs = WARMUP > 0 ? await sample(ours) : undefined;
    const firstTheirs = WARMUP > 0 ? await sample(theirs) : undefined;
    for (let i = 1; i < WARMUP; i += 1) {
      await ours();
      await theirs();
    }
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      if (i % 2 === 0) {
        a.push(await sample(ours));
        b.push(await sample(theirs));
      } else {
        b.push(await sample(theirs));
        a.push(await sample(ours));
      }
    }
    const ms = median(a.map((s) => s.wall)) / w.repeat;
    const alsMs = median(b.map((s) => s.wall)) / w.repeat;
    // CPU time as well: on a shared machine other processes stretch wall time, not this process's CPU time.
    const cpuMs = median(a.map((s) => s.cpu)) / w.repeat;
    const alsCpuMs = median(b.map((s) => s.cpu)) / w.repeat;
    emit({
      name: `local-vs-aws-local-stepfunctions/${w.name}`,
      ...w.detail,
      rounds: ROUNDS,
      warmupRounds: WARMUP,
      runLocallyMsMedian: round(ms, 3),
      awsLocalStepFunctionsMsMedian: round(alsMs, 3),
      speedup: round(alsMs / ms, 2),
      runLocallyCpuMsMedian: round(cpuMs, 3),
      awsLocalStepFunctionsCpuMsMedian: round(alsCpuMs, 3),
      cpuSpeedup: round(alsCpuMs / cpuMs, 2),
      ...(firstOurs && firstTheirs
        ? {
            firstSampleRunLocallyMs: round(firstOurs.wall / w.repeat, 3),
            firstSampleAwsLocalStepFunctionsMs: round(firstTheirs.wall / w.repeat, 3),
          }
        : {}),
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
