/** `asl-temporal dev`: the embedded dev server with its Web UI and a worker, for trying machines by hand. */
import { resolve } from 'node:path';
import { type Command } from 'commander';
import { importHandlersFromDir } from '../../activities/local/load';
import { startEmbeddedDevServer } from '../server/embedded';
import { stderrProgress } from '../server/progress';
import { createWorker, DEFAULT_TASK_QUEUE, installCliRuntime } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { workerTracing } from '../tracing';
import { withEncryptionOption, workerEncryptionFromFile } from './encryption';

interface DevCommandOptions {
  readonly uiPort: string;
  readonly handlers?: string;
  readonly taskQueue: string;
  readonly otlpEndpoint?: string;
  readonly encryptionKeyFile?: string;
}

/** Adds the `dev` command to a program. */
export function register(program: Command): void {
  const command = program
    .command('dev')
    .description('Start the embedded Temporal dev server with its Web UI and a worker, until Ctrl-C.')
    .option('--ui-port <port>', 'the Web UI port', '8233')
    .option('--handlers <dir>', 'folder of local Lambda handlers for the worker')
    .option('--task-queue <name>', 'the task queue the worker polls', DEFAULT_TASK_QUEUE)
    .option(
      '--otlp-endpoint <url>',
      'export OpenTelemetry spans over OTLP/HTTP (default $OTEL_EXPORTER_OTLP_ENDPOINT; none when unset)',
    );
  withEncryptionOption(command)
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal dev --handlers examples/sequential-processing/handlers\n' +
        '  # then, in another terminal, with the address it prints:\n' +
        '  $ asl-temporal start examples/sequential-processing/definition.asl.json --address 127.0.0.1:<port>',
    )
    .action(async (options: DevCommandOptions) => {
      installCliRuntime('WARN', { executionLogs: true });
      const encryption = workerEncryptionFromFile(options.encryptionKeyFile);
      const uiPort = Number(options.uiPort);
      const server = await startEmbeddedDevServer({ uiPort });
      const handlers = options.handlers ? await importHandlersFromDir(resolve(options.handlers)) : {};
      const tracing = workerTracing(options.otlpEndpoint);
      const { code } = await workflowBundle({
        interceptorModules: tracing?.workerOptions.interceptors.workflowModules,
        failureConverterPath: encryption.failureConverterPath,
        progress: stderrProgress,
      });
      const worker = await createWorker({
        ...(tracing ? { tracing } : {}),
        workflowBundle: { code },
        connection: server.nativeConnection,
        taskQueue: options.taskQueue,
        handlers,
        ...encryption,
      });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
      process.stdout.write(
        `Temporal Web UI: http://localhost:${uiPort}\nTemporal address: ${server.address}\n`,
      );
      stderrProgress.line(
        `Worker polling "${options.taskQueue}" with ${Object.keys(handlers).length} local handlers; Ctrl-C to stop.`,
      );
      await worker.run();
      await tracing?.shutdown();
      await server.shutdown();
    });
}
