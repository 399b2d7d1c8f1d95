import { loadStateMachine, parseDefinition } from '../../../src/asl/parse';
import { parseSubstitutionPairs, substitute } from '../../../src/asl/substitute';

const MACHINE_JSON = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "End": true }
  }
}`;

describe('parseDefinition', () => {
  it('parses JSON and YAML to the same value', () => {
    const yaml = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n';
    expect(parseDefinition(yaml)).toEqual(parseDefinition(MACHINE_JSON));
    expect(parseDefinition(yaml).diagnostics).toEqual([]);
  });

  it('turns JSON syntax errors into INVALID_JSON_DESCRIPTION with line and column', () => {
    const { definition, diagnostics } = parseDefinition('{\n  "StartAt": "A",\n}');
    expect(definition).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION', line: 3, column: 1 }),
    ]);
  });

  it('turns YAML syntax errors into INVALID_JSON_DESCRIPTION with line and column', () => {
    const { diagnostics } = parseDefinition('StartAt: A\nStates: [1,\n', { format: 'yaml' });
    expect(diagnostics[0]).toMatchObject({ code: 'INVALID_JSON_DESCRIPTION', line: expect.any(Number) });
  });

  it('reports a state defined twice in the same States (JSON.parse would silently keep the last)', () => {
    const text =
      '{"StartAt": "A", "States": {\n"A": {"Type": "Pass", "End": true},\n"A": {"Type": "Succeed"}}}';
    expect(parseDefinition(text).diagnostics).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_STATE_NAME', location: '/States/A', line: 3, column: 1 }),
    ]);
    const yaml = 'StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n  A: {Type: Succeed}\n';
    expect(parseDefinition(yaml).diagnostics).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_STATE_NAME', location: '/States/A' }),
    ]);
  });

  it('reads CloudFormation short-form tags in YAML as their long forms', () => {
    const yaml =
      'StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: !GetAtt Worker.Arn\n    End: true\n';
    expect(parseDefinition(yaml).definition).toMatchObject({
      States: { T: { Resource: { 'Fn::GetAtt': ['Worker', 'Arn'] } } },
    });
  });

  it('reports an empty text as MISSING_DESCRIPTION', () => {
    expect(parseDefinition('  \n').diagnostics).toEqual([
      expect.objectContaining({ code: 'MISSING_DESCRIPTION' }),
    ]);
  });

  it('never throws, whatever the text', () => {
    for (const text of [
      '[',
      '{"a":',
      '\u0000',
      'a: *x',
      '['.repeat(20000),
      'a: ' + '['.repeat(5000),
      '{}'.repeat(3),
      '\uFEFF{}',
    ]) {
      expect(() => parseDefinition(text)).not.toThrow();
    }
  });
});

describe('definition substitutions', () => {
  it('replaces ${Name} anywhere in strings and keeps ${!Name} literal', () => {
    const result = substitute({ a: '${X}', b: ['pre-${X}-post', '${!X}'] }, { X: 'v' });
    expect(result).toEqual({ value: { a: 'v', b: ['pre-v-post', '${X}'] }, diagnostics: [] });
  });

  it('reports an unknown name at its location, with line and column when parsed from text', () => {
    const text =
      '{\n  "StartAt": "A",\n  "States": {"A": {"Type": "Task", "Resource": "${Fn}", "End": true}}\n}';
    const { diagnostics } = parseDefinition(text, { substitutions: {} });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_SUBSTITUTION',
        location: '/States/A/Resource',
        line: 3,
        severity: 'ERROR',
      }),
    ]);
  });

  it('leaves ${Name} alone when no substitutions are given', () => {
    expect(parseDefinition('{"a": "${X}"}').definition).toEqual({ a: '${X}' });
  });

  it('parses Name=Value pairs, splitting at the first "="', () => {
    expect(parseSubstitutionPairs(['A=1', 'B=x=y', 'bad'])).toEqual({
      substitutions: { A: '1', B: 'x=y' },
      invalid: ['bad'],
    });
  });
});

describe('loadStateMachine', () => {
  it('returns the typed machine when the definition is valid', () => {
    const { machine, diagnostics } = loadStateMachine(MACHINE_JSON);
    expect(diagnostics).toEqual([]);
    expect(machine?.States.A.Type).toBe('Pass');
  });

  it('returns no machine, and located diagnostics, when it is not', () => {
    const { machine, diagnostics } = loadStateMachine(MACHINE_JSON.replace('"End": true', '"Next": "B"'));
    expect(machine).toBeUndefined();
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'MISSING_TRANSITION_TARGET', location: '/States/A/Next', line: 4 }),
    );
  });

  it('accepts an already parsed object and applies substitutions to it', () => {
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: '${Fn}', End: true } } };
    const { machine } = loadStateMachine(definition, {
      substitutions: { Fn: 'arn:aws:states:::lambda:invoke' },
    });
    expect(machine?.States.T).toMatchObject({ Resource: 'arn:aws:states:::lambda:invoke' });
  });

  it('gives no machine while a template placeholder is left, though the definition is valid', () => {
    const { machine, diagnostics } = loadStateMachine({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: '${Fn}', End: true } },
    });
    expect(machine).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['UNRESOLVED_TEMPLATE']);
  });

  it('checks EXPRESS restrictions when asked', () => {
    const text =
      '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}';
    expect(loadStateMachine(text, { type: 'EXPRESS' }).machine).toBeUndefined();
    expect(loadStateMachine(text, { type: 'STANDARD' }).machine).toBeDefined();
  });
});
