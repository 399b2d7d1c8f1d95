import { at, END, errors, findings, machine } from './helpers';
import { validateStateMachine } from '../../../src/asl/validate';

describe('shapes and types (SCHEMA_VALIDATION_FAILED)', () => {
  it('lists the missing top-level fields in one diagnostic, as AWS does', () => {
    expect(validateStateMachine({})).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        severity: 'ERROR',
        message: 'These fields are required: [StartAt, States]',
        location: '/',
      },
    ]);
  });

  it('names the allowed state types when Type is misspelled', () => {
    const d = at(machine({ X: { Type: 'Tsk', End: true } }), '/States/X/Type');
    expect(d.message).toBe(
      'expected one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map but got "Tsk"',
    );
  });

  it('reports a state without Type', () => {
    expect(at(machine({ X: { End: true } }), '/States/X').message).toBe('These fields are required: [Type]');
  });

  it('reports an unknown field at the field itself', () => {
    const d = at(machine({ P: { ...END, bugInputPath: '$.x' } }), '/States/P/bugInputPath');
    expect(d.message).toBe('The field "bugInputPath" is not supported by Step Functions');
  });

  it('reports fields of the wrong type with what was expected and what was given', () => {
    const d = at(machine({ W: { Type: 'Wait', Seconds: 'ten', End: true } }), '/States/W/Seconds');
    expect(d.message).toBe('expected an integer but got "ten"');
  });

  it('checks ranges: TimeoutSeconds at least 1, ToleratedFailurePercentage at most 100', () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 0, Next: 'M' },
      M: { Type: 'Map', ItemProcessor: machine({ I: END }), ToleratedFailurePercentage: 105, End: true },
    });
    expect(findings(def)).toEqual(
      expect.arrayContaining([
        'ERROR SCHEMA_VALIDATION_FAILED /States/T/TimeoutSeconds',
        'ERROR SCHEMA_VALIDATION_FAILED /States/M/ToleratedFailurePercentage',
      ]),
    );
  });

  it('accepts JSONata expressions where numbers go in JSONata states', () => {
    const def = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          TimeoutSeconds: '{% 120 %}',
          HeartbeatSeconds: '{% 20 %}',
          End: true,
        },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect(errors(def)).toEqual([]);
  });

  it('rejects a non-object definition without throwing', () => {
    expect(findings([1, 2])).toEqual(['ERROR SCHEMA_VALIDATION_FAILED /']);
    expect(findings(null)).toEqual(['ERROR MISSING_DESCRIPTION /']);
    expect(findings('text')).toEqual(['ERROR SCHEMA_VALIDATION_FAILED /']);
  });

  it('reports a state that is not an object', () => {
    expect(at(machine({ A: 42 }), '/States/A').message).toBe('expected a state object but got 42');
  });

  it('reports Retry on a state type that cannot retry', () => {
    const def = machine({ P: { ...END, Retry: [{ ErrorEquals: ['States.ALL'] }] } });
    expect(findings(def)).toContain('ERROR SCHEMA_VALIDATION_FAILED /States/P/Retry');
  });

  it('reports every problem at once', () => {
    const def = machine({ A: { Type: 'Pass', Next: 'Nowhere', Extra: 1 }, B: { Type: 'Wait', End: true } });
    expect(errors(def).length).toBeGreaterThanOrEqual(4);
  });
});
