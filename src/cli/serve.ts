/**
 * `asl-temporal serve`: the Step Functions API (AWS JSON 1.0 over HTTP) on a Temporal cluster, or on the embedded
 * dev server without `--address`, with a worker in the same process unless `--no-worker`.
 */
import { createServer, isIP } from 'node:net';
import { resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { type NativeConnection, type Worker } from '@temporalio/worker';
import { type Command } from 'commander';
import { importHandlersFromDir } from '../../activities/local/load';
import { DEFAULT_SCOPE, type ArnScope } from '../api/arn';
import { sigV4Verifier } from '../api/auth';
import { type ApiCredentials, CredentialsFileError, readCredentialsFile } from '../api/auth-credentials';
import { createApiServer } from '../api/http-server';
import { ActivityStore } from '../api/activity-store';
import { DEFAULT_ACTIVITY_POLL_SECONDS } from '../api/activity-tasks';
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
import { workflowModulesIn } from './run-workflow';

/** Whether `host` only this machine can reach: there serve may accept any credentials, as Step Functions Local. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.replace(/^::ffff:/i, '');
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** What {@link startApiServer} needs: the cluster, where ARNs point, and where to listen. */
export interface ApiServerOptions {
  readonly client: Client;
  readonly taskQueue: string;
  readonly scope: ArnScope;
  readonly host: string;
  readonly port: number;
  /** With credentials, every request's SigV4 signature is verified; without, any credentials pass. */
  readonly credentials?: ApiCredentials;
  /** The flag that picks the port, named when the port is taken (`--port`, `--api-port`). */
  readonly portFlag: string;
  /** GetActivityTask's wait before its empty answer, in seconds (default AWS's 60). */
  readonly activityPollSeconds?: number;
}

/** A listening API server, its URL, and how to close it. */
export interface RunningApiServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens with the Step Functions API on `host:port` (used by `serve` and by `dev`); a taken port is a
 * UsageError naming the port and the flag that changes it.
 */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const { client, taskQueue, scope } = options;
  const server = createApiServer(
    {
      scope,
      machines: new StateMachineStore(client, taskQueue),
      executions: new StateMachineClient(client, taskQueue),
      activities: new ActivityStore(client, taskQueue),
      client,
      ...(options.activityPollSeconds !== undefined
        ? { activityPollSeconds: options.activityPollSeconds }
        : {}),
    },
    (err) => stderrProgress.line(`asl-temporal: API: ${err instanceof Error ? err.message : String(err)}`),
    options.credentials
      ? sigV4Verifier({ credentials: options.credentials, region: scope.region })
      : undefined,
  );
  await new Promise<void>((ready, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `Port ${options.port} on ${options.host} is already in use (another serve, dev or Step Functions ` +
                `Local?); choose another with ${options.portFlag} <port> (0 takes a free one).`,
            )
          : err,
      ),
    );
    server.listen(options.port, options.host, ready);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/**
 * Fails fast, before a dev server starts, when `port` is taken (the real bind comes later); `advice` ends the
 * message with the flag that changes it.
 */
export async function checkPortFree(port: number, host: string, advice: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((done, fail) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `Port ${port} on ${host} is already in use (another serve, dev or Step Functions Local?), ${advice}`,
            )
          : err,
      ),
    );
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

/** `--credentials FILE` read, or refused with a UsageError; a non-loopback host requires one. */
export function apiCredentials(host: string, file: string | undefined): ApiCredentials | undefined {
  if (file === undefined) {
    if (isLoopback(host)) return undefined;
    throw new UsageError(
      `--host ${host} is not a loopback address, so serve verifies every request's SigV4 signature and needs ` +
        '--credentials FILE: a JSON array [{"accessKeyId": "...", "secretAccessKey": "..."}] or an AWS ' +
        'shared-credentials file (see docs/api.md, Authentication). On loopback (127.0.0.1, ::1, localhost) ' +
        'any credentials are accepted.',
    );
  }
  try {
    return readCredentialsFile(file);
  } catch (err) {
    if (err instanceof CredentialsFileError) throw new UsageError(`--credentials: ${err.message}`);
    throw err;
  }
}

interface ServeOptions extends ClusterCliOptions {
  readonly host: string;
  readonly port: string;
  readonly region: string;
  readonly account: string;
  readonly taskQueue: string;
  readonly worker: boolean;
  readonly handlers?: string;
  /** A folder of exported workflows (`*.workflow.ts`) for the in-process worker, as `worker --workflows`. */
  readonly workflows?: string;
  readonly dbFile?: string;
  readonly credentials?: string;
  readonly activityPollSeconds: string;
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
      .option(
        '--host <host>',
        'the address to listen on (beyond loopback, --credentials is required)',
        '127.0.0.1',
      )
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
      .option(
        '--workflows <dir>',
        'folder of exported workflows (<name>.workflow.ts or .js, from `export`) for the worker to register ' +
          'beside the generic stateMachine workflow (env ASL_TEMPORAL_WORKFLOWS)',
        process.env.ASL_TEMPORAL_WORKFLOWS,
      )
      .option('--db-file <file>', 'without --address: keep the embedded dev server in this SQLite file')
      .option(
        '--credentials <file>',
        'verify SigV4 signatures against these access keys (JSON [{accessKeyId, secretAccessKey}] or AWS INI)',
      )
      .option(
        '--activity-poll-seconds <n>',
        "how long GetActivityTask waits for a task before answering without one (2-60; AWS's 60)",
        String(DEFAULT_ACTIVITY_POLL_SECONDS),
      ),
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
      const activityPollSeconds = Number(options.activityPollSeconds);
      // The Temporal server refuses a long poll shorter than 2 s; AWS's poll is at most 60 s.
      if (!Number.isInteger(activityPollSeconds) || activityPollSeconds < 2 || activityPollSeconds > 60) {
        throw new UsageError(
          `--activity-poll-seconds takes a whole number of seconds from 2 to 60, not ${options.activityPollSeconds}`,
        );
      }
      // Before anything starts: a host beyond loopback without keys, or a bad key file, is a usage error.
      const credentials = apiCredentials(options.host, options.credentials);
      if (options.workflows !== undefined && !options.worker)
        throw new UsageError(
          '--workflows registers exported workflows on the worker serve runs, and --no-worker runs none: register ' +
            'them on the worker that polls the task queue (asl-temporal worker --workflows DIR).',
        );
      const exported = options.workflows ? workflowModulesIn(resolve(options.workflows)) : [];
      await checkPortFree(port, options.host, 'so choose another with --port <port> (0 takes a free one).');
      installCliRuntime('WARN', { executionLogs: true });
      const handlers = options.handlers ? await importHandlersFromDir(resolve(options.handlers)) : {};
      const cluster = await backend(options);
      let worker: Worker | undefined;
      if (options.worker) {
        const encryption = workerEncryptionFromFile(options.encryptionKeyFile);
        const { code } = await workflowBundle({
          failureConverterPath: encryption.failureConverterPath,
          progress: stderrProgress,
          workflowFiles: exported,
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
      const api = await startApiServer({
        client: cluster.client,
        taskQueue: options.taskQueue,
        scope: { region: options.region, account: options.account },
        host: options.host,
        port,
        credentials,
        portFlag: '--port',
        activityPollSeconds,
      });
      const stopped = new Promise<void>((done) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
      });
      const running = worker?.run();
      if (exported.length)
        stderrProgress.line(`Exported workflows: ${exported.map((w) => w.name).join(', ')}`);
      stderrProgress.line(`Step Functions API listening at ${api.url}`);
      await stopped;
      await api.close();
      // The Temporal runtime already shuts workers down on SIGINT/SIGTERM; a second shutdown would throw.
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
      await cluster.close();
    });
}
