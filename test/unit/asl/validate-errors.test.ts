import { at, errors, findings, machine } from './helpers';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:work';

describe('Retry and Catch', () => {
  it('requires States.ALL to be alone in its ErrorEquals', () => {
    const def = machine({
      T: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['States.ALL', 'Custom'] }], End: true },
    });
    expect(at(def, '/States/T/Retry/0/ErrorEquals').message).toBe(
      '"States.ALL" must be the only error name in its ErrorEquals',
    );
  });

  it('requires the States.ALL retrier to come last', () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['Custom'] }],
        End: true,
      },
    });
    expect(at(def, '/States/T/Retry/0/ErrorEquals').message).toMatch(/must be the last in Retry/);
  });

  it('requires the States.ALL catcher to come last', () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: LAMBDA,
        Catch: [
          { ErrorEquals: ['States.ALL'], Next: 'E' },
          { ErrorEquals: ['Custom'], Next: 'E' },
        ],
        End: true,
      },
      E: { Type: 'Fail' },
    });
    expect(at(def, '/States/T/Catch/0/ErrorEquals').message).toMatch(/must be the last in Catch/);
  });

  it('accepts the usual ladder of specific errors then States.ALL', () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [
          {
            ErrorEquals: ['Custom'],
            MaxAttempts: 2,
            BackoffRate: 2,
            MaxDelaySeconds: 10,
            JitterStrategy: 'FULL',
          },
          { ErrorEquals: ['States.ALL'] },
        ],
        End: true,
      },
    });
    expect(errors(def)).toEqual([]);
  });

  it('warns about States.* names that ASL does not define', () => {
    const def = machine({
      T: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['States.Oops'] }], End: true },
    });
    expect(findings(def)).toEqual(['WARNING UNKNOWN_STATES_ERROR /States/T/Retry/0/ErrorEquals/0']);
  });

  it('checks retrier fields: BackoffRate at least 1, MaxAttempts not negative, ErrorEquals not empty', () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [{ ErrorEquals: [], BackoffRate: 0.5, MaxAttempts: -1 }],
        End: true,
      },
    });
    expect(findings(def)).toEqual(
      expect.arrayContaining([
        'ERROR SCHEMA_VALIDATION_FAILED /States/T/Retry/0/ErrorEquals',
        'ERROR SCHEMA_VALIDATION_FAILED /States/T/Retry/0/BackoffRate',
        'ERROR SCHEMA_VALIDATION_FAILED /States/T/Retry/0/MaxAttempts',
      ]),
    );
  });
});
