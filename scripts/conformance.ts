// `npm run conformance -- --cases F [--runtime local|temporal|exported] [--report R]`: runs AWS-recorded execution
// cases on one of our runtimes (exported: each definition through `asl-temporal export`, then on Temporal), prints
// counts per category and, last, `N passed, M failed`; the report lets anyone re-score.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type ExecutionCase, readJsonLines } from '../src/conformance/cases';
import { runExported } from '../src/conformance/on-exported';
import { runOnTemporal } from '../src/conformance/on-temporal';
import { runCaseLocally } from '../src/conformance/runners';
import {
  type CaseResult,
  formatFailureCategories,
  formatSummary,
  runSuite,
  type SuiteReport,
} from '../src/conformance/suite';
import { installCliRuntime } from '../src/worker';

const DEFAULT_CASES = join(__dirname, '..', 'test', 'conformance', 'corpus', 'executions.jsonl');

interface Options {
  readonly cases: string;
  readonly runtime: 'local' | 'temporal' | 'exported';
  readonly report?: string;
  readonly concurrency: number;
  readonly verbose?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

function progress(total: number): (r: CaseResult, done: number) => void {
  let failed = 0;
  let shown = 0;
  return (r, done) => {
    if (!r.passed) failed += 1;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${done}/${total} cases run, ${failed} failed`);
      if (done === total) process.stderr.write('\n');
    } else if (done === total || done - shown >= Math.ceil(total / 10)) {
      shown = done;
      process.stderr.write(`${done}/${total} cases run, ${failed} failed\n`);
    }
  };
}

async function main(options: Options): Promise<number> {
  const cases = readJsonLines<ExecutionCase>(options.cases);
  const onResult = progress(cases.length);
  if (options.runtime !== 'local') installCliRuntime('WARN');
  const run = { concurrency: options.concurrency, onResult };
  const report: SuiteReport =
    options.runtime === 'local'
      ? await runSuite('local', cases, runCaseLocally, run)
      : options.runtime === 'temporal'
        ? await runOnTemporal(cases, run)
        : await runExported(cases, { ...run, progress: { line: (l) => process.stderr.write(`${l}\n`) } });
  if (options.report) writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
  const failures = report.results.filter((r) => !r.passed || r.trace.kind === 'disagree');
  if (options.verbose) {
    for (const r of failures) {
      const why = [r.diff, r.trace.kind === 'disagree' ? `trace: ${r.trace.why}` : undefined].filter(Boolean);
      process.stdout.write(`${r.passed ? 'TRACE' : 'FAIL'} ${r.id}: ${why.join('; ')}\n`);
    }
  }
  if (failures.length > 0)
    process.stdout.write(`disagreements by kind:\n${formatFailureCategories(report)}\n`);
  process.stdout.write(`${formatSummary(report)}\n`);
  return report.summary.passed === report.summary.total ? 0 : 1;
}

const program = new Command('conformance')
  .description(
    "Runs AWS-recorded Step Functions executions on asl-temporal's runtimes and compares the results.",
  )
  .option(
    '--cases <file>',
    'a JSON-lines file of cases (format: test/conformance/corpus/README.md)',
    DEFAULT_CASES,
  )
  .addOption(
    new Option(
      '--runtime <runtime>',
      'local: in-process, virtual clock; temporal: the time-skipping server; exported: each definition exported ' +
        'to code (asl-temporal export), bundled together and run on the time-skipping server',
    )
      .choices(['local', 'temporal', 'exported'])
      .default('local'),
  )
  .option('--report <file>', 'write the JSON report here: {"runtime", "summary", "results": [...]}')
  .option('--concurrency <n>', 'cases in flight at once', positiveInt, 8)
  .option('--verbose', 'list every case whose result or trace disagrees')
  .action(async (options: Options) => {
    process.exitCode = await main(options);
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`conformance failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
