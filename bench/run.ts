/**
 * Runs every benchmark in bench/ (each `*.ts` but this one; helpers live in bench/support/) in its own process
 * through tsx's CommonJS hook and prints all their results as one JSON array, headed by a description of the
 * machine and the tree measured. A benchmark prints one JSON object per line on stdout.
 *
 * `npm run bench -- --scale` also runs the scale runs (bench/scale.ts; several minutes); flags are passed through.
 * `npm run bench -- <name>...` runs only the files whose names contain one of the names.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';

/** A benchmark still running after this long is stopped and reported as timed out. */
const FILE_TIMEOUT_MS = 10 * 60_000;
const SCALE_FILE_TIMEOUT_MS = 30 * 60_000;

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function environment(): Record<string, unknown> {
  const dirty = git(['status', '--porcelain', '--', 'src', 'workflows', 'activities'])
    .split('\n')
    .filter(Boolean);
  return {
    name: 'environment',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedEngineFiles: dirty.length,
  };
}

function main(): void {
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== basename(__filename))
    .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
    .sort();
  // The local runtime is measured as users run it, compiled to dist/ (as aws-local-stepfunctions ships its build):
  // tsx's per-export getters cost the unoptimised first thousand executions a factor of about 1.5.
  process.stderr.write('bench: compiling dist/ (tsc -b tsconfig.build.json)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: join(__dirname, '..'),
    stdio: 'inherit',
  });
  const results: unknown[] = [environment()];
  let failed = false;
  for (const file of files) {
    const started = Date.now();
    try {
      const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', join(__dirname, file), ...flags], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: file === 'scale.ts' && flags.includes('--scale') ? SCALE_FILE_TIMEOUT_MS : FILE_TIMEOUT_MS,
        maxBuffer: 64 * 2 ** 20,
      });
      for (const line of out.split('\n')) {
        if (line.trim().startsWith('{')) results.push({ file, ...(JSON.parse(line) as object) });
      }
    } catch (thrown) {
      failed = true;
      // Keep what the benchmark printed before it failed.
      const partial = (thrown as { stdout?: unknown }).stdout;
      for (const line of typeof partial === 'string' ? partial.split('\n') : []) {
        if (line.trim().startsWith('{')) results.push({ file, ...(JSON.parse(line) as object) });
      }
      const timedOut = (thrown as { signal?: string }).signal === 'SIGTERM';
      results.push({
        file,
        ...(timedOut ? { status: 'timed-out', afterS: Math.round((Date.now() - started) / 1000) } : {}),
        error: thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown),
      });
    }
  }
  console.log(JSON.stringify(results, null, 2));
  if (failed) process.exitCode = 1;
}

main();
