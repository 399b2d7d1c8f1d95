import { type SuiteReport } from '../../src/conformance/suite';

/**
 * The shares of AWS-recorded executions both runtimes must reproduce: results, causes and traces. A ratchet: raise
 * them as semantics are fixed, never lower them to get a change through.
 */
export const REQUIRED_AGREEMENT = { results: 1.0, causes: 1.0, traces: 1.0 } as const;

/** Fails, listing the disagreeing cases first, when a report falls below the ratchet. */
export function expectAgreement(report: SuiteReport): void {
  const { summary } = report;
  const shares = {
    results: summary.passed / summary.total,
    causes: summary.causes.of === 0 ? 1 : summary.causes.agree / summary.causes.of,
    traces: summary.traces.of === 0 ? 1 : summary.traces.agree / summary.traces.of,
  };
  const below = (Object.keys(shares) as (keyof typeof shares)[]).filter(
    (k) => shares[k] < REQUIRED_AGREEMENT[k],
  );
  if (below.length > 0) {
    const disagreements = report.results
      .filter((r) => !r.passed || r.trace.kind === 'disagree')
      .map((r) => `${r.id}: ${r.diff ?? ''}${r.trace.kind === 'disagree' ? ` trace: ${r.trace.why}` : ''}`);
    console.log(`below the ratchet on ${below.join(', ')}:\n${disagreements.slice(0, 40).join('\n')}`);
  }
  expect(shares.results).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT.results);
  expect(shares.causes).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT.causes);
  expect(shares.traces).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT.traces);
  expect(summary.total).toBeGreaterThan(0);
}
