/**
 * `asl-temporal dev`: the embedded dev server with its Web UI, a worker and the Step Functions API on loopback,
 * for trying machines by hand.
 */
import { resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { type Worker } from '@temporalio/worker';
import { type Command } from 'commander';
import { type HandlerMap } from '../../activities/local/handlers';
import { importHandlersFromDir } from '../../activities/local/load';
import { DEFAULT_SCOPE } from '../api/arn';
import { ensureSearchAttributes } from '../client/search-attributes';
import { startEmbeddedDevServer } from '../server/embedded';
import { stderrProgress } from '../server/progress';
import { createWorker, DEFAULT_TASK_QUEUE, installCliRuntime } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { workerTracing } from '../tracing';
import { payloadCodecsFromFile, withEncryptionOption, workerEncryptionFromFile } from './encryption';
import { UsageError } from './inputs';
import { workflowModulesIn } from './run-workflow';
import { checkPortFree, type RunningApiServer, startApiServer } from './serve';

/** Where dev serves the API: loopback only, so any credentials are accepted (as Step Functions Local). */
const API_HOST = '127.0.0.1';

interface DevCommandOptions {
  readonly uiPort: string;
  readonly handlers?: string;
  /** A folder of exported workflows (`*.workflow.ts`) to register beside the generic one, as `worker` does. */
  readonly workflows?: string;
  readonly taskQueue: string;
  readonly otlpEndpoint?: string;
  readonly encryptionKeyFile?: string;
  readonly apiPort: string;
  readonly api: boolean;
}

/** Adds the `dev` command to a program. */
export function register(program: Command): void {
  const command = program
    .command('dev')
    .description(
      'Start the embedded Temporal dev server with its Web UI, a worker and the Step Functions API, until Ctrl-C.',
    )
    .option('--ui-port <port>', 'the Web UI port', '8233')
    .option('--handlers <dir>', 'folder of local Lambda handlers for the worker')
    .option(
      '--workflows <dir>',
      'folder of exported workflows (<name>.workflow.ts or .js, from `export`) for the worker to register beside ' +
        'the generic stateMachine workflow',
    )
    .option('--task-queue <name>', 'the task queue the worker polls', DEFAULT_TASK_QUEUE)
    .option(
      '--otlp-endpoint <url>',
      'export OpenTelemetry spans over OTLP/HTTP (default $OTEL_EXPORTER_OTLP_ENDPOINT; none when unset)',
    )
    .option(
      '--api-port <port>',
      "serve the Step Functions API on 127.0.0.1 at this port (Step Functions Local's)",
      '8083',
    )
    .option('--no-api', 'do not serve the Step Functions API');
  withEncryptionOption(command)
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal dev --handlers examples/sequential-processing/handlers\n' +
        '  # then, in another terminal, with the address it prints:\n' +
        '  $ asl-temporal start examples/sequential-processing/definition.asl.json --address 127.0.0.1:<port>\n' +
        '  $ aws stepfunctions list-state-machines --endpoint-url http://127.0.0.1:8083',
    )
    .action(async (options: DevCommandOptions) => {
      installCliRuntime('WARN', { executionLogs: true });
      const encryption = workerEncryptionFromFile(options.encryptionKeyFile);
      // Checked before the server starts, so a wrong folder is one usage line, not a started dev server.
      const exported = options.workflows ? workflowModulesIn(resolve(options.workflows)) : [];
      const uiPort = Number(options.uiPort);
      const apiPort = Number(options.apiPort);
      if (options.api) {
        if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) {
          throw new UsageError(`--api-port takes a port number, not ${options.apiPort}`);
        }
        await checkPortFree(
          apiPort,
          API_HOST,
          'so dev cannot serve the Step Functions API there; choose another with --api-port <port>, or leave the ' +
            'API out with --no-api.',
        );
      }
      const server = await startEmbeddedDevServer({ uiPort });
      let api: RunningApiServer | undefined;
      if (options.api) {
        // The API's client decodes what the worker encrypts, as serve's does.
        const client = new Client({
          connection: server.connection,
          dataConverter: { payloadCodecs: payloadCodecsFromFile(options.encryptionKeyFile) },
        });
        try {
          await ensureSearchAttributes(client);
          api = await startApiServer({
            client,
            taskQueue: options.taskQueue,
            scope: {
              region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_SCOPE.region,
              account: process.env.AWS_ACCOUNT_ID ?? DEFAULT_SCOPE.account,
            },
            host: API_HOST,
            port: apiPort,
            portFlag: '--api-port',
          });
        } catch (err) {
          // Taken between the early check and now: stop the dev server, then report it.
          await server.shutdown();
          throw err;
        }
      }
      const tracing = workerTracing(options.otlpEndpoint);
      let handlers: HandlerMap;
      let worker: Worker;
      try {
        handlers = options.handlers ? await importHandlersFromDir(resolve(options.handlers)) : {};
        const { code } = await workflowBundle({
          interceptorModules: tracing?.workerOptions.interceptors.workflowModules,
          failureConverterPath: encryption.failureConverterPath,
          progress: stderrProgress,
          workflowFiles: exported,
        });
        worker = await createWorker({
          ...(tracing ? { tracing } : {}),
          workflowBundle: { code },
          connection: server.nativeConnection,
          taskQueue: options.taskQueue,
          handlers,
          ...encryption,
        });
      } catch (err) {
        // A handler that does not load or a workflow that does not bundle: without this the running dev server
        // and API would keep the process alive after the error is printed.
        await api?.close();
        await tracing?.shutdown();
        await server.shutdown();
        throw err;
      }
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
      process.stdout.write(
        `Temporal Web UI: http://localhost:${uiPort}\nTemporal address: ${server.address}\n`,
      );
      if (api) stderrProgress.line(`Step Functions API listening at ${api.url}`);
      stderrProgress.line(
        `Worker polling "${options.taskQueue}" with ${Object.keys(handlers).length} local handlers` +
          (exported.length ? `; exported workflows: ${exported.map((w) => w.name).join(', ')}` : '') +
          '; Ctrl-C to stop.',
      );
      await worker.run();
      await api?.close();
      await tracing?.shutdown();
      await server.shutdown();
    });
}
