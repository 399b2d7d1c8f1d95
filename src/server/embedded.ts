import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { CURRENT_STATE_ATTRIBUTE, STATE_MACHINE_ATTRIBUTE } from '../../workflows/state-machine-input';
import { cacheDir } from './cache';
import { resolveDevServer } from './dev-server';
import { freePort, waitForPort } from './net';
import { formatDuration, type ProgressSink, stderrProgress } from './progress';

/** The dev server flags that register asl-temporal's search attributes, so `list` filters on the server. */
export const SEARCH_ATTRIBUTE_ARGS: readonly string[] = [
  STATE_MACHINE_ATTRIBUTE,
  CURRENT_STATE_ATTRIBUTE,
].flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]);

/** Options for {@link startEmbeddedDevServer}. */
export interface EmbeddedDevServerOptions {
  /** Keep executions in this SQLite file across runs; `false` keeps them in memory. Default: in the cache. */
  readonly dbFilename?: string | false;
  /** Listen on this loopback port (a restart on the same file keeps its address); default: a free one. */
  readonly port?: number;
  /** Serve the Temporal Web UI on this port; without it the server runs headless. */
  readonly uiPort?: number;
  readonly progress?: ProgressSink;
}

/** A running embedded dev server: connections for clients and workers, and how to stop it. */
export interface EmbeddedDevServer {
  readonly address: string;
  readonly client: Client;
  readonly connection: Connection;
  readonly nativeConnection: NativeConnection;
  shutdown(): Promise<void>;
}

/** The default SQLite file of the embedded dev server, so executions outlive one run. */
export function defaultDevServerDb(): string {
  return join(cacheDir(), 'dev-server', 'executions.sqlite');
}

async function connect(address: string): Promise<Omit<EmbeddedDevServer, 'shutdown'>> {
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return { address, connection, nativeConnection, client: new Client({ connection }) };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts a full Temporal dev server (the Temporal CLI) on a free loopback port, provisioning it if needed. The
 * server's own output is kept off stdout, which belongs to the caller's results.
 */
export async function startEmbeddedDevServer(
  options: EmbeddedDevServerOptions = {},
): Promise<EmbeddedDevServer> {
  const progress = options.progress ?? stderrProgress;
  const server = await resolveDevServer({ progress });
  const extraArgs = ['--log-level', 'error', ...SEARCH_ATTRIBUTE_ARGS];
  const dbFilename = options.dbFilename === false ? undefined : (options.dbFilename ?? defaultDevServerDb());
  if (dbFilename) mkdirSync(dirname(dbFilename), { recursive: true });
  const started = Date.now();

  if (server.kind === 'sdk-download') {
    progress.line(server.reason);
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        dbFilename,
        port: options.port,
        ui: options.uiPort !== undefined,
        uiPort: options.uiPort,
        extraArgs,
      },
    });
    progress.line(`Temporal dev server ready at ${env.address} in ${formatDuration(Date.now() - started)}`);
    return { ...env, shutdown: () => env.teardown() };
  }

  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), ...extraArgs];
  if (dbFilename) args.push('--db-filename', dbFilename);
  if (options.uiPort !== undefined) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  const child = spawn(server.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(false)));
  const up = await Promise.race([waitForPort(port, 30_000), exited]);
  if (!up) {
    await stopProcess(child);
    throw new Error(
      `The Temporal dev server (${server.path}) did not start within 30 s.` +
        (stderr ? ` It said: ${stderr.trim()}` : '') +
        (dbFilename ? ` If the database ${dbFilename} is damaged, delete it and try again.` : ''),
    );
  }
  const connections = await connect(`127.0.0.1:${port}`);
  progress.line(
    `Temporal dev server ready at ${connections.address} in ${formatDuration(Date.now() - started)}`,
  );
  return {
    ...connections,
    async shutdown() {
      await connections.connection.close();
      await connections.nativeConnection.close();
      await stopProcess(child);
    },
  };
}
