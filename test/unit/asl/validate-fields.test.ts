import { at, END, errors, findings, machine } from './helpers';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:work';

describe('rules across fields', () => {
  it.each([
    ['Wait', { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true }, 'SecondsPath'],
    [
      'Wait',
      { Type: 'Wait', Timestamp: '2025-01-01T00:00:00Z', TimestampPath: '$.t', End: true },
      'TimestampPath',
    ],
    [
      'Task',
      { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5, TimeoutSecondsPath: '$.t', End: true },
      'TimeoutSecondsPath',
    ],
    [
      'Task',
      { Type: 'Task', Resource: LAMBDA, HeartbeatSeconds: 5, HeartbeatSecondsPath: '$.h', End: true },
      'HeartbeatSecondsPath',
    ],
    ['Fail', { Type: 'Fail', Error: 'E', ErrorPath: '$.e' }, 'ErrorPath'],
    ['Fail', { Type: 'Fail', Cause: 'C', CausePath: '$.c' }, 'CausePath'],
    [
      'Map',
      {
        Type: 'Map',
        QueryLanguage: 'JSONata',
        ItemsPath: '$.a',
        Items: [1],
        ItemProcessor: machine({ I: END }),
        End: true,
      },
      'Items',
    ],
    [
      'Map',
      { Type: 'Map', ItemProcessor: machine({ I: END }), Iterator: machine({ J: END }), End: true },
      'Iterator',
    ],
    [
      'Map',
      {
        Type: 'Map',
        MaxConcurrency: 1,
        MaxConcurrencyPath: '$.m',
        ItemProcessor: machine({ I: END }),
        End: true,
      },
      'MaxConcurrencyPath',
    ],
  ])('makes %s fields mutually exclusive (%#)', (_type, state, second) => {
    expect(at(machine({ S: state }), `/States/S/${second}`).message).toMatch(/mutually exclusive/);
  });

  it('needs one way to wait in a Wait state', () => {
    expect(at(machine({ W: { Type: 'Wait', End: true } }), '/States/W').message).toMatch(
      /needs one of Seconds/,
    );
  });

  it('needs HeartbeatSeconds below TimeoutSeconds', () => {
    const def = machine({
      T: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 10, HeartbeatSeconds: 10, End: true },
    });
    expect(at(def, '/States/T/HeartbeatSeconds').message).toBe(
      'HeartbeatSeconds (10) must be smaller than TimeoutSeconds (10)',
    );
  });

  it('rejects JSONPath fields in a JSONata state', () => {
    const def = machine(
      { P: { ...END, InputPath: '$.a', Output: '{% $states.input %}' } },
      { QueryLanguage: 'JSONata' },
    );
    expect(at(def, '/States/P/InputPath').message).toMatch(/not supported in a JSONata state/);
  });

  it('rejects JSONata fields in a JSONPath state, Catch Output included', () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: LAMBDA,
        Arguments: {},
        Catch: [{ ErrorEquals: ['States.ALL'], Output: {}, Next: 'E' }],
        End: true,
      },
      E: END,
    });
    expect(findings(def)).toEqual(
      expect.arrayContaining([
        'ERROR SCHEMA_VALIDATION_FAILED /States/T/Arguments',
        'ERROR SCHEMA_VALIDATION_FAILED /States/T/Catch/0/Output',
      ]),
    );
  });

  it("refuses a JSONPath state in a machine that is JSONata as a whole (AWS's message)", () => {
    const def = machine({ P: { ...END, QueryLanguage: 'JSONPath' } }, { QueryLanguage: 'JSONata' });
    expect(at(def, '/States/P').message).toBe(
      "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
    );
  });

  it('lets a JSONPath state sit inside a JSONata state of a JSONPath machine', () => {
    const def = machine({
      M: {
        Type: 'Map',
        QueryLanguage: 'JSONata',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          ...machine({ P: { ...END, QueryLanguage: 'JSONPath' } }),
        },
        End: true,
      },
    });
    expect(errors(def)).toEqual([]);
  });

  it('allows only predefined States.* names as a Fail error', () => {
    expect(at(machine({ F: { Type: 'Fail', Error: 'States.Mine' } }), '/States/F/Error').message).toMatch(
      /reserved "States." prefix/,
    );
    expect(errors(machine({ F: { Type: 'Fail', Error: 'States.Timeout' } }))).toEqual([]);
    expect(errors(machine({ F: { Type: 'Fail', Error: 'MyError' } }))).toEqual([]);
  });

  it('needs an ItemProcessor (or Iterator) on a Map, and an ExecutionType in DISTRIBUTED mode', () => {
    expect(at(machine({ M: { Type: 'Map', End: true } }), '/States/M').message).toBe(
      'These fields are required: [ItemProcessor]',
    );
    const distributed = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, ...machine({ I: END }) },
        End: true,
      },
    });
    expect(findings(distributed)).toContain(
      'ERROR SCHEMA_VALIDATION_FAILED /States/M/ItemProcessor/ProcessorConfig',
    );
  });

  it('checks Map labels: at most 40 characters, no special characters, unique', () => {
    const map = (label: string) => ({
      Type: 'Map',
      ItemProcessor: machine({ [`I${label.length}${label.charCodeAt(0)}`]: END }),
      Label: label,
    });
    expect(at(machine({ M: { ...map('x'.repeat(41)), End: true } }), '/States/M/Label').code).toBe(
      'INVALID_LABEL_NAME',
    );
    expect(at(machine({ M: { ...map('has space'), End: true } }), '/States/M/Label').code).toBe(
      'INVALID_LABEL_NAME',
    );
    const twice = machine({
      A: { ...map('Same'), Next: 'B' },
      B: { Type: 'Map', ItemProcessor: machine({ J: END }), Label: 'Same', End: true },
    });
    expect(at(twice, '/States/B/Label').code).toBe('DUPLICATE_LABEL_NAME');
  });

  it("requires Credentials to name a RoleArn (AWS's message)", () => {
    const def = machine({ T: { Type: 'Task', Resource: LAMBDA, Credentials: {}, End: true } });
    expect(at(def, '/States/T/Credentials').message).toBe("The field 'RoleArn' is required but was missing");
    const ok = machine({
      T: { Type: 'Task', Resource: LAMBDA, Credentials: { 'RoleArn.$': '$.role' }, End: true },
    });
    expect(errors(ok)).toEqual([]);
  });
});
