import { type ComparisonOperator, type Json, type TypeTestOperator } from '../../src/asl/types';
import { evaluateChoiceCondition } from '../../src/dataflow/choice';
import { type Ref, resolve } from './path-ref';

/** A condition's operand: a value, or a {@link Ref} into the Choice's input (resolved with ASL's rules). */
export type Operand = Json | Ref;

// Each comparison runs the interpreter's own Choice rule on the value itself (`Variable: '$'`), so a wrong-typed
// operand is false and timestamps and StringMatches follow exactly the rules a Choice state applies. References
// resolve in order, the variable first, as the Choice reads them.
function rule(operator: ComparisonOperator | TypeTestOperator, value: Operand, operand: Operand): boolean {
  const left = resolve(value);
  return evaluateChoiceCondition(
    { Variable: '$', [operator]: resolve(operand) } as never,
    left,
    undefined as never,
  );
}

/** StringEquals: both strings, equal. */
export const stringEquals = (value: Operand, operand: Operand): boolean =>
  rule('StringEquals', value, operand);
/** StringLessThan. */
export const stringLessThan = (value: Operand, operand: Operand): boolean =>
  rule('StringLessThan', value, operand);
/** StringGreaterThan. */
export const stringGreaterThan = (value: Operand, operand: Operand): boolean =>
  rule('StringGreaterThan', value, operand);
/** StringLessThanEquals. */
export const stringLessThanEquals = (value: Operand, operand: Operand): boolean =>
  rule('StringLessThanEquals', value, operand);
/** StringGreaterThanEquals. */
export const stringGreaterThanEquals = (value: Operand, operand: Operand): boolean =>
  rule('StringGreaterThanEquals', value, operand);
/** StringMatches: ASL's `*` wildcard pattern with `\` escapes. */
export const stringMatches = (value: Operand, pattern: Operand): boolean =>
  rule('StringMatches', value, pattern);
/** NumericEquals: both numbers, equal. */
export const numericEquals = (value: Operand, operand: Operand): boolean =>
  rule('NumericEquals', value, operand);
/** NumericLessThan. */
export const numericLessThan = (value: Operand, operand: Operand): boolean =>
  rule('NumericLessThan', value, operand);
/** NumericGreaterThan. */
export const numericGreaterThan = (value: Operand, operand: Operand): boolean =>
  rule('NumericGreaterThan', value, operand);
/** NumericLessThanEquals. */
export const numericLessThanEquals = (value: Operand, operand: Operand): boolean =>
  rule('NumericLessThanEquals', value, operand);
/** NumericGreaterThanEquals. */
export const numericGreaterThanEquals = (value: Operand, operand: Operand): boolean =>
  rule('NumericGreaterThanEquals', value, operand);
/** BooleanEquals: both booleans, equal. */
export const booleanEquals = (value: Operand, operand: Operand): boolean =>
  rule('BooleanEquals', value, operand);
/** TimestampEquals: both ISO-8601 timestamps, the same instant. */
export const timestampEquals = (value: Operand, operand: Operand): boolean =>
  rule('TimestampEquals', value, operand);
/** TimestampLessThan. */
export const timestampLessThan = (value: Operand, operand: Operand): boolean =>
  rule('TimestampLessThan', value, operand);
/** TimestampGreaterThan. */
export const timestampGreaterThan = (value: Operand, operand: Operand): boolean =>
  rule('TimestampGreaterThan', value, operand);
/** TimestampLessThanEquals. */
export const timestampLessThanEquals = (value: Operand, operand: Operand): boolean =>
  rule('TimestampLessThanEquals', value, operand);
/** TimestampGreaterThanEquals. */
export const timestampGreaterThanEquals = (value: Operand, operand: Operand): boolean =>
  rule('TimestampGreaterThanEquals', value, operand);
/** IsNull. */
export const isNull = (value: Operand): boolean => resolve(value) === null;
/** IsNumeric. */
export const isNumeric = (value: Operand): boolean => typeof resolve(value) === 'number';
/** IsString. */
export const isString = (value: Operand): boolean => typeof resolve(value) === 'string';
/** IsBoolean. */
export const isBoolean = (value: Operand): boolean => typeof resolve(value) === 'boolean';
/** IsTimestamp: a string in ASL's ISO-8601 timestamp form. */
export const isTimestamp = (value: Operand): boolean => rule('IsTimestamp', value, true);
export { isPresent } from './path-ref';
