/**
 * The Amazon States Language as TypeScript types. Field names are ASL's own, so a validated definition *is* the
 * model: the parser checks a JSON value and narrows it to {@link StateMachine}; nothing is renamed.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** The two query languages a machine or a state can use. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A `{% ... %}` JSONata expression string. */
export type JsonataString = string;

/** The top level of a state machine. */
export interface StateMachine {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly TimeoutSeconds?: number;
  readonly Version?: string;
  readonly QueryLanguage?: QueryLanguage;
}

/** A nested machine: a Parallel branch or a Map's ItemProcessor (no TimeoutSeconds or Version). */
export interface SubMachine {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly QueryLanguage?: QueryLanguage;
}

/** Every state type. */
export type State =
  TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/** The `Type` field values. */
export type StateType = State['Type'];

/** `Next` and `End` are mutually exclusive: exactly one of them ends a non-terminal state. */
export type Transition =
  { readonly Next: string; readonly End?: never } | { readonly End: true; readonly Next?: never };

/** Fields every state has. */
interface StateBase {
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguage;
}

/** JSONPath-only input/output fields (InputPath and OutputPath). */
interface PathFields {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** Fields of states that produce a result (Task, Parallel, Map). */
interface ResultFields {
  readonly ResultSelector?: JsonObject;
  readonly ResultPath?: string | null;
}

/** JSONata-only fields. */
interface JsonataFields {
  readonly Output?: Json;
}

/** `Assign`: variables set when the state exits (both query languages). */
interface AssignFields {
  readonly Assign?: JsonObject;
}

/** The ASL name of an error and the policy for retrying it. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
  readonly Comment?: string;
}

/** Where an error goes when caught. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: Json;
  readonly Assign?: JsonObject;
  readonly Comment?: string;
}

/** Retry and Catch, on Task, Parallel and Map. */
interface ErrorHandlingFields {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

/** A Task: runs one unit of work (a Lambda, a service integration, an activity). */
export type TaskState = StateBase &
  PathFields &
  ResultFields &
  JsonataFields &
  AssignFields &
  ErrorHandlingFields &
  Transition & {
    readonly Type: 'Task';
    readonly Resource: string;
    readonly Parameters?: JsonObject;
    readonly Arguments?: JsonObject | JsonataString;
    readonly TimeoutSeconds?: number | JsonataString;
    readonly TimeoutSecondsPath?: string;
    readonly HeartbeatSeconds?: number | JsonataString;
    readonly HeartbeatSecondsPath?: string;
    readonly Credentials?: JsonObject | JsonataString;
  };

/** A Pass: passes (or shapes) its input to its output. */
export type PassState = StateBase &
  PathFields &
  JsonataFields &
  AssignFields &
  Transition & {
    readonly Type: 'Pass';
    readonly Parameters?: JsonObject;
    readonly Result?: Json;
    readonly ResultPath?: string | null;
  };

/** The comparison operators of a JSONPath Choice rule, each with its `...Path` form. */
export const COMPARISON_OPERATORS = [
  'StringEquals',
  'StringLessThan',
  'StringGreaterThan',
  'StringLessThanEquals',
  'StringGreaterThanEquals',
  'StringMatches',
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals',
  'TimestampLessThan',
  'TimestampGreaterThan',
  'TimestampLessThanEquals',
  'TimestampGreaterThanEquals',
] as const;

/** A comparison operator name without `Path`. */
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** The type tests of a JSONPath Choice rule. */
export const TYPE_TEST_OPERATORS = [
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
] as const;

/** A type test name. */
export type TypeTestOperator = (typeof TYPE_TEST_OPERATORS)[number];

/**
 * One JSONPath Choice condition: a comparison of `Variable` with a literal (`StringEquals`) or with another path
 * (`StringEqualsPath`), a type test, or a combination (`And`, `Or`, `Not`). Exactly one operator per rule.
 */
export type ChoiceCondition =
  | { readonly Variable: string; readonly [operator: string]: Json | undefined }
  | { readonly And: readonly ChoiceCondition[] }
  | { readonly Or: readonly ChoiceCondition[] }
  | { readonly Not: ChoiceCondition };

/** A top-level JSONPath Choice rule: a condition with a `Next`. */
export type JsonPathChoiceRule = ChoiceCondition & {
  readonly Next: string;
  readonly Comment?: string;
  readonly Assign?: JsonObject;
};

/** A JSONata Choice rule: a `{% %}` condition with a `Next`. */
export interface JsonataChoiceRule {
  readonly Condition: JsonataString | boolean;
  readonly Next: string;
  readonly Comment?: string;
  readonly Assign?: JsonObject;
  readonly Output?: Json;
}

/** A top-level Choice rule in either query language. */
export type ChoiceRule = JsonPathChoiceRule | JsonataChoiceRule;

/** A Choice: goes to the first rule's Next whose condition holds, else Default. */
export type ChoiceState = StateBase &
  PathFields &
  JsonataFields &
  AssignFields & {
    readonly Type: 'Choice';
    readonly Choices: readonly ChoiceRule[];
    readonly Default?: string;
  };

/** A Wait: waits for a duration or until a time, given literally or by path/expression. */
export type WaitState = StateBase &
  PathFields &
  JsonataFields &
  AssignFields &
  Transition & {
    readonly Type: 'Wait';
    readonly Seconds?: number | JsonataString;
    readonly SecondsPath?: string;
    readonly Timestamp?: string;
    readonly TimestampPath?: string;
  };

/** A Succeed: ends the machine (or branch) successfully. */
export type SucceedState = StateBase &
  PathFields &
  JsonataFields & {
    readonly Type: 'Succeed';
  };

/** A Fail: ends the machine with an error and cause. */
export type FailState = StateBase & {
  readonly Type: 'Fail';
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
};

/** A Parallel: runs branches on the same input; its result is the array of their outputs. */
export type ParallelState = StateBase &
  PathFields &
  ResultFields &
  JsonataFields &
  AssignFields &
  ErrorHandlingFields &
  Transition & {
    readonly Type: 'Parallel';
    readonly Branches: readonly SubMachine[];
    readonly Parameters?: JsonObject;
    readonly Arguments?: JsonObject | JsonataString;
  };

/** How a Map runs its iterations. */
export interface ProcessorConfig {
  readonly Mode?: 'INLINE' | 'DISTRIBUTED';
  readonly ExecutionType?: 'STANDARD' | 'EXPRESS';
}

/** A Map's item processor (`ItemProcessor`, or the legacy `Iterator`). */
export type ItemProcessor = SubMachine & { readonly ProcessorConfig?: ProcessorConfig };

/** Where a Distributed Map reads its items. */
export interface ItemReader {
  readonly Resource: string;
  readonly ReaderConfig?: {
    readonly InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET';
    readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
    readonly CSVHeaders?: readonly string[];
    readonly CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
    readonly MaxItems?: number | JsonataString;
    readonly MaxItemsPath?: string;
  };
  readonly Parameters?: JsonObject;
  readonly Arguments?: JsonObject | JsonataString;
}

/** How a Map groups items into batches. */
export interface ItemBatcher {
  readonly MaxItemsPerBatch?: number | JsonataString;
  readonly MaxItemsPerBatchPath?: string;
  readonly MaxInputBytesPerBatch?: number | JsonataString;
  readonly MaxInputBytesPerBatchPath?: string;
  readonly BatchInput?: Json;
}

/** Where a Distributed Map writes its results. */
export interface ResultWriter {
  readonly Resource?: string;
  readonly Parameters?: JsonObject;
  readonly Arguments?: JsonObject | JsonataString;
  readonly WriterConfig?: {
    readonly OutputType?: 'JSON' | 'JSONL';
    readonly Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN';
  };
}

/** A Map: runs its processor once per item of an array. */
export type MapState = StateBase &
  PathFields &
  ResultFields &
  JsonataFields &
  AssignFields &
  ErrorHandlingFields &
  Transition & {
    readonly Type: 'Map';
    readonly ItemProcessor?: ItemProcessor;
    /** Legacy name of ItemProcessor. */
    readonly Iterator?: ItemProcessor;
    readonly ItemsPath?: string;
    readonly Items?: Json[] | JsonataString;
    readonly ItemSelector?: JsonObject;
    /** Legacy name of ItemSelector. */
    readonly Parameters?: JsonObject;
    readonly ItemReader?: ItemReader;
    readonly ItemBatcher?: ItemBatcher;
    readonly ResultWriter?: ResultWriter;
    readonly MaxConcurrency?: number | JsonataString;
    readonly MaxConcurrencyPath?: string;
    readonly ToleratedFailureCount?: number | JsonataString;
    readonly ToleratedFailureCountPath?: string;
    readonly ToleratedFailurePercentage?: number | JsonataString;
    readonly ToleratedFailurePercentagePath?: string;
    readonly Label?: string;
  };

/** The states that may carry Retry and Catch. */
export type RetryableState = TaskState | ParallelState | MapState;

/** Throws at compile time when a switch over a union misses a member. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/** The query language in force for a state: its own, else the machine's, else JSONPath. */
export function queryLanguageOf(
  state: { readonly QueryLanguage?: QueryLanguage },
  machine?: QueryLanguage,
): QueryLanguage {
  return state.QueryLanguage ?? machine ?? 'JSONPath';
}

/** The processor of a Map, under either its current or its legacy name. */
export function itemProcessorOf(state: MapState): ItemProcessor {
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new Error('A validated Map state always has an ItemProcessor or Iterator.');
  return processor;
}
