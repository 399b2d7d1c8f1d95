/**
 * `asl-temporal run <definition>`: runs one execution to its end and prints the output, on the embedded dev
 * server (default), an existing cluster (--address) or in-process (--local). Exit 0 succeeded, 1 did not, 2 usage.
 */
import { createExecutionLog, type ExecutionLogLevel } from '../interpreter/execution-log';
import { executionArns } from '../interpreter/context';
import { resolveMonitoring } from './machine-config';
import { loadStateMachines } from './machines';
import { hasSearchAttributes } from '../client/search-attributes';
import { STATE_MACHINE_ATTRIBUTE } from '../../workflows/state-machine-input';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type Command, Option } from 'commander';
import { importHandlersFromDir } from '../../activities/local/load';
import { type HandlerMap } from '../../activities/local/handlers';
import { type Json } from '../asl/types';
import { checkExecutionStart } from '../dataflow/limits';
import { type TaskMocks } from '../interpreter/mocks';
import { workflowInput } from '../importer/import';
import { executionInput, loadDefinition, parseJson, readText, UsageError } from './inputs';
import { mocksFromConfig } from '../importer/mock-config';
import { runCluster } from './run-cluster';
import { activityItemIO } from '../runtimes/activity-items';
import { activityTaskRunner } from '../runtimes/activity-tasks';
import { runLocally } from '../runtimes/run-local';
import { stderrProgress } from '../server/progress';
import { PROGRESS_QUERY_DEADLINE_MS, watchProgress } from './run-progress';
import { createWorker, installCliRuntime } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { otlpTracesUrl, otlpTracing, type Tracing } from '../tracing';
import { TRACE_QUERY } from '../../workflows/state-machine-input';
import { ENCRYPTION_KEY_HELP, workerEncryptionFromFile } from './encryption';
import { runWorkflowExecution } from './run-workflow';
import { clusterTlsOption } from './cluster';

/** The options `run` takes. */
export interface RunCommandOptions {
  readonly input?: string;
  readonly inputFile?: string;
  readonly name?: string;
  readonly substitute?: readonly string[];
  /** A mock config file; false (`--no-mock-config`) ignores a `mock-config.json` beside the definition. */
  readonly mockConfig?: string | false;
  readonly testCase?: string;
  readonly handlers?: string;
  /** A folder of definitions that `states:startExecution` Tasks may start, by name. */
  readonly stateMachines?: string;
  readonly local?: boolean;
  readonly address?: string;
  readonly namespace?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsCaCert?: string;
  readonly tlsServerName?: string;
  readonly apiKey?: string;
  readonly json?: boolean;
  /** The machine's LoggingConfiguration level; its events go to stderr through the workflow logger. */
  readonly logLevel?: ExecutionLogLevel;
  readonly includeExecutionData?: boolean;
  /** A file with the machine's LoggingConfig and TracingConfig (the flags win). */
  readonly machineConfig?: string;
  /** The machine's TracingConfiguration: spans per state, workflow and activity, exported over OTLP/HTTP. */
  readonly tracing?: boolean;
  readonly otlpEndpoint?: string;
  /** Encrypt every payload the server stores with the 256-bit key in this file. */
  readonly encryptionKeyFile?: string;
  /** An exported workflow file to run instead of a definition (src/cli/run-workflow.ts). */
  readonly workflow?: string;
}

/** OpenTelemetry's default OTLP/HTTP traces URL (a local Jaeger or Collector listens there). */
const DEFAULT_OTLP_TRACES_URL = 'http://localhost:4318/v1/traces';

/** How an execution ended, as `run --json` prints it. */
export type RunOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | {
      readonly status: 'FAILED' | 'TIMED_OUT' | 'ABORTED';
      readonly error: string | null;
      readonly cause: string | null;
    };

const EXAMPLES = `
Examples:
  $ asl-temporal run examples/sequential-processing/definition.asl.json \\
      --input-file examples/sequential-processing/input.json
  $ asl-temporal run machine.asl.json --input '{"orderId": "42"}' --local --json
  $ asl-temporal run machine.asl.json --mock-config mocks.json --test-case HappyPath
  $ asl-temporal run machine.asl.json --tracing --otlp-endpoint http://localhost:4318
  $ asl-temporal run machine.asl.json --machine-config monitoring.json   # {"LoggingConfig": {"Level": "ALL"}, ...}
  $ asl-temporal run --workflow exported/orderFlow.workflow.ts --input-file input.json
  $ asl-temporal run machine.yaml --address my-ns.a1b2c.tmprl.cloud:7233 --namespace my-ns.a1b2c --api-key "$KEY"

Tasks whose Resource is a Lambda function run local handlers: modules exporting handler(event, context), one per
function, in --handlers DIR (default: the handlers/ folder beside the definition).
With --json, stdout gets exactly one JSON object: {"status": "SUCCEEDED", "output": ...} or
{"status": "FAILED" | "TIMED_OUT" | "ABORTED", "error": ..., "cause": ...}; progress goes to stderr.
Exit status: 0 succeeded, 1 failed/timed out/aborted, 2 invalid definition or usage.`;

/** The local handlers: `--handlers DIR`, else the handlers/ folder beside the file run. */
export async function handlersFor(definitionFile: string, dir: string | undefined): Promise<HandlerMap> {
  const folder = dir ?? join(dirname(definitionFile), 'handlers');
  if (!existsSync(folder)) {
    if (dir !== undefined) throw new UsageError(`The handlers folder ${dir} does not exist.`);
    return {};
  }
  return importHandlersFromDir(folder);
}

/** The mock config in force: `--mock-config`, else a `mock-config.json` beside the definition (like handlers/). */
function mockConfigFile(definitionFile: string, option: string | false | undefined): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return option;
  const beside = join(dirname(definitionFile), 'mock-config.json');
  if (!existsSync(beside)) return undefined;
  stderrProgress.line(`Using the mocks of ${beside} (--no-mock-config to call the real services)`);
  return beside;
}

/** The mocks of `--mock-config` (or the mock-config.json beside the file) for `--test-case`, if any. */
export async function mocksFor(
  definitionFile: string,
  options: RunCommandOptions,
  machineName: string,
): Promise<TaskMocks | undefined> {
  const file = mockConfigFile(definitionFile, options.mockConfig);
  if (file === undefined) return undefined;
  const config = parseJson(await readText(file, 'mock config'), `mock config ${file}`);
  try {
    return mocksFromConfig(config, options.testCase ?? 'default', machineName);
  } catch (err) {
    throw new UsageError(`The mock config ${file} is not usable: ${(err as Error).message}`);
  }
}

/** How a failed workflow ended, as `run` reports it. */
export function failureOutcome(err: unknown): RunOutcome {
  if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
    const details = err.cause.details?.[0] as { status?: string } | undefined;
    return {
      status: details?.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
      error: err.cause.type || null,
      cause: err.cause.message || null,
    };
  }
  if (err instanceof WorkflowFailedError)
    return { status: 'ABORTED', error: null, cause: err.cause?.message ?? err.message };
  throw err;
}

/** Runs one execution as the options say and returns how it ended. */
export async function runExecution(definitionFile: string, options: RunCommandOptions): Promise<RunOutcome> {
  const imported = await loadDefinition(definitionFile, options.substitute);
  const input = await executionInput(options);
  const handlers = await handlersFor(definitionFile, options.handlers);
  const mocks = await mocksFor(definitionFile, options, imported.name);
  const executionName = options.name ?? randomUUID();

  if (options.local && options.stateMachines !== undefined) {
    throw new UsageError(
      '--state-machines runs nested executions on the Temporal worker: drop --local to use it.',
    );
  }
  const stateMachines = await loadStateMachines(options.stateMachines);
  if (options.local && options.tracing) {
    throw new UsageError('--tracing traces through the Temporal worker: drop --local to use it.');
  }
  // Read before a server starts, so a bad key file fails at once; --local stores nothing, so needs no key.
  const encryption = options.local
    ? { payloadCodecs: [] }
    : workerEncryptionFromFile(options.encryptionKeyFile);
  const monitoring = await resolveMonitoring(options);
  const { logging } = monitoring;
  if (options.otlpEndpoint !== undefined && !monitoring.tracing) {
    throw new UsageError('--otlp-endpoint says where to send traces: add --tracing to trace the execution.');
  }
  if (monitoring.destinations > 0) {
    stderrProgress.line(
      'LoggingConfig.Destinations: the log records go to stderr here, not to CloudWatch Logs.',
    );
  }
  if (options.local) {
    if (monitoring.tracing)
      stderrProgress.line('TracingConfig: --local runs have no worker to trace; not traced.');
    const { executionArn } = executionArns({ stateMachineName: imported.name, executionName });
    const logged = logging ? createExecutionLog(logging, executionArn) : undefined;
    const { result } = await runLocally(imported.machine, input, {
      stateMachineName: imported.name,
      executionName,
      mocks,
      // No worker here: the events go straight to stderr, shaped as a worker's workflow logger prints them.
      onEvent: (event) => {
        const entry = logged?.(event);
        if (entry)
          process.stderr.write(
            `[execution ${entry.severity}] ${entry.message} ${JSON.stringify(entry.record)}\n`,
          );
      },
      runTask: activityTaskRunner(handlers),
      ...activityItemIO(),
    });
    if (result.status === 'SUCCEEDED') return result;
    if (result.status === 'PAUSED') throw new Error('A local run never pauses.');
    return { status: result.status, error: result.error ?? null, cause: result.cause ?? null };
  }

  // Refused before a server starts, as StartExecution refuses them (and within one Temporal payload).
  checkExecutionStart({ definition: imported.machine, input, mocks });
  installCliRuntime('WARN', { executionLogs: logging !== undefined });
  let tracing: Tracing | undefined;
  if (monitoring.tracing) {
    tracing = otlpTracing(otlpTracesUrl(options.otlpEndpoint) ?? DEFAULT_OTLP_TRACES_URL);
    stderrProgress.line(`Tracing: exporting OpenTelemetry spans to ${tracing.destination}`);
  }
  // The bundle (from the cache, or made now) is ready while the server starts.
  const bundling = workflowBundle({
    interceptorModules: tracing?.workerOptions.interceptors.workflowModules,
    failureConverterPath: encryption.failureConverterPath,
    progress: stderrProgress,
  });
  bundling.catch(() => undefined); // awaited below, unless connecting fails first
  const cluster = await runCluster(options);
  const close = () => cluster.close();
  try {
    const taskQueue = `asl-temporal-run-${randomUUID()}`;
    const { code } = await bundling;
    const worker = await createWorker({
      connection: cluster.nativeConnection,
      namespace: cluster.namespace,
      taskQueue,
      handlers,
      workflowBundle: { code },
      activities: { stateMachines },
      ...encryption,
      ...(tracing ? { tracing } : {}),
    });
    // Starting through a tracing client opens the trace that the workflow and its activities join; the codecs
    // encrypt what the client sends and decrypt the result and the progress queries.
    const client = new Client({
      connection: cluster.client.connection,
      namespace: cluster.namespace,
      dataConverter: { payloadCodecs: encryption.payloadCodecs },
      ...(tracing ? { interceptors: tracing.clientInterceptors } : {}),
    });
    return await worker.runUntil(async () => {
      const indexed = await hasSearchAttributes(client);
      const handle = await client.workflow.start('stateMachine', {
        args: [
          {
            ...workflowInput(imported.machine, imported.name, input, { mocks }),
            ...(logging ? { logging } : {}),
            ...(tracing ? { tracing: { enabled: true } } : {}),
            ...(indexed ? { searchAttributes: true } : {}),
          },
        ],
        taskQueue,
        workflowId: executionName,
        memo: { stateMachineName: imported.name },
        ...(indexed
          ? { typedSearchAttributes: [{ key: STATE_MACHINE_ATTRIBUTE, value: imported.name }] }
          : {}),
      });
      stderrProgress.line(`Execution ${executionName} of ${imported.name} started on ${cluster.address}`);
      // Each poll has a deadline, so a query retrying against a busy server cannot hold up the end of the run.
      const stop = watchProgress(() =>
        client.withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, () => handle.query(TRACE_QUERY)),
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
    await tracing?.shutdown();
    await close();
  }
}

/** Adds the `run` command to a program. */
export function register(program: Command): void {
  program
    .command('run')
    .description('Run one execution of a state machine to its end and print its output.')
    .argument('[definition]', 'the definition file (.asl.json, .json, .yaml)')
    .option('--workflow <file>', 'run an exported workflow (<name>.workflow.ts, from `export`) instead')
    .option('--input <json>', 'the execution input, as JSON text (default {})')
    .option('--input-file <file>', 'read the execution input from a JSON file')
    .option('--name <name>', 'the execution name (the Temporal workflow id); default a random uuid')
    .option('--substitute <Name=Value...>', 'definition substitutions for ${Name} placeholders')
    .option(
      '--mock-config <file>',
      'mocked Task responses, in AWS Step Functions Local mock-config format (default: mock-config.json beside the definition)',
    )
    .option('--no-mock-config', 'ignore a mock-config.json beside the definition')
    .option('--test-case <name>', 'the mock config test case to use', 'default')
    .option('--handlers <dir>', 'folder of local Lambda handlers (default: handlers/ beside the definition)')
    .option(
      '--state-machines <dir>',
      'folder of definitions that states:startExecution Tasks start by name (others: DescribeStateMachine)',
    )
    .option('--local', 'run in-process on a virtual clock, without a Temporal server')
    .option('--address <host:port>', 'an existing Temporal cluster (default: start an embedded dev server)')
    .option('--namespace <ns>', 'the Temporal namespace', 'default')
    .addOption(clusterTlsOption('tls-cert'))
    .addOption(clusterTlsOption('tls-key'))
    .addOption(clusterTlsOption('tls-ca-cert'))
    .addOption(clusterTlsOption('tls-server-name'))
    .addOption(clusterTlsOption('api-key'))
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--encryption-key-file <file>', ENCRYPTION_KEY_HELP, process.env.ASL_TEMPORAL_ENCRYPTION_KEY_FILE)
    .addOption(
      new Option(
        '--log-level <level>',
        "log the execution's events to stderr as a LoggingConfiguration of this level would",
      ).choices(['ALL', 'ERROR', 'FATAL', 'OFF']),
    )
    .option('--include-execution-data', 'with --log-level, include inputs, outputs and causes in the log')
    .option(
      '--machine-config <file>',
      "the machine's LoggingConfig and TracingConfig, as JSON/YAML (the seed's, CloudFormation's or the API's shape)",
    )
    .option(
      '--tracing',
      'trace the execution (TracingConfig): OpenTelemetry spans for each state and Task, sent over OTLP/HTTP',
    )
    .option(
      '--otlp-endpoint <url>',
      `with --tracing, where to send spans (default $OTEL_EXPORTER_OTLP_ENDPOINT, else ${DEFAULT_OTLP_TRACES_URL})`,
    )
    .addHelpText('after', EXAMPLES)
    .action(async (definition: string | undefined, options: RunCommandOptions) => {
      let outcome: RunOutcome;
      try {
        if ((definition === undefined) === (options.workflow === undefined))
          throw new UsageError('Give either a definition file or --workflow <file>.');
        outcome = options.workflow
          ? await runWorkflowExecution(options.workflow, options)
          : await runExecution(definition as string, options);
      } catch (err) {
        if (err instanceof UsageError) {
          process.stderr.write(`asl-temporal run: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      reportOutcome(outcome, options.json);
    });
}

/** Prints how an execution ended (one JSON object with `json`) and sets the exit code: 0 succeeded, else 1. */
export function reportOutcome(outcome: RunOutcome, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else if (outcome.status === 'SUCCEEDED')
    process.stdout.write(`${JSON.stringify(outcome.output, null, 2)}\n`);
  else process.stdout.write(`${outcome.status}: ${outcome.error ?? '(no error)'}\n${outcome.cause ?? ''}\n`);
  process.exitCode = outcome.status === 'SUCCEEDED' ? 0 : 1;
}
