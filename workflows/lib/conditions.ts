import { type ComparisonOperator, type Json, type TypeTestOperator } from '../../src/asl/types';
import { evaluateChoiceCondition } from '../../src/dataflow/choice';

// Each comparison runs the interpreter's own Choice rule on the value itself (`Variable: '$'`), so a wrong-typed
// operand is false and timestamps and StringMatches follow exactly the rules a Choice state applies.
function rule(operator: ComparisonOperator | TypeTestOperator, value: Json, operand: Json): boolean {
  return evaluateChoiceCondition({ Variable: '$', [operator]: operand } as never, value, undefined as never);
}

/** StringEquals: both strings, equal. */
export const stringEquals = (value: Json, operand: Json): boolean => rule('StringEquals', value, operand);
/** StringLessThan. */
export const stringLessThan = (value: Json, operand: Json): boolean => rule('StringLessThan', value, operand);
/** StringGreaterThan. */
export const stringGreaterThan = (value: Json, operand: Json): boolean =>
  rule('StringGreaterThan', value, operand);
/** StringLessThanEquals. */
export const stringLessThanEquals = (value: Json, operand: Json): boolean =>
  rule('StringLessThanEquals', value, operand);
/** StringGreaterThanEquals. */
export const stringGreaterThanEquals = (value: Json, operand: Json): boolean =>
  rule('StringGreaterThanEquals', value, operand);
/** StringMatches: ASL's `*` wildcard pattern with `\` escapes. */
export const stringMatches = (value: Json, pattern: Json): boolean => rule('StringMatches', value, pattern);
/** NumericEquals: both numbers, equal. */
export const numericEquals = (value: Json, operand: Json): boolean => rule('NumericEquals', value, operand);
/** NumericLessThan. */
export const numericLessThan = (value: Json, operand: Json): boolean =>
  rule('NumericLessThan', value, operand);
/** NumericGreaterThan. */
export const numericGreaterThan = (value: Json, operand: Json): boolean =>
  rule('NumericGreaterThan', value, operand);
/** NumericLessThanEquals. */
export const numericLessThanEquals = (value: Json, operand: Json): boolean =>
  rule('NumericLessThanEquals', value, operand);
/** NumericGreaterThanEquals. */
export const numericGreaterThanEquals = (value: Json, operand: Json): boolean =>
  rule('NumericGreaterThanEquals', value, operand);
/** BooleanEquals: both booleans, equal. */
export const booleanEquals = (value: Json, operand: Json): boolean => rule('BooleanEquals', value, operand);
/** TimestampEquals: both ISO-8601 timestamps, the same instant. */
export const timestampEquals = (value: Json, operand: Json): boolean =>
  rule('TimestampEquals', value, operand);
/** TimestampLessThan. */
export const timestampLessThan = (value: Json, operand: Json): boolean =>
  rule('TimestampLessThan', value, operand);
/** TimestampGreaterThan. */
export const timestampGreaterThan = (value: Json, operand: Json): boolean =>
  rule('TimestampGreaterThan', value, operand);
/** TimestampLessThanEquals. */
export const timestampLessThanEquals = (value: Json, operand: Json): boolean =>
  rule('TimestampLessThanEquals', value, operand);
/** TimestampGreaterThanEquals. */
export const timestampGreaterThanEquals = (value: Json, operand: Json): boolean =>
  rule('TimestampGreaterThanEquals', value, operand);
/** IsNull. */
export const isNull = (value: Json): boolean => value === null;
/** IsNumeric. */
export const isNumeric = (value: Json): boolean => typeof value === 'number';
/** IsString. */
export const isString = (value: Json): boolean => typeof value === 'string';
/** IsBoolean. */
export const isBoolean = (value: Json): boolean => typeof value === 'boolean';
/** IsTimestamp: a string in ASL's ISO-8601 timestamp form. */
export const isTimestamp = (value: Json): boolean => rule('IsTimestamp', value, true);
