/** `asl-temporal worker`: a long-running worker for a Temporal cluster (what the Docker image runs). */
import { resolve } from 'node:path';
import { type Command } from 'commander';
import { importHandlersFromDir } from '../../activities/local/load';
import { stderrProgress } from '../server/progress';
import { createWorker, DEFAULT_TASK_QUEUE, installCliRuntime } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { type ClusterCliOptions, connect, withClusterOptions } from './cluster';
import { UsageError } from './inputs';
import { loadStateMachines } from './machines';
import { workerEncryptionFromFile } from './encryption';
import { loadWorkerConfig, type WorkerConfig } from './worker-config';
import { ensureSearchAttributes } from '../client/search-attributes';
import { workerTracing } from '../tracing';
import { workflowModulesIn } from './run-workflow';

interface WorkerCommandOptions extends ClusterCliOptions {
  readonly taskQueue: string;
  readonly handlers?: string;
  readonly stateMachines?: string;
  /** A folder of exported workflows (`*.workflow.ts`) to register beside the generic one. */
  readonly workflows?: string;
  readonly realLambda: boolean;
  readonly pollInterval: string;
  readonly config?: string;
  readonly otlpEndpoint?: string;
}

/** The options with the config file's values in place of defaults and environment values (the command line wins). */
function withConfig(
  options: WorkerCommandOptions,
  command: Command,
  config: WorkerConfig,
): WorkerCommandOptions {
  const merged: Record<string, unknown> = { ...options };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'aws' || command.getOptionValueSource(key) === 'cli') continue;
    merged[key] = key === 'pollInterval' ? String(value) : value;
  }
  return merged as unknown as WorkerCommandOptions;
}

const EXAMPLES = `
Examples:
  $ asl-temporal worker --handlers ./handlers
  $ AWS_ENDPOINT_URL=http://localhost:4566 asl-temporal worker --state-machines ./machines
  $ TEMPORAL_ADDRESS=temporal:7233 asl-temporal worker --task-queue orders
  $ asl-temporal worker --config worker.yaml --task-queue orders
  $ asl-temporal worker --handlers ./handlers --workflows ./exported   # orders.workflow.ts beside stateMachine
  $ asl-temporal worker --address my-ns.a1b2c.tmprl.cloud:7233 --namespace my-ns.a1b2c --api-key "$KEY"

The worker runs every state machine started on its task queue (by \`asl-temporal start\` or StateMachineClient)
and stops cleanly on Ctrl-C or SIGTERM, finishing the tasks it holds.`;

/** Adds the `worker` command to a program. */
export function register(program: Command): void {
  withClusterOptions(
    program
      .command('worker')
      .description('Run a worker that executes state machines on a Temporal cluster until stopped.')
      .option(
        '--task-queue <name>',
        'the task queue to poll (env ASL_TEMPORAL_TASK_QUEUE)',
        process.env.ASL_TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
      )
      .option(
        '--handlers <dir>',
        'folder of local Lambda handlers, one module per function (env ASL_TEMPORAL_HANDLERS)',
        process.env.ASL_TEMPORAL_HANDLERS,
      )
      .option(
        '--state-machines <dir>',
        'folder of definitions that states:startExecution may start, by name (env ASL_TEMPORAL_STATE_MACHINES); ' +
          'others are fetched with DescribeStateMachine',
        process.env.ASL_TEMPORAL_STATE_MACHINES,
      )
      .option(
        '--workflows <dir>',
        'folder of exported workflows (<name>.workflow.ts or .js, from `export`) to register beside the generic ' +
          'stateMachine workflow (env ASL_TEMPORAL_WORKFLOWS)',
        process.env.ASL_TEMPORAL_WORKFLOWS,
      )
      .option(
        '--no-real-lambda',
        'fail Lambda calls that have no local handler instead of calling AWS Lambda',
      )
      .option('--poll-interval <seconds>', 'how often .sync integrations poll the job they wait on', '5')
      .option(
        '--otlp-endpoint <url>',
        'export OpenTelemetry spans (workflows, activities, and states of executions started with --tracing) ' +
          'over OTLP/HTTP; default $OTEL_EXPORTER_OTLP_ENDPOINT, no tracing when neither is set',
      )
      .option(
        '--config <file>',
        'a JSON or YAML file with these settings (camelCase keys, plus aws.region/aws.endpoints); flags win',
      ),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (cliOptions: WorkerCommandOptions, command: Command) => {
      const config = cliOptions.config ? await loadWorkerConfig(cliOptions.config) : {};
      const options = withConfig(cliOptions, command, config);
      installCliRuntime('WARN', { executionLogs: true });
      const handlers = options.handlers ? await importHandlersFromDir(resolve(options.handlers)) : {};
      const stateMachines = await loadStateMachines(options.stateMachines);
      const exported = options.workflows ? workflowModulesIn(resolve(options.workflows)) : [];
      const pollSeconds = Number(options.pollInterval);
      if (!(pollSeconds > 0))
        throw new UsageError(`--poll-interval takes a number of seconds, not ${options.pollInterval}`);
      const encryption = workerEncryptionFromFile(options.encryptionKeyFile);
      const tracing = workerTracing(options.otlpEndpoint);
      const cluster = await connect(options);
      const { code } = await workflowBundle({
        interceptorModules: tracing?.workerOptions.interceptors.workflowModules,
        failureConverterPath: encryption.failureConverterPath,
        progress: stderrProgress,
        workflowFiles: exported,
      });
      const worker = await createWorker({
        ...(tracing ? { tracing } : {}),
        workflowBundle: { code },
        connection: cluster.nativeConnection,
        namespace: cluster.namespace,
        taskQueue: options.taskQueue,
        handlers,
        ...encryption,
        activities: {
          stateMachines,
          realLambda: options.realLambda,
          pollIntervalMs: pollSeconds * 1000,
          ...(config.aws ? { aws: config.aws } : {}),
        },
      });
      const attributes = await ensureSearchAttributes(cluster.client);
      if (attributes === 'unavailable') {
        stderrProgress.line(
          'Note: could not register the search attributes AslStateMachine and AslCurrentState (Keyword) in this ' +
            'namespace; add them (e.g. with tcld on Temporal Cloud) so `list` filters on the server.',
        );
      }
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
      stderrProgress.line(
        `Worker polling "${options.taskQueue}" on ${cluster.address} (namespace ${cluster.namespace}) with ` +
          `${Object.keys(handlers).length} local handlers and ${Object.keys(stateMachines).length} nested machines; ` +
          (exported.length ? `exported workflows: ${exported.map((w) => w.name).join(', ')}; ` : '') +
          "AWS calls use the SDK's region, credentials and AWS_ENDPOINT_URL. " +
          (tracing ? `Traces go to ${tracing.destination}. ` : '') +
          (options.encryptionKeyFile ? 'Payloads are encrypted (AES-256-GCM). ' : '') +
          'Ctrl-C to stop.',
      );
      await worker.run();
      await tracing?.shutdown();
      await cluster.close();
    });
}
