import fc from 'fast-check';
import { parseDefinition } from '../../../src/asl/parse';
import { validateStateMachine } from '../../../src/asl/validate';

const isDiagnosticList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every(
    (d) =>
      typeof d.code === 'string' &&
      (d.severity === 'ERROR' || d.severity === 'WARNING') &&
      typeof d.location === 'string',
  );

/** Values shaped like state machines, so the rules get past the top-level checks and into the states. */
const machineLike = fc.record({
  StartAt: fc.oneof(fc.string(), fc.constant('A')),
  States: fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('A', 'B')),
    fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          Type: fc.constantFrom(
            'Task',
            'Pass',
            'Choice',
            'Wait',
            'Succeed',
            'Fail',
            'Parallel',
            'Map',
            'Nope',
          ),
          Next: fc.constantFrom('A', 'B', 'C'),
          End: fc.boolean(),
          Resource: fc.oneof(fc.string(), fc.constant('arn:aws:states:::lambda:invoke')),
          Parameters: fc.jsonValue(),
          Choices: fc.array(fc.jsonValue()),
          Retry: fc.jsonValue(),
          Catch: fc.jsonValue(),
          Branches: fc.jsonValue(),
          ItemProcessor: fc.jsonValue(),
          InputPath: fc.string(),
          ResultPath: fc.oneof(fc.string(), fc.constant('$.a')),
          Output: fc.oneof(fc.string(), fc.constant('{% $x + %}')),
          QueryLanguage: fc.constantFrom('JSONPath', 'JSONata', 'x'),
        },
        { requiredKeys: [] },
      ),
    ),
  ),
  QueryLanguage: fc.constantFrom('JSONPath', 'JSONata', undefined),
});

describe('the validator never throws', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => isDiagnosticList(validateStateMachine(value))),
      { numRuns: 500 },
    );
  });

  it('on arbitrary machine-shaped values', () => {
    fc.assert(
      fc.property(machineLike, (value) => isDiagnosticList(validateStateMachine(value, { type: 'EXPRESS' }))),
      { numRuns: 500 },
    );
  });

  it('on non-JSON input (undefined, functions, symbols, cycles)', () => {
    const cyclic: Record<string, unknown> = { StartAt: 'A' };
    cyclic.States = { A: cyclic };
    for (const value of [undefined, () => 1, Symbol('x'), 10n, new Date(0), cyclic, Object.create(null)]) {
      expect(isDiagnosticList(validateStateMachine(value))).toBe(true);
    }
  });

  it('on deep nesting: reports TOO_DEEPLY_NESTED instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const d = validateStateMachine({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: deep, End: true } },
    });
    expect(d.map((x) => x.code)).toEqual(['TOO_DEEPLY_NESTED']);

    let nested: Record<string, unknown> = { Type: 'Pass', End: true };
    for (let i = 0; i < 100; i += 1) {
      nested = {
        Type: 'Parallel',
        Branches: [{ StartAt: `S${i}`, States: { [`S${i}`]: nested } }],
        End: true,
      };
    }
    expect(validateStateMachine({ StartAt: 'Top', States: { Top: nested } }).map((x) => x.code)).toContain(
      'TOO_DEEPLY_NESTED',
    );
  });

  it('on huge strings', () => {
    const huge = 'x'.repeat(5_000_000);
    const def = {
      StartAt: huge,
      States: {
        [huge]: {
          Type: 'Pass',
          InputPath: `$.${huge}`,
          Parameters: { 'a.$': `States.Format('${huge}')` },
          End: true,
        },
      },
    };
    expect(isDiagnosticList(validateStateMachine(def))).toBe(true);
  });

  it('on arbitrary text given to the parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) =>
        isDiagnosticList(parseDefinition(text).diagnostics),
      ),
      { numRuns: 300 },
    );
  });
});
