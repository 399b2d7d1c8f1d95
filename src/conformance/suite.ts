import { type ExecutionCase } from './cases';
import { type ActualResult, compareCause, compareResult } from './compare';
import { type CaseRunner } from './runners';
import { compareTrace, type TraceVerdict } from './trace';

/** One case's entry of the report: the engine's result as it produced it, before any normalisation. */
export interface CaseResult {
  readonly id: string;
  readonly category: string;
  readonly passed: boolean;
  readonly actual: ActualResult;
  /** Why the result differs from AWS's; absent when it agrees. */
  readonly diff?: string;
  /** Whether the cause agrees with AWS's (only for cases AWS failed). */
  readonly causeAgrees?: boolean;
  readonly trace: TraceVerdict;
}

/** Counts over a set of cases. */
export interface Tally {
  readonly total: number;
  readonly passed: number;
  /** Failed cases whose cause agrees, of those AWS failed. */
  readonly causes: { readonly agree: number; readonly of: number };
  /** Cases whose trace agrees, of those that carry one. */
  readonly traces: { readonly agree: number; readonly of: number };
}

/** The report of one run: per case, and the tallies overall and per category. */
export interface SuiteReport {
  readonly runtime: string;
  readonly summary: Tally & { readonly byCategory: Readonly<Record<string, Tally>> };
  readonly results: readonly CaseResult[];
}

function judge(c: ExecutionCase, actual: ActualResult, trace: TraceVerdict): CaseResult {
  const diff = compareResult(c, actual) ?? undefined;
  const causeAgrees =
    c.expected.status === 'FAILED'
      ? actual.status === 'FAILED' &&
        compareCause(c.expected.cause, 'cause' in actual ? actual.cause : undefined) === null
      : undefined;
  return { id: c.id, category: c.category, passed: diff === undefined, actual, diff, causeAgrees, trace };
}

/** Adds up results. */
export function tally(results: readonly CaseResult[]): Tally {
  const failed = results.filter((r) => r.causeAgrees !== undefined);
  const traced = results.filter((r) => r.trace.kind !== 'none');
  return {
    total: results.length,
    passed: results.filter((r) => r.passed).length,
    causes: { agree: failed.filter((r) => r.causeAgrees).length, of: failed.length },
    traces: { agree: traced.filter((r) => r.trace.kind === 'agree').length, of: traced.length },
  };
}

/** Runs every case with at most `concurrency` in flight, calling `onResult` as each ends (for progress). */
export async function runSuite(
  runtime: string,
  cases: readonly ExecutionCase[],
  runner: CaseRunner,
  options: { readonly concurrency?: number; readonly onResult?: (r: CaseResult, done: number) => void } = {},
): Promise<SuiteReport> {
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const c = cases[index];
      const { actual, trace } = await runner(c);
      results[index] = judge(c, actual, compareTrace(c, trace));
      options.onResult?.(results[index], ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  const byCategory: Record<string, Tally> = {};
  for (const category of [...new Set(cases.map((c) => c.category))].sort()) {
    byCategory[category] = tally(results.filter((r) => r.category === category));
  }
  return { runtime, summary: { ...tally(results), byCategory }, results };
}

function percent(n: number, of: number): string {
  return of === 0 ? '-' : `${((n / of) * 100).toFixed(1)}%`;
}

/** The human summary: counts per category, the agreement on causes and traces, and last `N passed, M failed`. */
export function formatSummary(report: SuiteReport): string {
  const { summary } = report;
  const rows = Object.entries(summary.byCategory).map(
    ([category, t]) =>
      `  ${category.padEnd(20)} ${`${t.passed}/${t.total}`.padStart(9)}   traces ${t.traces.agree}/${t.traces.of}`,
  );
  return [
    `conformance (${report.runtime}): ${summary.passed}/${summary.total} = ${percent(summary.passed, summary.total)}`,
    ...rows,
    `causes agree: ${summary.causes.agree}/${summary.causes.of} (${percent(summary.causes.agree, summary.causes.of)})`,
    `traces agree: ${summary.traces.agree}/${summary.traces.of} (${percent(summary.traces.agree, summary.traces.of)})`,
    `${summary.passed} passed, ${summary.total - summary.passed} failed`,
  ].join('\n');
}

/** Why a case disagrees, coarsely: the step that failed before the run, or the first part of the result that differs. */
function failureCategory(r: CaseResult): string | undefined {
  if (r.actual.status === 'ENGINE_ERROR') {
    const cause = 'cause' in r.actual ? (r.actual.cause ?? '') : '';
    const step = /^(export|compile|bundle): /.exec(cause)?.[1];
    return step ? `${step} failed` : 'engine error';
  }
  if (!r.passed) return `${/^(status|output|error|cause)\b/.exec(r.diff ?? '')?.[1] ?? 'result'} differs`;
  return r.trace.kind === 'disagree' ? 'trace differs (result agrees)' : undefined;
}

/** The disagreeing cases counted by {@link failureCategory}, largest first, each with a few case ids. */
export function formatFailureCategories(report: SuiteReport): string {
  const groups = new Map<string, string[]>();
  for (const r of report.results) {
    const category = failureCategory(r);
    if (category) groups.set(category, [...(groups.get(category) ?? []), r.id]);
  }
  if (groups.size === 0) return 'no disagreements';
  return [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(
      ([category, ids]) =>
        `  ${category.padEnd(30)} ${String(ids.length).padStart(4)}   e.g. ${ids.slice(0, 3).join(', ')}`,
    )
    .join('\n');
}
