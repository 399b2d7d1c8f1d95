/** The embedded dev server in a process group of its own, which a test can SIGKILL as a crashing machine would die. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitForPort } from '../../src/server/net';

const ROOT = join(__dirname, '..', '..');

/** A running server process group. */
export interface ServerProcess {
  /** The process group's id (the node process that leads it; the Temporal CLI runs under it). */
  readonly pgid: number;
  readonly address: string;
  /** What the server process printed so far (stderr). */
  output(): string;
  /** SIGKILL to the whole group; resolves once its leader has exited and the port is closed. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful shutdown); resolves once its leader has exited and the port is closed. */
  stop(): Promise<void>;
}

/** Resolves once nothing accepts connections on the port any more. */
async function portClosed(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await waitForPort(port, 0))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} still accepts connections ${timeoutMs} ms after the server was stopped`);
}

/** Starts the embedded dev server on 127.0.0.1:`port` with executions in `dbFile`; resolves once it is ready. */
export function startServerProcess(port: number, dbFile: string, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'tsx/cjs', join(__dirname, 'embedded-server-main.ts'), String(port), dbFile],
    // detached: its own process group (setsid), so one kill(-pgid) reaches the CLI child too.
    { cwd: ROOT, env: process.env, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const pgid = child.pid ?? -1;
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    try {
      process.kill(-pgid, name);
    } catch {
      // The group is gone already.
    }
    await Promise.all([exited, portClosed(port, 15_000)]);
  };
  const handle: ServerProcess = {
    pgid,
    address: `127.0.0.1:${port}`,
    output: () => output,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void handle.kill();
      reject(new Error(`the dev server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Temporal dev server ready at')) {
        clearTimeout(timer);
        resolve(handle);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the dev server process exited (${code}) before it was ready:\n${output}`));
    });
  });
}
