/**
 * Every run-time field (a `...Path`, or a JSONata expression) × every kind of bad value, through the local runtime:
 * the execution fails with AWS's error name and cause. Causes are written out in full so a change of wording shows.
 */
import fc from 'fast-check';
import { type Json, type StateMachine } from '../../../src/asl/types';
import { type ExecutionResult } from '../../../src/interpreter/execute';
import { runLocally } from '../../../src/runtimes/run-local';

/** Marks a case whose input lacks the field's value altogether (the path selects nothing). */
const MISSING = Symbol('missing');
type Value = Json | typeof MISSING;

type Language = 'JSONPath' | 'JSONata';

/** The field's value in the definition: a path to `$.v` in JSONPath, an expression reading it in JSONata. */
function reference(language: Language): string {
  return language === 'JSONPath' ? '$.v' : '{% $states.input.v %}';
}

const PASS = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const DISTRIBUTED = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};
const READER = {
  Resource: 'arn:aws:states:::s3:getObject',
  ReaderConfig: { InputType: 'JSON' },
};

/** One field: the state that holds it, built for a query language. */
interface FieldCase {
  readonly name: string;
  readonly state: Record<string, Json>;
  /** Where the field goes: the state's key, or ItemBatcher/ReaderConfig. */
  readonly place: (reference: string, language: Language) => Record<string, Json>;
}

function key(jsonPath: string, jsonata: string): FieldCase['place'] {
  return (ref, language) => ({ [language === 'JSONPath' ? jsonPath : jsonata]: ref });
}

const WAIT = { Type: 'Wait', End: true };
const TASK = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111111111111:function:f', End: true };
const MAP = { Type: 'Map', ItemProcessor: PASS, End: true };
const MAP_OVER_ITEMS = (language: Language): Record<string, Json> =>
  language === 'JSONPath' ? { ItemsPath: '$.items' } : { Items: '{% $states.input.items %}' };

const FIELDS: Record<string, FieldCase> = {
  Seconds: { name: 'Seconds', state: WAIT, place: key('SecondsPath', 'Seconds') },
  Timestamp: { name: 'Timestamp', state: WAIT, place: key('TimestampPath', 'Timestamp') },
  TimeoutSeconds: { name: 'TimeoutSeconds', state: TASK, place: key('TimeoutSecondsPath', 'TimeoutSeconds') },
  HeartbeatSeconds: {
    name: 'HeartbeatSeconds',
    state: TASK,
    place: key('HeartbeatSecondsPath', 'HeartbeatSeconds'),
  },
  MaxConcurrency: {
    name: 'MaxConcurrency',
    state: MAP,
    place: (ref, language) => ({
      ...MAP_OVER_ITEMS(language),
      [language === 'JSONPath' ? 'MaxConcurrencyPath' : 'MaxConcurrency']: ref,
    }),
  },
  ToleratedFailureCount: {
    name: 'ToleratedFailureCount',
    state: MAP,
    place: (ref, language) => ({
      ...MAP_OVER_ITEMS(language),
      [language === 'JSONPath' ? 'ToleratedFailureCountPath' : 'ToleratedFailureCount']: ref,
    }),
  },
  ToleratedFailurePercentage: {
    name: 'ToleratedFailurePercentage',
    state: MAP,
    place: (ref, language) => ({
      ...MAP_OVER_ITEMS(language),
      [language === 'JSONPath' ? 'ToleratedFailurePercentagePath' : 'ToleratedFailurePercentage']: ref,
    }),
  },
  Items: { name: 'Items', state: MAP, place: key('ItemsPath', 'Items') },
  MaxItemsPerBatch: {
    name: 'MaxItemsPerBatch',
    state: { ...MAP, ItemProcessor: DISTRIBUTED },
    place: (ref, language) => ({
      ...MAP_OVER_ITEMS(language),
      ItemBatcher: { [language === 'JSONPath' ? 'MaxItemsPerBatchPath' : 'MaxItemsPerBatch']: ref },
    }),
  },
  MaxInputBytesPerBatch: {
    name: 'MaxInputBytesPerBatch',
    state: { ...MAP, ItemProcessor: DISTRIBUTED },
    place: (ref, language) => ({
      ...MAP_OVER_ITEMS(language),
      ItemBatcher: { [language === 'JSONPath' ? 'MaxInputBytesPerBatchPath' : 'MaxInputBytesPerBatch']: ref },
    }),
  },
  MaxItems: {
    name: 'MaxItems',
    state: { ...MAP, ItemProcessor: DISTRIBUTED },
    place: (ref, language) => ({
      ItemReader: {
        ...READER,
        ReaderConfig: {
          ...READER.ReaderConfig,
          [language === 'JSONPath' ? 'MaxItemsPath' : 'MaxItems']: ref,
        },
        ...(language === 'JSONPath'
          ? { Parameters: { Bucket: 'b', Key: 'k' } }
          : { Arguments: { Bucket: 'b', Key: 'k' } }),
      },
    }),
  },
};

/** The state's name in the machine: W(ait), T(ask) or M(ap). */
function stateName(field: FieldCase): string {
  return String(field.state.Type).charAt(0);
}

function machineFor(field: FieldCase, language: Language): StateMachine {
  const state = { ...field.state, ...field.place(reference(language), language) };
  return {
    StartAt: stateName(field),
    States: { [stateName(field)]: state },
    ...(language === 'JSONata' ? { QueryLanguage: 'JSONata' } : {}),
  } as unknown as StateMachine;
}

async function run(field: FieldCase, language: Language, value: Value): Promise<ExecutionResult> {
  const input: Record<string, Json> = { items: [1, 2, 3] };
  if (value !== MISSING) input.v = value;
  const { result } = await runLocally(machineFor(field, language), input, {
    runTask: () => Promise.resolve({}),
    readItems: () => Promise.resolve({ items: [1, 2, 3] }),
  });
  return result;
}

function prefix(field: FieldCase): string {
  return `An error occurred while executing the state '${stateName(field)}' (entered at the event id #2). `;
}

type Bad = readonly [label: string, value: Value, error: string, cause: string];

const RUNTIME = 'States.Runtime';
const QUERY = 'States.QueryEvaluationError';
const READER_FAILED = 'States.ItemReaderFailed';

/** A cause of the Map/Task family: 'The XPath field refers to value "v" which is not a valid integer: $.v'. */
function refersTo(field: string, shown: string, kind = 'integer'): string {
  return `The ${field}Path field refers to value "${shown}" which is not a valid ${kind}: $.v`;
}

const INVALID_PATH = "Invalid path '$.v' : No results for path: $['v']";

/** The wrong JSON types every numeric `...Path` of the Map/Task family rejects. */
function refersToTypes(field: string, kind = 'integer'): Bad[] {
  return [
    ['selects nothing', MISSING, RUNTIME, INVALID_PATH],
    ['null', null, RUNTIME, refersTo(field, 'null', kind)],
    ['a word', 'abc', RUNTIME, refersTo(field, 'abc', kind)],
    ['a hexadecimal string', '0x10', RUNTIME, refersTo(field, '0x10', kind)],
    ['a boolean', true, RUNTIME, refersTo(field, 'true', kind)],
    ['an object', { a: 1 }, RUNTIME, refersTo(field, '{"a":1}', kind)],
    ['an array', [1], RUNTIME, refersTo(field, '[1]', kind)],
  ];
}

const JSONPATH_CASES: Record<string, { readonly bad: readonly Bad[]; readonly good: readonly Json[] }> = {
  Seconds: {
    bad: [
      [
        'selects nothing',
        MISSING,
        RUNTIME,
        'The SecondsPath parameter does not reference an input value: $.v',
      ],
      ['null', null, RUNTIME, 'The SecondsPath parameter cannot be parsed as a long value: $.v == null'],
      ['negative', -1, RUNTIME, 'The SecondsPath parameter references a negative value: $.v == -1'],
      ['fractional', 1.5, RUNTIME, 'The SecondsPath parameter cannot be parsed as a long value: $.v == 1.5'],
      [
        'negative and fractional',
        -1.5,
        RUNTIME,
        'The SecondsPath parameter cannot be parsed as a long value: $.v == -1.5',
      ],
      ['a word', 'abc', RUNTIME, 'The SecondsPath parameter cannot be parsed as a long value: $.v == abc'],
      [
        'a numeric string',
        '5',
        RUNTIME,
        'The SecondsPath parameter cannot be parsed as a long value: $.v == 5',
      ],
      ['a boolean', true, RUNTIME, 'The SecondsPath parameter cannot be parsed as a long value: $.v == true'],
      ['an object', {}, RUNTIME, 'The SecondsPath parameter cannot be parsed as a long value: $.v == {}'],
      ['an array', [1], RUNTIME, 'The SecondsPath parameter cannot be parsed as a long value: $.v == [1]'],
      ['above 99999999', 100_000_000, RUNTIME, 'Seconds must be between 0 and 99999999.'],
    ],
    good: [0, 1, 99_999_999],
  },
  Timestamp: {
    bad: [
      [
        'selects nothing',
        MISSING,
        RUNTIME,
        'The TimestampPath parameter does not reference an input value: $.v',
      ],
      ...(
        [
          ['null', null, 'null'],
          ['a number', 5, '5'],
          ['a boolean', true, 'true'],
          ['an object', {}, '{}'],
          ['month 13', '2016-13-05T21:29:29Z', '2016-13-05T21:29:29Z'],
          ['hour 25', '2016-12-05T25:29:29Z', '2016-12-05T25:29:29Z'],
          ['minute 60', '2016-12-05T21:60:29Z', '2016-12-05T21:60:29Z'],
          ['Feb 30', '2016-02-30T00:00:00Z', '2016-02-30T00:00:00Z'],
          ['no zone', '2016-12-05T21:29:29', '2016-12-05T21:29:29'],
          ['fractions but no zone', '2016-12-05T21:29:29.000000', '2016-12-05T21:29:29.000000'],
          ['no T', '2016-12-05 21:29:29Z', '2016-12-05 21:29:29Z'],
          ['not ISO order', '05-12-2016T21:29:29Z', '05-12-2016T21:29:29Z'],
        ] as const
      ).map(([label, value, shown]): Bad => [
        label,
        value,
        RUNTIME,
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.v == ${shown}`,
      ]),
    ],
    good: ['2016-03-14T01:59:00Z', '2016-03-05T21:29:29.243167252Z', '2016-03-14T01:59:00.000+01:00'],
  },
  TimeoutSeconds: {
    bad: [
      ...refersToTypes('TimeoutSeconds'),
      ['fractional', 1.5, RUNTIME, refersTo('TimeoutSeconds', '1.5')],
      ['a fractional string', '1.5', RUNTIME, refersTo('TimeoutSeconds', '1.5')],
      ['zero', 0, RUNTIME, 'TimeoutSeconds must be between 1 and 99999999.'],
      ['negative', -1, RUNTIME, 'TimeoutSeconds must be between 1 and 99999999.'],
      ['above 99999999', 100_000_000, RUNTIME, 'TimeoutSeconds must be between 1 and 99999999.'],
    ],
    good: [1, '30', 99_999_999],
  },
  HeartbeatSeconds: {
    bad: [
      ...refersToTypes('HeartbeatSeconds'),
      ['fractional', 2.5, RUNTIME, refersTo('HeartbeatSeconds', '2.5')],
      ['zero', 0, RUNTIME, 'HeartbeatSeconds must be between 1 and 99999999.'],
      ['above 99999999', 100_000_000, RUNTIME, 'HeartbeatSeconds must be between 1 and 99999999.'],
    ],
    good: [1, '30'],
  },
  MaxConcurrency: {
    bad: [
      ...refersToTypes('MaxConcurrency'),
      ['fractional', 1.5, RUNTIME, refersTo('MaxConcurrency', '1.5')],
      ['negative', -1, RUNTIME, 'MaxConcurrency cannot be negative.'],
      ['a negative string', '-1', RUNTIME, 'MaxConcurrency cannot be negative.'],
    ],
    good: [0, 1, '2', 1000],
  },
  ToleratedFailureCount: {
    bad: [
      ...refersToTypes('ToleratedFailureCount'),
      ['fractional', 0.5, RUNTIME, refersTo('ToleratedFailureCount', '0.5')],
      ['negative', -1, RUNTIME, 'ToleratedFailureCount cannot be negative.'],
    ],
    good: [0, 1, '3'],
  },
  ToleratedFailurePercentage: {
    bad: [
      ...refersToTypes('ToleratedFailurePercentage', 'float'),
      ['negative', -1, RUNTIME, 'ToleratedFailurePercentage must be between 0 and 100.'],
      ['just under 0', -0.1, RUNTIME, 'ToleratedFailurePercentage must be between 0 and 100.'],
      ['over 100', 100.1, RUNTIME, 'ToleratedFailurePercentage must be between 0 and 100.'],
      ['a string over 100', '101', RUNTIME, 'ToleratedFailurePercentage must be between 0 and 100.'],
    ],
    good: [0, 1.5, '12.5', 100],
  },
  Items: {
    bad: [
      ['selects nothing', MISSING, RUNTIME, INVALID_PATH],
      ['null', null, RUNTIME, 'The ItemsPath field must point to a JSON array, but it was null: null'],
      ['a number', 5, RUNTIME, 'The ItemsPath field must point to a JSON array, but it was number: 5'],
      [
        'a string',
        'abc',
        RUNTIME,
        'The ItemsPath field must point to a JSON array, but it was string: "abc"',
      ],
      [
        'a boolean',
        false,
        RUNTIME,
        'The ItemsPath field must point to a JSON array, but it was boolean: false',
      ],
      [
        'an object',
        { a: 1 },
        RUNTIME,
        'The ItemsPath field must point to a JSON array, but it was object: {"a":1}',
      ],
    ],
    good: [[], [1, 2]],
  },
  MaxItemsPerBatch: {
    bad: [
      ...refersToTypes('MaxItemsPerBatch'),
      ['fractional', 1.5, RUNTIME, refersTo('MaxItemsPerBatch', '1.5')],
      ['zero', 0, RUNTIME, 'MaxItemsPerBatch must be positive.'],
      ['negative', -2, RUNTIME, 'MaxItemsPerBatch must be positive.'],
    ],
    good: [1, '2'],
  },
  MaxInputBytesPerBatch: {
    bad: [
      ...refersToTypes('MaxInputBytesPerBatch'),
      ['zero', 0, RUNTIME, 'MaxInputBytesPerBatch must be between 1 and 262144.'],
      ['above 256 KiB', 262_145, RUNTIME, 'MaxInputBytesPerBatch must be between 1 and 262144.'],
    ],
    good: [1, 262_144],
  },
  MaxItems: {
    bad: [
      ['selects nothing', MISSING, RUNTIME, INVALID_PATH],
      [
        'null',
        null,
        READER_FAILED,
        "The MaxItemsPath field refers to value 'null' which is not a valid integer: $.v",
      ],
      [
        'a word',
        'abc',
        READER_FAILED,
        "The MaxItemsPath field refers to value 'abc' which is not a valid integer: $.v",
      ],
      [
        'a numeric string',
        '2',
        READER_FAILED,
        "The MaxItemsPath field refers to value '2' which is not a valid integer: $.v",
      ],
      [
        'fractional',
        1.5,
        READER_FAILED,
        "The MaxItemsPath field refers to value '1.5' which is not a valid integer: $.v",
      ],
      [
        'an object',
        {},
        READER_FAILED,
        "The MaxItemsPath field refers to value '{}' which is not a valid integer: $.v",
      ],
      ['negative', -1, READER_FAILED, 'field MaxItems must be positive'],
    ],
    good: [0, 2, 100_000_001],
  },
};

/** A JSONata cause: "The JSONata expression '$states.input.v' specified for the field 'F' ...". */
function jsonata(field: string, rest: string): string {
  return `The JSONata expression '$states.input.v' specified for the field '${field}' ${rest}`;
}

function unexpected(field: string, expected: string, actual: string, shown: string): string {
  return jsonata(
    field,
    `returned an unexpected result type. Expected '${expected}', but was '${actual}' for value: ${shown}`,
  );
}

/** The wrong JSON types every numeric JSONata field rejects. */
function jsonataTypes(field: string, expected = 'integer'): Bad[] {
  return [
    ['returns nothing', MISSING, QUERY, jsonata(field, 'returned nothing (undefined).')],
    ['null', null, QUERY, unexpected(field, expected, 'null', 'null')],
    ['a string', 'abc', QUERY, unexpected(field, expected, 'string', '"abc"')],
    ['a numeric string', '5', QUERY, unexpected(field, expected, 'string', '"5"')],
    ['a boolean', true, QUERY, unexpected(field, expected, 'boolean', 'true')],
    ['an object', { a: 1 }, QUERY, unexpected(field, expected, 'object', '{"a":1}')],
    ['an array', [1], QUERY, unexpected(field, expected, 'array', '[1]')],
  ];
}

function fraction(field: string, value: number): Bad {
  return ['fractional', value, QUERY, unexpected(field, 'integer', 'number', String(value))];
}

const JSONATA_CASES: Record<string, { readonly bad: readonly Bad[]; readonly good: readonly Json[] }> = {
  Seconds: {
    bad: [
      ...jsonataTypes('Seconds'),
      fraction('Seconds', 1.5),
      ['negative', -1, QUERY, 'Seconds must be between 0 and 99999999.'],
      ['above 99999999', 100_000_000, QUERY, 'Seconds must be between 0 and 99999999.'],
    ],
    good: [0, 5],
  },
  Timestamp: {
    bad: [
      ['returns nothing', MISSING, QUERY, jsonata('Timestamp', 'returned nothing (undefined).')],
      ['null', null, QUERY, unexpected('Timestamp', 'string', 'null', 'null')],
      ['a number', 5, QUERY, unexpected('Timestamp', 'string', 'number', '5')],
      ...['2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '2016-02-30T00:00:00Z', '2016-12-05T21:29:29'].map(
        (text): Bad => [
          text,
          text,
          QUERY,
          `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${text}`,
        ],
      ),
    ],
    good: ['2016-03-14T01:59:00Z', '2016-03-14T01:59:00-05:00'],
  },
  TimeoutSeconds: {
    bad: [
      ...jsonataTypes('TimeoutSeconds'),
      fraction('TimeoutSeconds', 2.5),
      ['zero', 0, QUERY, 'TimeoutSeconds must be between 1 and 99999999.'],
      ['above 99999999', 100_000_000, QUERY, 'TimeoutSeconds must be between 1 and 99999999.'],
    ],
    good: [1, 30],
  },
  HeartbeatSeconds: {
    bad: [
      ...jsonataTypes('HeartbeatSeconds'),
      fraction('HeartbeatSeconds', 2.5),
      ['negative', -5, QUERY, 'HeartbeatSeconds must be between 1 and 99999999.'],
    ],
    good: [1],
  },
  MaxConcurrency: {
    bad: [
      ...jsonataTypes('MaxConcurrency'),
      fraction('MaxConcurrency', 1.5),
      ['negative', -1, QUERY, 'MaxConcurrency cannot be negative.'],
    ],
    good: [0, 2],
  },
  ToleratedFailureCount: {
    bad: [
      ...jsonataTypes('ToleratedFailureCount'),
      fraction('ToleratedFailureCount', 0.5),
      ['negative', -1, QUERY, 'ToleratedFailureCount cannot be negative.'],
    ],
    good: [0, 3],
  },
  ToleratedFailurePercentage: {
    bad: [
      ...jsonataTypes('ToleratedFailurePercentage', 'number'),
      ['negative', -1, QUERY, 'ToleratedFailurePercentage must be between 0 and 100.'],
      ['over 100', 100.5, QUERY, 'ToleratedFailurePercentage must be between 0 and 100.'],
    ],
    good: [0, 12.5, 100],
  },
  Items: {
    bad: [
      ['returns nothing', MISSING, QUERY, jsonata('Items', 'returned nothing (undefined).')],
      ['null', null, QUERY, unexpected('Items', 'array', 'null', 'null')],
      ['a number', 1, QUERY, unexpected('Items', 'array', 'number', '1')],
      ['a string', 'string', QUERY, unexpected('Items', 'array', 'string', '"string"')],
      ['a boolean', true, QUERY, unexpected('Items', 'array', 'boolean', 'true')],
      ['an object', { foo: 'bar' }, QUERY, unexpected('Items', 'array', 'object', '{"foo":"bar"}')],
    ],
    good: [[], [1, 2]],
  },
  MaxItemsPerBatch: {
    bad: [...jsonataTypes('MaxItemsPerBatch'), ['zero', 0, QUERY, 'MaxItemsPerBatch must be positive.']],
    good: [1, 2],
  },
  MaxInputBytesPerBatch: {
    bad: [
      ...jsonataTypes('MaxInputBytesPerBatch'),
      ['above 256 KiB', 300_000, QUERY, 'MaxInputBytesPerBatch must be between 1 and 262144.'],
    ],
    good: [1024],
  },
  MaxItems: {
    bad: [...jsonataTypes('MaxItems'), ['negative', -1, QUERY, 'MaxItems cannot be negative.']],
    good: [0, 2],
  },
};

describe.each(['JSONPath', 'JSONata'] as const)('run-time fields in %s', (language) => {
  const cases = language === 'JSONPath' ? JSONPATH_CASES : JSONATA_CASES;

  describe.each(Object.keys(cases))('%s', (name) => {
    const field = FIELDS[name];
    const { bad, good } = cases[name];

    it.each(bad.map((b) => [b[0], b] as const))(
      'fails when the value is %s',
      async (_, [, value, error, cause]) => {
        await expect(run(field, language, value)).resolves.toEqual({
          status: 'FAILED',
          error,
          cause: prefix(field) + cause,
        });
      },
    );

    it.each(good.map((g) => [JSON.stringify(g), g] as const))('runs with %s', async (_, value) => {
      await expect(run(field, language, value)).resolves.toMatchObject({ status: 'SUCCEEDED' });
    });
  });
});

describe('the bounds of a run-time integer field', () => {
  it('accept exactly the integers in range, whatever the field', async () => {
    const limits: Record<string, readonly [number, number]> = {
      Seconds: [0, 99_999_999],
      TimeoutSeconds: [1, 99_999_999],
      MaxConcurrency: [0, Number.MAX_SAFE_INTEGER],
      MaxInputBytesPerBatch: [1, 262_144],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(limits)),
        fc.constantFrom<Language>('JSONPath', 'JSONata'),
        fc.oneof(
          fc.integer({ min: -1_000, max: 1_000 }),
          fc.integer({ min: 262_000, max: 263_000 }),
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
        ),
        async (name, language, value) => {
          const [min, max] = limits[name];
          const inRange = Number.isInteger(value) && value >= min && value <= max;
          const result = await run(FIELDS[name], language, value);
          return inRange ? result.status === 'SUCCEEDED' : result.status === 'FAILED';
        },
      ),
      { numRuns: 150 },
    );
  });
});
