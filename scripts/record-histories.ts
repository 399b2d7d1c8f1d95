// `npm run record:histories`: records one Temporal history per feature of the generic workflow, on the
// time-skipping test server with the workflow code of this checkout, into test/fixtures/histories/. Run only on
// purpose (never by npm test): a fixture stands for executions in flight when a worker is upgraded, so an existing
// one is kept unless `--force` names it. Options: `--only a,b` (features), `--out DIR`, `--force`,
// `--allow-dirty` (record although the sandboxed code has uncommitted changes; the sidecar says so).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { type Client, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { format, resolveConfig } from 'prettier';
import { validateStateMachine } from '../src/asl/validate';
import { type Json } from '../src/asl/types';
import { StateMachineClient } from '../src/client/state-machine-client';
import { type MotoServer, resolveMoto, startMoto } from '../src/server/moto';
import { stderrProgress } from '../src/server/progress';
import { toExecutable } from '../src/server/resolved';
import { resolveTestServer, TEST_SERVER_VERSION } from '../src/server/test-server';
import { createWorker, installCliRuntime } from '../src/worker';
import { workflowBundle } from '../src/workflow-bundle';
import { type StateMachineWorkflowInput } from '../workflows/state-machine-input';
import {
  FEATURES,
  type Feature,
  NESTED_MACHINES,
  type Outcome,
  recordingHandlers,
} from './record-histories-features';

const REPO = resolve(__dirname, '..');
/** The folders whose code runs in the sandbox: what a history depends on. */
const SANDBOXED = ['workflows', 'src/asl', 'src/dataflow', 'src/interpreter'];

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One recorded workflow run: the file it goes to and what it is. */
interface Recorded {
  readonly file: string;
  readonly workflowType: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly history: temporal.api.history.v1.IHistory;
}

interface Args {
  readonly only?: readonly string[];
  readonly out: string;
  readonly force: boolean;
  readonly allowDirty: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const valueOf = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const only = valueOf('--only')?.split(',').filter(Boolean);
  for (const name of only ?? []) {
    if (!FEATURES.some((f) => f.name === name)) throw new Error(`No feature named ${name}.`);
  }
  return {
    only,
    out: resolve(valueOf('--out') ?? join(REPO, 'test', 'fixtures', 'histories')),
    force: argv.includes('--force'),
    allowDirty: argv.includes('--allow-dirty'),
  };
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
}

/** Every run of a continue-as-new chain from its first run, and every child workflow any of them started. */
async function collect(client: Client, base: string, workflowId: string, runId: string): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  const children: { workflowId: string; runId: string }[] = [];
  let run: string | null | undefined = runId;
  for (let n = 1; run; n++) {
    const history = await client.workflow.getHandle(workflowId, run).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    const workflowType = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
    recorded.push({
      file: `${base}${n === 1 ? '' : `.run-${n}`}`,
      workflowType,
      workflowId,
      runId: run,
      history,
    });
    for (const e of events) {
      const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId && child.runId)
        children.push({ workflowId: child.workflowId, runId: child.runId });
    }
    run = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  for (const [k, child] of children.entries()) {
    recorded.push(...(await collect(client, `${base}.child-${k + 1}`, child.workflowId, child.runId)));
  }
  return recorded;
}

async function outcomeOf(handle: WorkflowHandle): Promise<Outcome> {
  try {
    return { status: 'succeeded', output: (await handle.result()) as Json };
  } catch (err) {
    if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
      return { status: 'failed', error: err.cause.type ?? '', cause: err.cause.message };
    }
    throw err;
  }
}

/** Runs one feature's execution (or entity workflow) to its end and returns what to write. */
async function record(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  feature: Feature,
): Promise<{ input: Json; outcome: Outcome; recorded: Recorded[] }> {
  if (feature.definition) {
    const problems = validateStateMachine(feature.definition).filter((d) => d.severity === 'ERROR');
    if (problems.length > 0) throw new Error(`${feature.name}: invalid machine: ${JSON.stringify(problems)}`);
  }
  const nowMs = await env.currentTimeMs();
  const input = feature.input(nowMs);
  await feature.prepare?.();
  let started: { workflowId: string; runId: string; outcome: Outcome };
  if (feature.entity) {
    started = await feature.entity({ temporal: env.client, taskQueue, input, nowMs });
  } else {
    if (!feature.definition) throw new Error(`${feature.name}: neither a machine nor an entity`);
    const args: StateMachineWorkflowInput = {
      definition: feature.definition,
      input,
      stateMachineName: feature.name,
      ...feature.options,
    };
    const handle = await env.client.workflow.start('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: `${feature.name}-${Date.now()}`,
    });
    // Answers from outside come first: result() lets the server skip time, which would time a waiting Task out.
    await feature.drive?.({
      client: new StateMachineClient(env.client, taskQueue),
      temporal: env.client,
      input,
    });
    const outcome = await outcomeOf(handle);
    started = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, outcome };
  }
  const { outcome } = started;
  const recorded = await collect(env.client, feature.name, started.workflowId, started.runId);
  const wrong = feature.check(outcome, recorded);
  if (wrong) throw new Error(`${feature.name}: the execution does not show the feature: ${wrong}`);
  return { input, outcome, recorded };
}

/** The sidecar that says where, when and from what a fixture was recorded. */
function sidecar(
  feature: Feature,
  input: Json,
  outcome: Outcome,
  recorded: readonly Recorded[],
  dirty: boolean,
) {
  const sdk = (
    JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  return {
    feature: feature.name,
    what: feature.what,
    recordedAt: {
      commit: git('rev-parse', 'HEAD'),
      uncommittedSandboxedChanges: dirty,
      date: new Date().toISOString(),
    },
    recordedOn: {
      server: `temporal-test-server ${TEST_SERVER_VERSION} (time-skipping)`,
      sdk: `@temporalio/worker ${sdk}`,
      node: process.version,
      os: `${platform()} ${release()} ${arch()}`,
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
    },
    stateMachine: feature.definition ?? null,
    input,
    options: feature.options ?? {},
    outcome,
    histories: recorded.map((r) => ({
      file: `${r.file}.history.pb`,
      workflowType: r.workflowType,
      workflowId: r.workflowId,
      runId: r.runId,
      events: r.history.events?.length ?? 0,
    })),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dirty = git('status', '--porcelain', '--', ...SANDBOXED) !== '';
  if (dirty && !args.allowDirty) {
    throw new Error(
      `Uncommitted changes under ${SANDBOXED.join(', ')}: a fixture must be recorded from a commit. Record from a ` +
        'worktree of HEAD (git worktree add /tmp/rec HEAD), or pass --allow-dirty.',
    );
  }
  const chosen = FEATURES.filter((f) => !args.only || args.only.includes(f.name));
  const todo = chosen.filter((f) => args.force || !existsSync(join(args.out, `${f.name}.history.pb`)));
  for (const f of chosen.filter((c) => !todo.includes(c))) {
    process.stderr.write(
      `${f.name}: kept (fixtures are re-recorded only on purpose: --force --only ${f.name})\n`,
    );
  }
  if (todo.length === 0) return;
  mkdirSync(args.out, { recursive: true });

  installCliRuntime('ERROR');
  const bundle = await workflowBundle({ progress: stderrProgress });
  const server = await resolveTestServer({ progress: stderrProgress });
  const moto = todo.some((f) => f.aws) ? await startAws() : undefined;
  try {
    await recordAll(todo, bundle.code, server, args.out, dirty);
  } finally {
    await moto?.stop();
  }
}

/**
 * Starts moto for the features that call AWS and points this process's AWS SDK at it (the worker's clients read
 * AWS_ENDPOINT_URL), with moto's dummy credentials, as the test harness does.
 */
async function startAws(): Promise<MotoServer> {
  const moto = await startMoto(await resolveMoto({ progress: stderrProgress }));
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  process.stderr.write(`moto listening at ${moto.endpoint}\n`);
  return moto;
}

/** Records each feature on a time-skipping server of its own and writes its histories and sidecar. */
async function recordAll(
  todo: readonly Feature[],
  code: string,
  server: Awaited<ReturnType<typeof resolveTestServer>>,
  out: string,
  dirty: boolean,
): Promise<void> {
  for (const feature of todo) {
    const started = Date.now();
    // A server of its own per feature: its clock starts at the real time (a Wait's Timestamp stays ahead of it),
    // and nothing a feature leaves behind (an activity still running after its Task timed out) stalls the next.
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: toExecutable(server) },
    });
    const taskQueue = `record-histories-${feature.name}`;
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: recordingHandlers(),
      workflowBundle: { code },
      activities: { stateMachines: NESTED_MACHINES },
    });
    const running = worker.run();
    let result;
    try {
      result = await record(env, taskQueue, feature);
    } finally {
      worker.shutdown();
      await running;
      await env.teardown();
    }
    const { input, outcome, recorded } = result;
    for (const r of recorded) {
      const bytes = temporal.api.history.v1.History.encode(r.history).finish();
      writeFileSync(join(out, `${r.file}.history.pb`), bytes);
    }
    const meta = sidecar(feature, input, outcome, recorded, dirty);
    // Formatted as `npm run lint` (prettier --check .) wants it: the repository's config, even for an --out
    // outside it (a worktree's scratch folder), where prettier would find none.
    const file = join(out, `${feature.name}.json`);
    const options = {
      ...(await resolveConfig(join(REPO, 'test', 'fixtures', 'histories', 'x.json'))),
      filepath: file,
    };
    writeFileSync(file, await format(JSON.stringify(meta, null, 2), options));
    const events = recorded.map((r) => r.history.events?.length ?? 0).join('+');
    process.stderr.write(
      `${feature.name}: ${recorded.length} histories (${events} events), ${outcome.status}, ` +
        `${Date.now() - started} ms\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
