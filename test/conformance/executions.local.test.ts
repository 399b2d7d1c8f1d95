import { runLocally } from '../../src/runtimes/run-local';
import { compareResult, type ExecutionCase, readJsonLines } from '../support/conformance';

const cases = readJsonLines<ExecutionCase>('executions.jsonl');

/**
 * The share of AWS-recorded executions the local runtime must reproduce. A ratchet: raise it as semantics are
 * fixed, never lower it to get a change through.
 */
const REQUIRED_AGREEMENT = 1.0;

describe('conformance: executions recorded against AWS, on the local runtime', () => {
  it(`reproduces at least ${REQUIRED_AGREEMENT * 100}% of the ${cases.length} cases`, async () => {
    const failures: string[] = [];
    const byCategory = new Map<string, { pass: number; total: number }>();
    for (const c of cases) {
      let problem: string | null;
      try {
        const { result } = await runLocally(c.definition, c.input, {
          mocks: c.mocks,
          startTime: Date.UTC(2026, 0, 1),
        });
        problem = compareResult(c, result);
      } catch (err) {
        problem = `threw ${(err as Error).stack ?? String(err)}`.slice(0, 600);
      }
      const stats = byCategory.get(c.category) ?? { pass: 0, total: 0 };
      stats.total += 1;
      if (problem === null) stats.pass += 1;
      else failures.push(`${c.id}: ${problem}`);
      byCategory.set(c.category, stats);
    }
    const passed = cases.length - failures.length;
    const lines = [...byCategory.entries()].map(([k, v]) => `  ${k}: ${v.pass}/${v.total}`);
    console.log(
      `conformance (local): ${passed}/${cases.length} = ${((passed / cases.length) * 100).toFixed(1)}%\n${lines.join('\n')}` +
        (process.env.CONFORMANCE_VERBOSE ? `\n${failures.join('\n')}` : ''),
    );
    expect(passed / cases.length).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  });
});
