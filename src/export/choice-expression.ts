import { COMPARISON_OPERATORS, type ChoiceCondition, type Json, TYPE_TEST_OPERATORS } from '../asl/types';
import { literal } from './graph';

/** The condition helpers of `asl-temporal/workflow` by ASL operator (`NumericGreaterThan` -> `numericGreaterThan`). */
function helperOf(operator: string): string {
  return operator.charAt(0).toLowerCase() + operator.slice(1);
}

// A path of child names and indexes only (`$.order.items[0].id`), which reads back as the same text when written
// as property access on `handle.input`; any other spelling keeps `handle.at(path)`, so error messages name the
// path as the definition wrote it.
const SIMPLE_PATH = /^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\[(0|[1-9][0-9]*)\]))*$/;

/** The expression for a path's value: property access on the Choice's input where it can be, else `at`. */
function reference(path: string, handle: string): string {
  return SIMPLE_PATH.test(path) ? `${handle}.input${path.slice(1)}` : `${handle}.at(${literal(path)})`;
}

/**
 * Compiles a JSONPath Choice condition to a TypeScript boolean expression over the Choice's input: plain property
 * access (`check.input.order.id`, a reference the helpers resolve) where the path is simple, else the checked
 * accessor `handle.at(path)`; both fail as the Choice state does when a path selects nothing. Records the helpers
 * it calls.
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
  const path = view.Variable as string;
  const variable = literal(path);
  const at = reference(path, handle);
  for (const operator of TYPE_TEST_OPERATORS) {
    if (!(operator in view)) continue;
    const expected = view[operator] === true;
    if (operator === 'IsPresent') {
      if (!SIMPLE_PATH.test(path)) return `${expected ? '' : '!'}${handle}.has(${variable})`;
      helpers.add('isPresent');
      return `${expected ? '' : '!'}isPresent(${at})`;
    }
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
      return `${helperOf(operator)}(${at}, ${reference(view[byPath] as string, handle)})`;
    }
  }
  throw new Error(`A Choice rule on ${variable} has no operator the exporter knows.`);
}
