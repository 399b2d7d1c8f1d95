/**
 * The `exported` conformance runtime on a sample of the corpus: the first and last case of each category, each
 * definition exported to code (`asl-temporal export`), all bundled together and run on one worker on the
 * time-skipping server with the case's mocks, then compared with AWS as the other runtimes are. The whole corpus is
 * `npm run conformance -- --runtime exported` (docs/conformance.md).
 */
import { runExported } from '../../src/conformance/on-exported';
import { formatFailureCategories, formatSummary } from '../../src/conformance/suite';
import { type ExecutionCase, readCorpus } from '../support/conformance';

const corpus = readCorpus<ExecutionCase>('executions.jsonl');

/** The first and the last case of every category, in corpus order. */
function sample(cases: readonly ExecutionCase[]): ExecutionCase[] {
  const chosen = new Set<ExecutionCase>();
  for (const category of new Set(cases.map((c) => c.category))) {
    const of = cases.filter((c) => c.category === category);
    chosen.add(of[0]);
    chosen.add(of[of.length - 1]);
  }
  return cases.filter((c) => chosen.has(c));
}

describe('conformance: exported workflows (time-skipping server)', () => {
  const cases = sample(corpus);

  it(`agrees with AWS on a sample of ${cases.length} cases from every category, results and traces`, async () => {
    const report = await runExported(cases, { concurrency: 8 });
    const disagreements = report.results.filter((r) => !r.passed || r.trace.kind === 'disagree');
    if (disagreements.length > 0) console.log(`${formatSummary(report)}\n${formatFailureCategories(report)}`);
    expect(report.runtime).toBe('exported');
    expect(report.summary.total).toBe(cases.length);
    expect(
      disagreements.map((r) => `${r.id}: ${r.diff ?? ''} ${r.trace.kind === 'disagree' ? r.trace.why : ''}`),
    ).toEqual([]);
  }, 120_000);
});
