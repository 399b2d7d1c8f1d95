/**
 * The JSON schema of ASL's shapes: which fields each state type has and what type each field's value is, per query
 * language. Cross-field rules (Next xor End, mutually exclusive fields, paths, graph) are code, in `validate-*.ts`.
 * Schemas are built by functions so each (state type, query language) pair gets its own flat, readable schema, and
 * ajv's errors stay specific (no `oneOf` over state types).
 */
import { parseTimestamp } from '../expressions/timestamp-syntax';
import type { QueryLanguage, StateType } from '../types';

/** A JSON schema, as ajv takes it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The state types, in the order messages list them. */
export const STATE_TYPES: readonly StateType[] = [
  'Task',
  'Pass',
  'Choice',
  'Wait',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
];

/** AWS's upper bound for second counts and attempt counts. */
const MAX_SECONDS = 99_999_999;

/** A JSONata expression string: `{%` ... `%}`. */
export const JSONATA_PATTERN = '^\\{%[\\s\\S]*%\\}$';

/** A string format the schema checks with code (ajv's `format`), and how AWS reports a value that fails it. */
export interface StringFormat {
  readonly validate: (value: string) => boolean;
  /** AWS's whole message for a value that fails the format. */
  readonly message: string;
}

const JSONATA = new RegExp(JSONATA_PATTERN);

/**
 * The formats the schema uses. A Wait `Timestamp` must be a real RFC 3339 date and time (no month 13, hour 25 or
 * Feb 30), which a pattern alone cannot tell; in JSONata it may be an expression instead.
 */
export const STRING_FORMATS: Readonly<Record<string, StringFormat>> = {
  timestamp: {
    validate: (value) => parseTimestamp(value) !== undefined,
    message: 'String does not match RFC3339 timestamp',
  },
  'timestamp-or-jsonata': {
    validate: (value) => JSONATA.test(value) || parseTimestamp(value) !== undefined,
    message: 'String does not match RFC3339 timestamp',
  },
};

const string: JsonSchema = { type: 'string' };
const nonEmptyString: JsonSchema = { type: 'string', minLength: 1 };
const object: JsonSchema = { type: 'object' };
const anything: JsonSchema = {};
const pathOrNull: JsonSchema = { type: ['string', 'null'] };
const queryLanguage: JsonSchema = { enum: ['JSONPath', 'JSONata'] };

/** An integer in a range; in JSONata also a `{% %}` expression string. */
function integer(language: QueryLanguage, minimum: number, maximum?: number): JsonSchema {
  const range = { minimum, ...(maximum === undefined ? {} : { maximum }) };
  if (language === 'JSONPath') return { type: 'integer', ...range };
  return {
    type: ['integer', 'string'],
    ...range,
    pattern: JSONATA_PATTERN,
    errorText: "an integer or a JSONata expression string ('{% ... %}')",
  };
}

/** A number in a range; in JSONata also a `{% %}` expression string. */
function number(language: QueryLanguage, minimum: number, maximum: number): JsonSchema {
  if (language === 'JSONPath') return { type: 'number', minimum, maximum };
  return {
    type: ['number', 'string'],
    minimum,
    maximum,
    pattern: JSONATA_PATTERN,
    errorText: "a number or a JSONata expression string ('{% ... %}')",
  };
}

/** An object; in JSONata also a `{% %}` expression string. */
function objectOrExpression(language: QueryLanguage): JsonSchema {
  if (language === 'JSONPath') return object;
  return {
    type: ['object', 'string'],
    pattern: JSONATA_PATTERN,
    errorText: "an object or a JSONata expression string ('{% ... %}')",
  };
}

/** A closed object: only the listed properties. */
function closed(properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The fields of one query language, with the other language's fields accepted as anything (code reports them). */
function byLanguage(
  language: QueryLanguage,
  jsonPath: Record<string, JsonSchema>,
  jsonata: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
  const [own, other] = language === 'JSONPath' ? [jsonPath, jsonata] : [jsonata, jsonPath];
  const loose = Object.fromEntries(Object.keys(other).map((k) => [k, anything]));
  return { ...loose, ...own };
}

/** A retrier in `Retry`. */
const retrier: JsonSchema = closed(
  {
    ErrorEquals: { type: 'array', minItems: 1, items: nonEmptyString },
    IntervalSeconds: { type: 'integer', minimum: 1, maximum: MAX_SECONDS },
    MaxAttempts: { type: 'integer', minimum: 0, maximum: MAX_SECONDS },
    BackoffRate: { type: 'number', minimum: 1 },
    MaxDelaySeconds: { type: 'integer', minimum: 1, maximum: MAX_SECONDS },
    JitterStrategy: { enum: ['FULL', 'NONE'] },
    Comment: string,
  },
  ['ErrorEquals'],
);

/** A catcher in `Catch`. */
function catcher(language: QueryLanguage): JsonSchema {
  return closed(
    {
      ErrorEquals: { type: 'array', minItems: 1, items: nonEmptyString },
      Next: nonEmptyString,
      Comment: string,
      Assign: object,
      ...byLanguage(language, { ResultPath: pathOrNull }, { Output: anything }),
    },
    ['ErrorEquals', 'Next'],
  );
}

/** A nested machine's own fields; its `States` are checked one by one by the validator. */
function subMachine(extra: Record<string, JsonSchema> = {}): JsonSchema {
  return closed(
    { Comment: string, StartAt: nonEmptyString, States: object, QueryLanguage: queryLanguage, ...extra },
    ['StartAt', 'States'],
  );
}

/** A Map's `ItemProcessor` (or legacy `Iterator`). */
const itemProcessor: JsonSchema = subMachine({
  ProcessorConfig: closed({
    Mode: { enum: ['INLINE', 'DISTRIBUTED'] },
    ExecutionType: { enum: ['STANDARD', 'EXPRESS'] },
  }),
});

/** The top level of a state machine. */
export function machineSchema(): JsonSchema {
  return closed(
    {
      Comment: string,
      StartAt: nonEmptyString,
      States: object,
      TimeoutSeconds: { type: 'integer', minimum: 0, maximum: MAX_SECONDS },
      Version: { enum: ['1.0'] },
      QueryLanguage: queryLanguage,
    },
    ['StartAt', 'States'],
  );
}

/** A Parallel branch. */
export function branchSchema(): JsonSchema {
  return subMachine();
}

/** The fields every state of a type has, per query language, before its type's own fields. */
function common(type: StateType): Record<string, JsonSchema> {
  return { Type: { enum: [type] }, Comment: string, QueryLanguage: queryLanguage };
}

const transition: Record<string, JsonSchema> = { Next: nonEmptyString, End: { type: 'boolean' } };

function io(language: QueryLanguage, extra: Record<string, JsonSchema> = {}): Record<string, JsonSchema> {
  return byLanguage(
    language,
    { InputPath: pathOrNull, OutputPath: pathOrNull, ...extra },
    { Output: anything },
  );
}

function results(language: QueryLanguage): Record<string, JsonSchema> {
  return byLanguage(
    language,
    { Parameters: object, ResultSelector: object, ResultPath: pathOrNull },
    { Arguments: objectOrExpression(language) },
  );
}

function errorHandling(language: QueryLanguage): Record<string, JsonSchema> {
  return { Retry: { type: 'array', items: retrier }, Catch: { type: 'array', items: catcher(language) } };
}

/** The schema of one state type in one query language. */
export function stateSchema(type: StateType, language: QueryLanguage): JsonSchema {
  const base = common(type);
  const assign = { Assign: object };
  switch (type) {
    case 'Task':
      return closed(
        {
          ...base,
          ...transition,
          ...io(language),
          ...results(language),
          ...assign,
          ...errorHandling(language),
          Resource: { type: ['string', 'object'] },
          TimeoutSeconds: integer(language, 1, MAX_SECONDS),
          HeartbeatSeconds: integer(language, 1, MAX_SECONDS),
          Credentials: objectOrExpression(language),
          ...byLanguage(language, { TimeoutSecondsPath: string, HeartbeatSecondsPath: string }, {}),
        },
        ['Type', 'Resource'],
      );
    case 'Pass':
      return closed(
        {
          ...base,
          ...transition,
          // AWS takes any template shape here, arrays included (asl-validator#101).
          ...io(language, {
            Parameters: { type: ['object', 'array'] },
            ResultPath: pathOrNull,
            Result: anything,
          }),
          ...assign,
        },
        ['Type'],
      );
    case 'Choice':
      return closed(
        {
          ...base,
          ...io(language),
          ...assign,
          Choices: { type: 'array', minItems: 1, items: object },
          Default: nonEmptyString,
        },
        ['Type', 'Choices'],
      );
    case 'Wait':
      return closed(
        {
          ...base,
          ...transition,
          ...io(language, { SecondsPath: string, TimestampPath: string }),
          ...assign,
          Seconds: integer(language, 0, MAX_SECONDS),
          Timestamp: {
            type: 'string',
            format: language === 'JSONPath' ? 'timestamp' : 'timestamp-or-jsonata',
          },
        },
        ['Type'],
      );
    case 'Succeed':
      return closed({ ...base, ...io(language) }, ['Type']);
    case 'Fail':
      return closed(
        {
          ...base,
          Error: string,
          Cause: string,
          ...byLanguage(language, { ErrorPath: string, CausePath: string }, {}),
        },
        ['Type'],
      );
    case 'Parallel':
      return closed(
        {
          ...base,
          ...transition,
          ...io(language),
          ...results(language),
          ...assign,
          ...errorHandling(language),
          Branches: { type: 'array', minItems: 1, items: branchSchema() },
        },
        ['Type', 'Branches'],
      );
    case 'Map':
      return closed(
        {
          ...base,
          ...transition,
          ...io(language),
          ...byLanguage(
            language,
            {
              Parameters: object,
              ResultSelector: object,
              ResultPath: pathOrNull,
              ItemsPath: string,
              MaxConcurrencyPath: string,
              ToleratedFailureCountPath: string,
              ToleratedFailurePercentagePath: string,
            },
            {
              Items: {
                type: ['array', 'string'],
                pattern: JSONATA_PATTERN,
                errorText: "an array or a JSONata expression string ('{% ... %}')",
              },
            },
          ),
          ...assign,
          ...errorHandling(language),
          ItemProcessor: itemProcessor,
          Iterator: itemProcessor,
          ItemSelector: object,
          ItemReader: itemReader(language),
          ItemBatcher: itemBatcher(language),
          ResultWriter: resultWriter(language),
          MaxConcurrency: integer(language, 0),
          ToleratedFailureCount: integer(language, 0),
          ToleratedFailurePercentage: number(language, 0, 100),
          Label: string,
        },
        ['Type'],
      );
  }
}

function itemReader(language: QueryLanguage): JsonSchema {
  return closed(
    {
      Resource: nonEmptyString,
      ReaderConfig: closed({
        InputType: { enum: ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'] },
        CSVHeaderLocation: { enum: ['FIRST_ROW', 'GIVEN'] },
        CSVHeaders: { type: 'array', items: string },
        CSVDelimiter: { enum: ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'] },
        MaxItems: integer(language, 0),
        ...byLanguage(language, { MaxItemsPath: string }, {}),
      }),
      ...byLanguage(language, { Parameters: object }, { Arguments: objectOrExpression(language) }),
    },
    ['Resource'],
  );
}

function itemBatcher(language: QueryLanguage): JsonSchema {
  return closed({
    MaxItemsPerBatch: integer(language, 1),
    MaxInputBytesPerBatch: integer(language, 1, 262_144),
    BatchInput: anything,
    ...byLanguage(language, { MaxItemsPerBatchPath: string, MaxInputBytesPerBatchPath: string }, {}),
  });
}

function resultWriter(language: QueryLanguage): JsonSchema {
  return closed({
    Resource: nonEmptyString,
    WriterConfig: closed({
      OutputType: { enum: ['JSON', 'JSONL'] },
      Transformation: { enum: ['NONE', 'COMPACT', 'FLATTEN'] },
    }),
    ...byLanguage(language, { Parameters: object }, { Arguments: objectOrExpression(language) }),
  });
}
