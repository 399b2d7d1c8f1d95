import { at, END, errors, findings, machine } from './helpers';

const choice = (rule: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  machine({ C: { Type: 'Choice', Choices: [rule], Default: 'E' }, E: END }, top);

describe('Choice rules', () => {
  it('accepts comparisons, type tests and nested And/Or/Not', () => {
    const rule = {
      Or: [
        { Variable: '$.a', StringEquals: 'x' },
        {
          And: [
            { Variable: '$.n', NumericGreaterThanEquals: 1 },
            { Not: { Variable: '$.n', NumericEqualsPath: '$.limit' } },
          ],
        },
        { Variable: '$.b', IsBoolean: true },
      ],
      Next: 'E',
    };
    expect(errors(choice(rule))).toEqual([]);
  });

  it('requires Next on top-level rules and refuses it on nested ones', () => {
    expect(findings(choice({ Variable: '$.a', IsNull: true, End: true }))).toEqual(
      expect.arrayContaining([
        'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0',
        'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0/End',
      ]),
    );
    expect(findings(choice({ Not: { Variable: '$.a', IsNull: true, Next: 'E' }, Next: 'E' }))).toContain(
      'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0/Not/Next',
    );
  });

  it('takes exactly one operator per rule', () => {
    expect(
      at(choice({ Variable: '$.a', IsNull: true, IsString: true, Next: 'E' }), '/States/C/Choices/0').message,
    ).toMatch(/exactly one operator/);
    expect(at(choice({ Variable: '$.a', Next: 'E' }), '/States/C/Choices/0').message).toMatch(
      /needs a comparison/,
    );
  });

  it('checks operand types and that Variable is a reference path', () => {
    expect(
      at(choice({ Variable: '$.a', NumericEquals: '1', Next: 'E' }), '/States/C/Choices/0/NumericEquals')
        .message,
    ).toBe('NumericEquals expects a number but got "1"');
    expect(findings(choice({ Variable: '$.a[*]', IsNull: true, Next: 'E' }))).toContain(
      'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0/Variable',
    );
  });

  it('warns NO_PATH when a literal operand looks like a path', () => {
    expect(findings(choice({ Variable: '$.a', StringEquals: '$.b', Next: 'E' }))).toEqual([
      'WARNING NO_PATH /States/C/Choices/0/StringEquals',
    ]);
  });

  it('uses Condition in JSONata rules and refuses Variable there', () => {
    expect(
      errors(choice({ Condition: '{% $states.input.a %}', Next: 'E' }, { QueryLanguage: 'JSONata' })),
    ).toEqual([]);
    expect(
      findings(choice({ Variable: '$.a', IsNull: true, Next: 'E' }, { QueryLanguage: 'JSONata' })),
    ).toEqual(
      expect.arrayContaining([
        'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0',
        'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0/Variable',
      ]),
    );
  });

  it('reports rules nested absurdly deep instead of overflowing', () => {
    let rule: Record<string, unknown> = { Variable: '$.a', IsNull: true };
    for (let i = 0; i < 150; i += 1) rule = { Not: rule };
    expect(findings(choice({ ...rule, Next: 'E' }))).toContainEqual(
      expect.stringMatching(/^ERROR TOO_DEEPLY_NESTED/),
    );
  });
});
