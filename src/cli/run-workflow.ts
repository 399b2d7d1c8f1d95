/**
 * `asl-temporal run --workflow DIR/<name>.workflow.ts`: runs one execution of an exported workflow (what
 * `asl-temporal export` writes, or any workflow of that shape) as `run` runs a definition: the same server choice,
 * handlers, MockConfig, progress line, output and exit codes. The file is bundled with the package's workflows,
 * from source (TypeScript or JavaScript), by the Temporal bundler. Mocks travel as the workflow's second argument
 * (`ExecutionOptions` of asl-temporal/workflow), as they travel in the generic workflow's input.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Client, QueryNotRegisteredError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { type temporal } from '@temporalio/proto';
import { type Json } from '../asl/types';
import { type TraceEvent } from '../interpreter/trace';
import { runCluster } from './run-cluster';
import { stderrProgress } from '../server/progress';
import { createWorker, installCliRuntime } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { RESERVED_WORKFLOW_TYPES } from '../workflow-entry';
import { workerEncryptionFromFile } from './encryption';
import { executionInput, UsageError } from './inputs';
import { loadStateMachines } from './machines';
import { TRACE_QUERY } from '../../workflows/state-machine-input';
import { failureOutcome, handlersFor, mocksFor, type RunCommandOptions, type RunOutcome } from './run';
import { PROGRESS_QUERY_DEADLINE_MS, watchProgress } from './run-progress';

/** An exported workflow module: its file and the workflow function it exports. */
export interface WorkflowModule {
  readonly file: string;
  /** The workflow type: the function's name, which is the file's name before `.workflow.ts`. */
  readonly name: string;
}

/** The options of `run` that describe a definition rather than a workflow, with why they do not apply. */
const DEFINITION_ONLY: ReadonlyArray<readonly [keyof RunCommandOptions, string]> = [
  ['substitute', '--substitute fills a definition'],
  ['local', '--local runs a definition in-process; an exported workflow runs on Temporal'],
  ['tracing', '--tracing traces the states of a definition'],
  ['logLevel', "--log-level logs a definition's events"],
  ['machineConfig', "--machine-config reads a definition's LoggingConfig and TracingConfig"],
];

const WORKFLOW_FILE = /^(.+?)(?:\.workflow)?\.(?:ts|js|cjs|mjs)$/;

/**
 * Reads which workflow a file holds: `<name>.workflow.ts` (or `.js`) must export a function `<name>`. Checked on
 * the text, before anything is bundled, so a misnamed file fails at once with a usage error rather than with an
 * execution that no worker can run.
 */
export function workflowModule(path: string): WorkflowModule {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile())
    throw new UsageError(`The workflow file ${path} does not exist.`);
  const match = WORKFLOW_FILE.exec(basename(file));
  if (!match)
    throw new UsageError(
      `${path} is not a workflow module: expected <name>.workflow.ts or <name>.workflow.js.`,
    );
  const name = match[1];
  if (!/^[A-Za-z_$][\w$]*$/.test(name))
    throw new UsageError(
      `${path}: the workflow name "${name}" (the file's name) is not a JavaScript identifier.`,
    );
  const text = readFileSync(file, 'utf8');
  const exported = new RegExp(
    `export\\s+(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${name}\\s*\\(|` +
      `export\\s+(?:const|let|var)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`,
  );
  if (!exported.test(text)) {
    throw new UsageError(
      `${path} exports no workflow function ${name}: a file <name>.workflow.ts exports ` +
        `\`async function <name>(input)\`, as \`asl-temporal export\` writes it.`,
    );
  }
  if (RESERVED_WORKFLOW_TYPES.has(name)) {
    throw new UsageError(
      `${path}: ${name} is one of asl-temporal's own workflow types; rename the file and its function.`,
    );
  }
  return { file, name };
}

/**
 * Every exported workflow in a folder (`worker --workflows DIR`): each `*.workflow.ts` or `*.workflow.js` file, by
 * name; a file among them that is not one, or two of the same name, is a usage error.
 */
export function workflowModulesIn(dir: string): WorkflowModule[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`The workflows folder ${dir} does not exist.`);
  const modules = readdirSync(dir)
    .filter((name) => /\.workflow\.(?:ts|js)$/.test(name) && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => workflowModule(join(dir, name)));
  const seen = new Map<string, string>();
  for (const m of modules) {
    const other = seen.get(m.name);
    if (other) throw new UsageError(`${other} and ${m.file} both hold the workflow ${m.name}; keep one.`);
    seen.set(m.name, m.file);
  }
  if (modules.length === 0)
    throw new UsageError(`The workflows folder ${dir} holds no <name>.workflow.ts or .workflow.js file.`);
  return modules;
}

/** The state (or function) an activity call stands for: its summary, else its request's state or function name. */
function callName(event: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const scheduled = event.activityTaskScheduledEventAttributes;
  if (!scheduled) return undefined;
  try {
    const summary = event.userMetadata?.summary;
    if (summary) return String(defaultPayloadConverter.fromPayload(summary));
    const payload = scheduled.input?.payloads?.[0];
    const request = (payload ? defaultPayloadConverter.fromPayload(payload) : {}) as {
      stateName?: string;
      functionName?: string;
    };
    return request.stateName ?? request.functionName ?? scheduled.activityType?.name ?? undefined;
  } catch {
    // An encrypted payload: the activity's type is all there is to show.
    return scheduled.activityType?.name ?? undefined;
  }
}

/**
 * The progress of a workflow that answers no trace query (a hand-written one), from its Temporal history: each
 * scheduled activity is a state entered, named by the Task's state (or function) name.
 */
async function historyProgress(handle: WorkflowHandle): Promise<{ events: readonly TraceEvent[] }> {
  const history = await handle.fetchHistory();
  const events: TraceEvent[] = [];
  for (const event of history.events ?? []) {
    const state = callName(event);
    if (state !== undefined)
      events.push({ type: 'StateEntered', id: Number(event.eventId ?? 0), timestamp: 0, state });
  }
  return { events };
}

/** Runs one execution of an exported workflow as the options say and returns how it ended. */
export async function runWorkflowExecution(path: string, options: RunCommandOptions): Promise<RunOutcome> {
  for (const [option, why] of DEFINITION_ONLY) {
    if (options[option] !== undefined && options[option] !== false)
      throw new UsageError(`${why}: it does not apply to --workflow.`);
  }
  const workflow = workflowModule(path);
  const input = await executionInput(options);
  const handlers = await handlersFor(workflow.file, options.handlers);
  const mocks = await mocksFor(workflow.file, options, workflow.name);
  const stateMachines = await loadStateMachines(options.stateMachines);
  const encryption = workerEncryptionFromFile(options.encryptionKeyFile);
  const executionName = options.name ?? randomUUID();

  installCliRuntime('WARN');
  const bundling = workflowBundle({
    workflowFiles: [workflow],
    failureConverterPath: encryption.failureConverterPath,
    progress: stderrProgress,
  });
  bundling.catch(() => undefined); // awaited below, unless connecting fails first
  const cluster = await runCluster(options);
  const close = () => cluster.close();
  try {
    let code: string;
    try {
      ({ code } = await bundling);
    } catch (err) {
      // webpack's message, without swc's native stack backtrace (which names no file of the user's).
      const detail = (err as Error).message
        .replace(/^The workflows do not bundle:\n/, '')
        .split(/\n\s*Stack backtrace:/)[0]
        .trimEnd();
      throw new UsageError(`${path} does not bundle as a workflow:\n${detail}`);
    }
    const taskQueue = `asl-temporal-run-${randomUUID()}`;
    const worker = await createWorker({
      connection: cluster.nativeConnection,
      namespace: cluster.namespace,
      taskQueue,
      handlers,
      workflowBundle: { code },
      activities: { stateMachines },
      ...encryption,
    });
    const client = new Client({
      connection: cluster.client.connection,
      namespace: cluster.namespace,
      dataConverter: { payloadCodecs: encryption.payloadCodecs },
    });
    return await worker.runUntil(async () => {
      // Exported code takes the mocks where the generic workflow does: beside the input (ExecutionOptions).
      const handle = await client.workflow.start(workflow.name, {
        args: mocks ? [input, { mocks }] : [input],
        taskQueue,
        workflowId: executionName,
      });
      stderrProgress.line(`Execution ${executionName} of ${workflow.name} started on ${cluster.address}`);
      let traced = true;
      const progress = async (): Promise<{ events: readonly TraceEvent[] }> => {
        if (traced) {
          try {
            return await handle.query<{ events: readonly TraceEvent[] }>(TRACE_QUERY);
          } catch (err) {
            if (!(err instanceof QueryNotRegisteredError)) throw err;
            traced = false;
          }
        }
        return historyProgress(handle);
      };
      // Exported code answers the generic workflow's trace query, so its progress line is the same as run's.
      const stop = watchProgress(() =>
        client.withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, progress),
      );
      try {
        return { status: 'SUCCEEDED', output: (await handle.result()) as Json } as RunOutcome;
      } catch (err) {
        return failureOutcome(err);
      } finally {
        await stop();
      }
    });
  } finally {
    await close();
  }
}
