/**
 * Fuzzing the validator and the local runtime with generated machines (test/support/fuzz/): every generated
 * definition is valid, and every run ends as SUCCEEDED or with an ASL error, with no crash and no hang.
 * npm test runs 2,000 cases over these properties; `npm run soak` 100,000 (ASL_FUZZ_RUNS, ASL_FUZZ_SEED).
 */
import fc from 'fast-check';
import { validateStateMachine } from '../../../src/asl/validate';
import { fuzzCase, fuzzParameters, fuzzTimeoutMs } from '../../support/fuzz/case';
import { describeThrown, isAslErrorName, runCaseLocally } from '../../support/fuzz/outcome';

const isJson = (value: unknown): boolean => {
  try {
    return JSON.stringify(JSON.parse(JSON.stringify(value))) === JSON.stringify(value);
  } catch {
    return false;
  }
};

describe('generated machines', () => {
  it(
    'are all valid for the validator (a rejection is a bug in the generator or the validator)',
    () => {
      fc.assert(
        fc.property(fuzzCase, (c) => {
          const errors = validateStateMachine(c.machine).filter((d) => d.severity === 'ERROR');
          if (errors.length > 0) {
            throw new Error(
              `machine ${c.seed} rejected: ${JSON.stringify(errors)}\n${JSON.stringify(c.machine)}`,
            );
          }
        }),
        fuzzParameters(0.5),
      );
    },
    fuzzTimeoutMs(0.5),
  );

  it(
    'run locally to an output or an ASL error, never a crash or a hang',
    async () => {
      let succeeded = 0;
      let failed = 0;
      await fc.assert(
        fc.asyncProperty(fuzzCase, async (c) => {
          const outcome = await runCaseLocally(c).catch((thrown: unknown) => {
            throw new Error(
              `machine ${c.seed} crashed: ${describeThrown(thrown)}\n${JSON.stringify(c.machine)}`,
            );
          });
          if (outcome.status === 'SUCCEEDED') {
            succeeded += 1;
            expect(isJson(outcome.output)).toBe(true);
          } else {
            failed += 1;
            if (!isAslErrorName(outcome.error) || typeof outcome.cause !== 'string') {
              throw new Error(`machine ${c.seed} ended with a non-ASL error: ${JSON.stringify(outcome)}`);
            }
          }
        }),
        fuzzParameters(0.5),
      );
      // The generator must keep reaching the end of machines, not only their first failing state.
      expect(succeeded).toBeGreaterThan(0);
      expect(failed).toBeGreaterThan(0);
    },
    fuzzTimeoutMs(0.5),
  );
});
