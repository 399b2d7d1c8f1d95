import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { formatDuration, type ProgressSink } from './progress';

/** Finds an executable on PATH (or returns an absolute path as given when it is executable). */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (env.PATH ?? '').split(delimiter).map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
}

/** Options for {@link runWithProgress}. */
export interface RunOptions {
  /** What the command does, in words a person reads in the progress lines. */
  readonly title: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly progress: ProgressSink;
  /** How often to report that the command is still running. */
  readonly tickMs?: number;
}

/** The failure of a provisioning command, with its tail of output so the user sees why. */
export class CommandFailedError extends Error {
  constructor(
    readonly title: string,
    readonly exitCode: number | null,
    readonly outputTail: string,
  ) {
    super(`${title} failed (exit code ${exitCode}).\n${outputTail}`);
    this.name = 'CommandFailedError';
  }
}

/** Runs a long command, reporting every few seconds that it is still going, and resolves on exit 0. */
export function runWithProgress(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<void> {
  const started = Date.now();
  options.progress.line(`${options.title}...`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let lastLine = '';
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 0) lastLine = lines[lines.length - 1].trim();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => {
      const detail = lastLine ? ` (${lastLine.slice(0, 100)})` : '';
      options.progress.line(`${options.title}: ${formatDuration(Date.now() - started)} so far${detail}`);
    }, options.tickMs ?? 15_000);
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(new CommandFailedError(options.title, null, String(err)));
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        options.progress.line(`${options.title}: done in ${formatDuration(Date.now() - started)}`);
        resolve();
      } else {
        reject(new CommandFailedError(options.title, code, tail));
      }
    });
  });
}
