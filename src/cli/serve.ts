/**
 * `asl-temporal serve`: the Step Functions API (AWS JSON 1.0 over HTTP) on a Temporal cluster, or on the embedded
 * dev server without `--address`, with a worker in the same process unless `--no-worker`.
 */
import { resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { type NativeConnection, type Worker } from '@temporalio/worker';
import { type Command } from 'commander';
import { importHandlersFromDir } from '../../activities/local/load';
import { DEFAULT_SCOPE } from '../api/arn';
import { createApiServer } from '../api/http-server';
import { ActivityStore } from '../api/activity-store';
import { StateMachineStore } from '../api/machine-store';
import { StateMachineClient } from '../client/state-machine-client';
import { ensureSearchAttributes } from '../client/search-attributes';
import { defaultDevServerDb, startEmbeddedDevServer } from '../server/embedded';
import { stderrProgress } from '../server/progress';
import { createWorker, DEFAULT_TASK_QUEUE, installCliRuntime } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { type ClusterCliOptions, connect, withClusterOptions } from './cluster';
import { payloadCodecsFromFile, workerEncryptionFromFile } from './encryption';
import { UsageError } from './inputs';

/** The hosts serve may listen on while it does not authenticate requests. */
const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

interface ServeOptions extends ClusterCliOptions {
  readonly host: string;
  readonly port: string;
  readonly region: string;
  readonly account: string;
  readonly taskQueue: string;
  readonly worker: boolean;
  readonly handlers?: string;
  readonly dbFile?: string;
}

/** What `serve` runs on: a client, the worker's connection, and how to let go of them. */
interface Backend {
  readonly client: Client;
  readonly namespace: string;
  readonly nativeConnection: NativeConnection;
  close(): Promise<void>;
}

async function backend(options: ServeOptions): Promise<Backend> {
  if (options.address !== undefined) {
    const cluster = await connect(options);
    return { ...cluster, close: () => cluster.close() };
  }
  const server = await startEmbeddedDevServer({ dbFilename: options.dbFile ?? defaultDevServerDb() });
  const payloadCodecs = payloadCodecsFromFile(options.encryptionKeyFile);
  return {
    client: new Client({ connection: server.connection, dataConverter: { payloadCodecs } }),
    namespace: 'default',
    nativeConnection: server.nativeConnection,
    close: () => server.shutdown(),
  };
}

/** Adds the `serve` command to a program. */
export function register(program: Command): void {
  const command = withClusterOptions(
    program
      .command('serve')
      .description('Answer the AWS Step Functions API (for the AWS SDKs and CLI) on HTTP, until stopped.')
      .option('--host <host>', 'the address to listen on', '127.0.0.1')
      .option('--port <port>', "the port to listen on (Step Functions Local's)", '8083')
      .option(
        '--region <region>',
        'the region in ARNs (env AWS_REGION, AWS_DEFAULT_REGION)',
        process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_SCOPE.region,
      )
      .option(
        '--account <id>',
        'the account in ARNs (env AWS_ACCOUNT_ID)',
        process.env.AWS_ACCOUNT_ID ?? DEFAULT_SCOPE.account,
      )
      .option(
        '--task-queue <name>',
        'the task queue of executions and state machines (env ASL_TEMPORAL_TASK_QUEUE)',
        process.env.ASL_TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
      )
      .option('--no-worker', 'run no worker here (one must poll the task queue elsewhere)')
      .option(
        '--handlers <dir>',
        'folder of local Lambda handlers for the worker (env ASL_TEMPORAL_HANDLERS)',
        process.env.ASL_TEMPORAL_HANDLERS,
      )
      .option('--db-file <file>', 'without --address: keep the embedded dev server in this SQLite file'),
  );
  // Unlike the other commands, no --address means the embedded dev server, not localhost:7233.
  const address = command.options.find((o) => o.long === '--address');
  if (address) {
    address.description =
      'the Temporal frontend (env TEMPORAL_ADDRESS); without it, an embedded dev server (see --db-file)';
    // Shown in --help; the value the action sees is reset below when no address was given.
    address.defaultValue = process.env.TEMPORAL_ADDRESS;
  }
  command
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal serve --handlers ./handlers\n' +
        '  $ aws stepfunctions list-state-machines --endpoint-url http://127.0.0.1:8083',
    )
    .action(async (given: ServeOptions, self: Command) => {
      // withClusterOptions defaults --address to localhost:7233; here an absent one means the embedded server.
      const options: ServeOptions =
        self.getOptionValueSource('address') === 'default' && !process.env.TEMPORAL_ADDRESS
          ? { ...given, address: undefined }
          : given;
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port takes a port number, not ${options.port}`);
      }
      // Requests are not authenticated yet (SigV4 is to come), so only this machine may reach the API.
      if (!LOOPBACK.has(options.host)) {
        throw new UsageError(
          `--host ${options.host} is not a loopback address; serve accepts any credentials and does not verify ` +
            'request signatures yet, so it listens on loopback only (127.0.0.1, ::1 or localhost).',
        );
      }
      installCliRuntime('WARN', { executionLogs: true });
      const handlers = options.handlers ? await importHandlersFromDir(resolve(options.handlers)) : {};
      const cluster = await backend(options);
      let worker: Worker | undefined;
      if (options.worker) {
        const encryption = workerEncryptionFromFile(options.encryptionKeyFile);
        const { code } = await workflowBundle({
          failureConverterPath: encryption.failureConverterPath,
          progress: stderrProgress,
        });
        worker = await createWorker({
          workflowBundle: { code },
          connection: cluster.nativeConnection,
          namespace: cluster.namespace,
          taskQueue: options.taskQueue,
          handlers,
          ...encryption,
        });
      }
      await ensureSearchAttributes(cluster.client);
      const server = createApiServer(
        {
          scope: { region: options.region, account: options.account },
          machines: new StateMachineStore(cluster.client, options.taskQueue),
          executions: new StateMachineClient(cluster.client, options.taskQueue),
          activities: new ActivityStore(cluster.client, options.taskQueue),
          client: cluster.client,
        },
        (err) =>
          stderrProgress.line(`asl-temporal serve: ${err instanceof Error ? err.message : String(err)}`),
      );
      await new Promise<void>((ready, fail) => {
        server.once('error', fail);
        server.listen(port, options.host, ready);
      });
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      const stopped = new Promise<void>((done) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
      });
      const running = worker?.run();
      stderrProgress.line(`Step Functions API listening at http://${host}:${bound}`);
      await stopped;
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      // The Temporal runtime already shuts workers down on SIGINT/SIGTERM; a second shutdown would throw.
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
      await cluster.close();
    });
}
