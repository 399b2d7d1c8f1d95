import { at, END, errors, findings, machine } from './helpers';

describe('the state graph', () => {
  it('reports a Next that names no state, at the Next field', () => {
    const d = at(machine({ A: { Type: 'Pass', Next: 'B' }, C: END }), '/States/A/Next');
    expect(d).toMatchObject({ code: 'MISSING_TRANSITION_TARGET', message: "Missing 'Next' target: B" });
  });

  it('reports a StartAt that names no state', () => {
    expect(findings({ StartAt: 'Nope', States: { A: END } })).toContain(
      'ERROR MISSING_TRANSITION_TARGET /StartAt',
    );
  });

  it('reports unreachable states as AWS does (MISSING_TRANSITION_TARGET "is not reachable")', () => {
    const d = at(machine({ A: END, Orphan: END }), '/States/Orphan');
    expect(d).toMatchObject({
      code: 'MISSING_TRANSITION_TARGET',
      severity: 'ERROR',
      message: 'State "Orphan" is not reachable.',
    });
  });

  it('counts Choice rules, Default and Catch as ways to reach a state', () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'T' }], Default: 'D' },
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
        End: true,
      },
      D: END,
      F: { Type: 'Fail' },
    });
    expect(errors(def)).toEqual([]);
  });

  it('does not let a branch jump to a state outside it', () => {
    const def = machine({
      P: { Type: 'Parallel', Branches: [machine({ B: { Type: 'Pass', Next: 'Out' } })], Next: 'Out' },
      Out: END,
    });
    expect(findings(def)).toContain('ERROR MISSING_TRANSITION_TARGET /States/P/Branches/0/States/B/Next');
  });

  it('reports a machine (or branch) without a terminal state', () => {
    const def = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } });
    expect(findings(def)).toContain('ERROR MISSING_END_STATE /States');
  });

  it('requires state names to be unique across the whole machine, nested ones included', () => {
    const def = machine({
      M: { Type: 'Map', ItemProcessor: machine({ Same: END }), Next: 'Same' },
      Same: END,
    });
    expect(at(def, '/States/Same').code).toBe('DUPLICATE_STATE_NAME');
  });

  it('rejects state names longer than 80 characters', () => {
    const long = 'x'.repeat(81);
    expect(at(machine({ [long]: END }), `/States/${long}`).code).toBe('INVALID_STATE_NAME');
    expect(errors(machine({ ['y'.repeat(80)]: END }))).toEqual([]);
  });

  it('needs Next or End on states that go on, and refuses both', () => {
    expect(at(machine({ A: { Type: 'Pass' } }), '/States/A').message).toBe(
      'A Pass state needs either "Next" or "End": true',
    );
    expect(findings(machine({ A: { Type: 'Pass', Next: 'A', End: true } }))).toContain(
      'ERROR SCHEMA_VALIDATION_FAILED /States/A/End',
    );
  });

  it('refuses End on a Choice state', () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'E' }], End: true },
      E: END,
    });
    expect(findings(def)).toContain('ERROR SCHEMA_VALIDATION_FAILED /States/C/End');
  });

  it('escapes "/" and "~" in state names in locations (RFC 6901)', () => {
    expect(findings(machine({ 'a/b~c': { Type: 'Pass' } }))).toContain(
      'ERROR SCHEMA_VALIDATION_FAILED /States/a~1b~0c',
    );
  });
});
