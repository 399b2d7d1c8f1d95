import type { ChoiceCondition } from '../../../src/asl/types';
import { evaluateChoiceCondition } from '../../../src/dataflow/choice';
import { testEnv } from './support/env';

const env = testEnv({ variables: { guess: 'x', answer: 'x' } });
const check = (condition: object, input: object): boolean =>
  evaluateChoiceCondition(condition as ChoiceCondition, input as never, env);

describe('JSONPath choice conditions', () => {
  it('compares strings, numbers and booleans; a wrong type is false, not an error', () => {
    expect(check({ Variable: '$.v', StringEquals: 'a' }, { v: 'a' })).toBe(true);
    expect(check({ Variable: '$.v', StringLessThan: 'AB' }, { v: 'A' })).toBe(true);
    expect(check({ Variable: '$.v', NumericEquals: 1 }, { v: 1.0 })).toBe(true);
    expect(check({ Variable: '$.v', NumericEquals: 42 }, { v: '42' })).toBe(false);
    expect(check({ Variable: '$.v', NumericGreaterThanEquals: 20 }, { v: 22 })).toBe(true);
    expect(check({ Variable: '$.v', BooleanEquals: false }, { v: 0 })).toBe(false);
  });

  it('supports the Path forms, variables and the context object', () => {
    expect(check({ Variable: '$.v', NumericLessThanPath: '$.w' }, { v: 1, w: 2 })).toBe(true);
    expect(check({ Variable: '$guess', StringEqualsPath: '$answer' }, {})).toBe(true);
    expect(check({ Variable: '$$.State.Name', StringEquals: 'S' }, {})).toBe(true);
  });

  it('matches StringMatches patterns with * and escapes', () => {
    expect(check({ Variable: '$.v', StringMatches: 'log-*.txt' }, { v: 'log-2024.txt' })).toBe(true);
    expect(check({ Variable: '$.v', StringMatches: 'a\\*b' }, { v: 'a*b' })).toBe(true);
    expect(check({ Variable: '$.v', StringMatches: 'a\\*b' }, { v: 'axb' })).toBe(false);
    expect(check({ Variable: '$.v', StringMatches: 'a\\\\b' }, { v: 'a\\b' })).toBe(true);
  });

  it('compares RFC 3339 timestamps across offsets and fractions', () => {
    const t = (v: string, op: string, w: string): boolean => check({ Variable: '$.v', [op]: w }, { v });
    expect(t('2012-10-09T19:00:55Z', 'TimestampLessThan', '2012-10-09T19:00:56Z')).toBe(true);
    expect(t('2012-10-09T20:00:55+01:00', 'TimestampEquals', '2012-10-09T19:00:55Z')).toBe(true);
    expect(t('2012-10-09T19:00:55.1Z', 'TimestampGreaterThan', '2012-10-09T19:00:55.09Z')).toBe(true);
    expect(t('2012-10-09T19:00:55', 'TimestampEquals', '2012-10-09T19:00:55Z')).toBe(false);
  });

  it('type tests, including IsPresent on missing paths', () => {
    expect(check({ Variable: '$.v', IsNull: true }, { v: null })).toBe(true);
    expect(check({ Variable: '$.v', IsPresent: true }, { v: null })).toBe(true);
    expect(check({ Variable: '$.missing', IsPresent: false }, {})).toBe(true);
    expect(check({ Variable: '$.v', IsNumeric: false }, { v: '1' })).toBe(true);
    expect(check({ Variable: '$.v', IsTimestamp: true }, { v: '2016-03-14T01:59:00Z' })).toBe(true);
    expect(check({ Variable: '$.v', IsTimestamp: true }, { v: '2023-02-24' })).toBe(false);
    expect(check({ Variable: '$.v', IsBoolean: true }, { v: false })).toBe(true);
  });

  it('combines with And, Or and Not', () => {
    const rule = {
      And: [
        { Not: { Variable: '$.t', StringEquals: 'Private' } },
        {
          Or: [
            { Variable: '$.v', NumericEquals: 0 },
            { Variable: '$.v', NumericGreaterThan: 10 },
          ],
        },
      ],
    };
    expect(check(rule, { t: 'Public', v: 11 })).toBe(true);
    expect(check(rule, { t: 'Private', v: 11 })).toBe(false);
  });

  it('fails with States.Runtime when Variable selects nothing', () => {
    expect(() => check({ Variable: '$.missing', StringEquals: 'a' }, {})).toThrow(
      expect.objectContaining({ error: 'States.Runtime' }),
    );
  });
});
