/**
 * Runs every benchmark in bench/ (each `*.ts` but this one) in its own process and prints all their results as one
 * JSON array. A benchmark prints one JSON object per line on stdout.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

function main(): void {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== basename(__filename))
    .sort();
  const results: unknown[] = [];
  let failed = false;
  for (const file of files) {
    try {
      const out = execFileSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', join(__dirname, file)],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      for (const line of out.split('\n')) {
        if (line.trim().startsWith('{')) results.push({ file, ...(JSON.parse(line) as object) });
      }
    } catch (thrown) {
      failed = true;
      results.push({ file, error: thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown) });
    }
  }
  console.log(JSON.stringify(results, null, 2));
  if (failed) process.exitCode = 1;
}

main();
