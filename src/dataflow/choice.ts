/**
 * JSONPath Choice conditions as AWS evaluates them: a comparison whose operand has the wrong type is simply false;
 * a `Variable` (or `...Path` operand) that selects nothing is a `States.Runtime` error, except for `IsPresent`.
 */
import type { ChoiceCondition, ComparisonOperator, Json, TypeTestOperator } from '../asl/types';
import { COMPARISON_OPERATORS, TYPE_TEST_OPERATORS } from '../asl/types';
import type { EvalEnv } from './env';
import { runtimeError } from './errors';
import { compilePath, evaluatePath } from './jsonpath';
import { compareInstants, parseTimestamp } from '../asl/expressions/timestamp-syntax';
import { stringMatches } from './string-matches';

/** Evaluates a condition (comparison, type test, And, Or, Not) against the state's input. */
export function evaluateChoiceCondition(condition: ChoiceCondition, input: Json, env: EvalEnv): boolean {
  // The union's index signature defeats `in` narrowing, so the composite forms are read through one view.
  const composite = condition as {
    readonly And?: readonly ChoiceCondition[];
    readonly Or?: readonly ChoiceCondition[];
    readonly Not?: ChoiceCondition;
  };
  if (composite.And) return composite.And.every((c) => evaluateChoiceCondition(c, input, env));
  if (composite.Or) return composite.Or.some((c) => evaluateChoiceCondition(c, input, env));
  if (composite.Not) return !evaluateChoiceCondition(composite.Not, input, env);
  const rule = condition as { readonly Variable: string; readonly [operator: string]: Json | undefined };
  const operator = operatorOf(rule);
  const outcome = evaluatePath(compilePath(rule.Variable), input, env);
  const operand = rule[operator] as Json;
  if (operator === 'IsPresent') return outcome.found === operand;
  if (!outcome.found) throw invalidConditionPath(rule.Variable);
  if (isTypeTest(operator)) return typeTest(operator, outcome.value) === operand;
  if (operator.endsWith('Path')) {
    const comparandPath = operand as string;
    const comparand = evaluatePath(compilePath(comparandPath), input, env);
    if (!comparand.found) throw invalidConditionPath(comparandPath);
    return compare(operator.slice(0, -'Path'.length) as ComparisonOperator, outcome.value, comparand.value);
  }
  return compare(operator as ComparisonOperator, outcome.value, operand);
}

/** AWS's message when a condition's path selects nothing. */
function invalidConditionPath(path: string): Error {
  return runtimeError(
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

const OPERATORS: ReadonlySet<string> = new Set([
  ...COMPARISON_OPERATORS,
  ...COMPARISON_OPERATORS.map((o) => `${o}Path`),
  ...TYPE_TEST_OPERATORS,
]);

// A rule's operator is found once per rule object (part of the validated definition), not once per evaluation.
const operators = new WeakMap<object, string>();

function operatorOf(rule: Readonly<Record<string, Json | undefined>>): string {
  const known = operators.get(rule);
  if (known !== undefined) return known;
  const operator = Object.keys(rule).find((key) => OPERATORS.has(key));
  if (!operator)
    throw runtimeError(`The choice rule on '${String(rule.Variable)}' has no comparison operator.`);
  operators.set(rule, operator);
  return operator;
}

function isTypeTest(operator: string): operator is TypeTestOperator {
  return (TYPE_TEST_OPERATORS as readonly string[]).includes(operator);
}

function typeTest(operator: TypeTestOperator, value: Json): boolean {
  switch (operator) {
    case 'IsNull':
      return value === null;
    case 'IsPresent':
      return true;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    case 'IsTimestamp':
      return typeof value === 'string' && parseTimestamp(value) !== undefined;
  }
}

/** A comparison; operands of the wrong type make it false rather than an error. */
function compare(operator: ComparisonOperator, value: Json, operand: Json): boolean {
  switch (operator) {
    case 'StringEquals':
    case 'StringLessThan':
    case 'StringGreaterThan':
    case 'StringLessThanEquals':
    case 'StringGreaterThanEquals':
      return (
        typeof value === 'string' && typeof operand === 'string' && ordered(operator, cmp(value, operand))
      );
    case 'StringMatches':
      return typeof value === 'string' && typeof operand === 'string' && stringMatches(value, operand);
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericGreaterThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThanEquals':
      return typeof value === 'number' && typeof operand === 'number' && ordered(operator, value - operand);
    case 'BooleanEquals':
      return typeof value === 'boolean' && value === operand;
    case 'TimestampEquals':
    case 'TimestampLessThan':
    case 'TimestampGreaterThan':
    case 'TimestampLessThanEquals':
    case 'TimestampGreaterThanEquals': {
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      const [a, b] = [parseTimestamp(value), parseTimestamp(operand)];
      return a !== undefined && b !== undefined && ordered(operator, compareInstants(a, b));
    }
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads the ordering from the operator's suffix. */
function ordered(operator: ComparisonOperator, difference: number): boolean {
  if (operator.endsWith('LessThanEquals')) return difference <= 0;
  if (operator.endsWith('GreaterThanEquals')) return difference >= 0;
  if (operator.endsWith('LessThan')) return difference < 0;
  if (operator.endsWith('GreaterThan')) return difference > 0;
  return difference === 0;
}
