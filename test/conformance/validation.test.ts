/**
 * The validator against labelled corpora: validation.jsonl (AWS's and asl-validator's verdicts) must agree at least
 * 95% on valid/invalid, and every definition of executions.jsonl (all accepted by AWS) must validate without error.
 */
import { validateStateMachine } from '../../src/asl/validate';
import { readCorpus } from '../support/conformance';

interface ValidationCase {
  readonly id: string;
  readonly definition: unknown;
  readonly valid: boolean;
  readonly type?: 'STANDARD' | 'EXPRESS';
}

interface ExecutionCase {
  readonly id: string;
  readonly definition: unknown;
}

describe('conformance: validation.jsonl', () => {
  it('agrees with the labelled verdicts on at least 95% of the cases', () => {
    const cases = readCorpus<ValidationCase>('validation.jsonl');
    const disagreements = cases
      .map((c) => {
        const diagnostics = validateStateMachine(c.definition, { type: c.type });
        const valid = !diagnostics.some((d) => d.severity === 'ERROR');
        return {
          id: c.id,
          expected: c.valid,
          valid,
          errors: diagnostics.filter((d) => d.severity === 'ERROR').map((d) => `${d.code} ${d.location}`),
        };
      })
      .filter((r) => r.valid !== r.expected);
    const agreement = (cases.length - disagreements.length) / cases.length;
    const report =
      `validation.jsonl: ${cases.length - disagreements.length}/${cases.length} agree (${(agreement * 100).toFixed(1)}%)` +
      disagreements
        .map(
          (d) =>
            `\n  ${d.id}: expected ${d.expected ? 'valid' : 'invalid'}, got ${d.valid ? 'valid' : `invalid ${JSON.stringify(d.errors)}`}`,
        )
        .join('');
    console.log(report);
    // On failure the message is the report itself, disagreeing ids included.
    expect(agreement >= 0.95 ? 'at least 95% agree' : report).toBe('at least 95% agree');
  });
});

describe('conformance: executions.jsonl', () => {
  it('accepts every definition AWS ran (no false positives)', () => {
    const cases = readCorpus<ExecutionCase>('executions.jsonl');
    const rejected = cases
      .map((c) => ({
        id: c.id,
        errors: validateStateMachine(c.definition).filter((d) => d.severity === 'ERROR'),
      }))
      .filter((r) => r.errors.length > 0);
    console.log(
      `executions.jsonl: ${cases.length - rejected.length}/${cases.length} definitions validate without error`,
    );
    expect(rejected).toEqual([]);
  });
});
