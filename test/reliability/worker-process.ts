/** `asl-temporal worker` in a process of its own, which a test can SIGKILL as a crashing machine would die. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { SOURCE_CLI } from '../support/cli';

const ROOT = join(__dirname, '..', '..');

/** A running worker process. */
export interface WorkerProcess {
  readonly pid: number;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Whether the process is still running (it has not exited or been killed). */
  alive(): boolean;
  /** SIGKILL: no shutdown, no goodbye to the server; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful shutdown); resolves with the exit code. */
  stop(): Promise<number | null>;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `asl-temporal worker` from the sources (no build) and resolves once it polls its task queue. */
export function startWorkerProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 90_000,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...SOURCE_CLI, 'worker', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = exitOf(child);
  const handle: WorkerProcess = {
    pid: child.pid ?? -1,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the worker did not start polling within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Worker polling')) {
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before it polled:\n${output}`));
    });
  });
}
