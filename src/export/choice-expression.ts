import { COMPARISON_OPERATORS, type ChoiceCondition, type Json, TYPE_TEST_OPERATORS } from '../asl/types';
import { literal } from './graph';

/** The condition helpers of `asl-temporal/workflow` by ASL operator (`NumericGreaterThan` -> `numericGreaterThan`). */
function helperOf(operator: string): string {
  return operator.charAt(0).toLowerCase() + operator.slice(1);
}

/**
 * Compiles a JSONPath Choice condition to a TypeScript boolean expression over `handle.at(path)` (the checked
 * accessor, which fails as the Choice state does when a path selects nothing), recording the helpers it calls.
 */
export function conditionExpression(
  condition: ChoiceCondition,
  handle: string,
  helpers: Set<string>,
): string {
  const view = condition as {
    readonly And?: readonly ChoiceCondition[];
    readonly Or?: readonly ChoiceCondition[];
    readonly Not?: ChoiceCondition;
    readonly Variable?: string;
    readonly [key: string]: Json | undefined | readonly ChoiceCondition[] | ChoiceCondition;
  };
  if (view.And) return `(${view.And.map((c) => conditionExpression(c, handle, helpers)).join(' && ')})`;
  if (view.Or) return `(${view.Or.map((c) => conditionExpression(c, handle, helpers)).join(' || ')})`;
  if (view.Not) return `!${conditionExpression(view.Not, handle, helpers)}`;
  const variable = literal(view.Variable as string);
  const at = `${handle}.at(${variable})`;
  for (const operator of TYPE_TEST_OPERATORS) {
    if (!(operator in view)) continue;
    const expected = view[operator] === true;
    if (operator === 'IsPresent') return `${expected ? '' : '!'}${handle}.has(${variable})`;
    helpers.add(helperOf(operator));
    return `${expected ? '' : '!'}${helperOf(operator)}(${at})`;
  }
  for (const operator of COMPARISON_OPERATORS) {
    if (operator in view) {
      helpers.add(helperOf(operator));
      return `${helperOf(operator)}(${at}, ${literal(view[operator] as Json)})`;
    }
    const byPath = `${operator}Path`;
    if (byPath in view) {
      helpers.add(helperOf(operator));
      return `${helperOf(operator)}(${at}, ${handle}.at(${literal(view[byPath] as Json)}))`;
    }
  }
  throw new Error(`A Choice rule on ${variable} has no operator the exporter knows.`);
}
