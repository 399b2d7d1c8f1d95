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
  /**
   * What each progress line says besides the elapsed time, e.g. the bytes a download has written so far; without
   * it, the command's latest output line, or how long it has been quiet.
   */
  readonly status?: () => string;
  /** What the final line adds to the elapsed time, e.g. the size of what was fetched. */
  readonly summary?: () => string;
}

/**
 * What a command last printed, for a progress line: the line itself while it is fresh, and once the command has
 * been quiet for `freshMs`, for how long, so a line printed minutes ago never reads as current news.
 */
export function outputStatus(line: string | undefined, quietMs: number, freshMs: number): string {
  if (line === undefined) return 'no output yet';
  const shown = line.length > 100 ? `${line.slice(0, 99)}…` : line;
  return quietMs < freshMs
    ? `latest output (${formatDuration(quietMs)} ago): ${shown}`
    : `no new output for ${formatDuration(quietMs)} (last: ${shown})`;
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

/** Runs a long command, reporting every few seconds how long it has run and how far it got, and resolves on exit 0. */
export function runWithProgress(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<void> {
  const started = Date.now();
  const tickMs = options.tickMs ?? 15_000;
  options.progress.line(`${options.title}...`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let lastLine: string | undefined;
    let lastLineAt = started;
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 0) {
        lastLine = lines[lines.length - 1].trim();
        lastLineAt = Date.now();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => {
      const now = Date.now();
      const status = options.status ? options.status() : outputStatus(lastLine, now - lastLineAt, tickMs);
      options.progress.line(`${options.title}: ${formatDuration(now - started)} so far, ${status}`);
    }, tickMs);
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(new CommandFailedError(options.title, null, String(err)));
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        const summary = options.summary ? `, ${options.summary()}` : '';
        options.progress.line(`${options.title}: done in ${formatDuration(Date.now() - started)}${summary}`);
        resolve();
      } else {
        reject(new CommandFailedError(options.title, code, tail));
      }
    });
  });
}
