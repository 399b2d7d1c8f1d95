import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = join(__dirname, '..', '..');

/**
 * How tests start the command from the sources, with no build: Node with tsx's CommonJS hook (esbuild, about a
 * third of ts-node's start-up CPU, which added up over the suite's many CLI runs), then these arguments.
 */
export const SOURCE_CLI: readonly string[] = ['-r', 'tsx/cjs', join(ROOT, 'src', 'cli', 'main.ts')];

/** Runs the `asl-temporal` command as a user would, in its own process (from the sources, no build needed). */
export function runCli(
  args: readonly string[],
  options: { readonly timeoutMs?: number; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SOURCE_CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running CLI process (a worker), with what it printed so far. */
export interface CliProcess {
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Starts a long-running `asl-temporal` command and resolves once its stderr contains `readyText`. */
export function startCli(
  args: readonly string[],
  readyText: string,
  timeoutMs = 90_000,
): Promise<CliProcess> {
  const child = spawn(process.execPath, [...SOURCE_CLI, ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const handle: CliProcess = {
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not print "${readyText}" within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${code}) before it was ready:\n${output}`));
    });
  });
}
