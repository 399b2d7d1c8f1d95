/**
 * Choice rules. JSONPath rules are a recursive little language (a `Variable` with exactly one operator, or
 * `And`/`Or`/`Not`), so they are checked in code, with `Next` only on top-level rules. JSONata rules are a
 * `Condition` and a `Next`.
 */
import { type Diagnostic, error, pointer, warning } from './diagnostics';
import { COMPARISON_OPERATORS, TYPE_TEST_OPERATORS } from './types';
import { has, isObject, type StateSite, type ValidationContext } from './validate-context';
import { reportVerdict } from './validate-dataflow';
import { ANY_ROOT, judgeReferencePath, looksLikePath } from './validate-expressions';
import { describe } from './validate-schema';

/** The operand type of each operator (its `Path` twin always takes a reference path). */
const OPERAND_TYPES: ReadonlyMap<string, 'string' | 'number' | 'boolean'> = new Map([
  ...COMPARISON_OPERATORS.map((op): [string, 'string' | 'number' | 'boolean'] => [
    op,
    op.startsWith('Numeric') ? 'number' : op === 'BooleanEquals' ? 'boolean' : 'string',
  ]),
  ...TYPE_TEST_OPERATORS.map((op): [string, 'boolean'] => [op, 'boolean']),
]);

const PATH_OPERATORS: ReadonlySet<string> = new Set(COMPARISON_OPERATORS.map((op) => `${op}Path`));

const COMBINATORS = ['And', 'Or', 'Not'] as const;

/** Nesting limit for And/Or/Not (deeper rules are reported, not recursed into). */
const MAX_RULE_DEPTH = 100;

/** Checks the rules of every Choice state. */
export function validateChoices(ctx: ValidationContext): void {
  for (const site of ctx.states) {
    if (site.type !== 'Choice' || !site.value || !Array.isArray(site.value.Choices)) continue;
    site.value.Choices.forEach((rule, i) => {
      const location = pointer(site.location, 'Choices', i);
      if (site.language === 'JSONata') checkJsonataRule(ctx, rule, location);
      else checkRule(ctx, site, rule, location, true, 0);
    });
  }
}

function checkJsonataRule(ctx: ValidationContext, rule: unknown, location: string): void {
  if (!isObject(rule)) {
    ctx.report(
      error('SCHEMA_VALIDATION_FAILED', location, `expected a Choice rule object but got ${describe(rule)}`),
    );
    return;
  }
  const missing = ['Condition', 'Next'].filter((k) => !has(rule, k));
  if (missing.length > 0) {
    ctx.report(
      error('SCHEMA_VALIDATION_FAILED', location, `These fields are required: [${missing.join(', ')}]`),
    );
  }
  for (const key of Object.keys(rule)) {
    if (!['Condition', 'Next', 'Comment', 'Assign', 'Output'].includes(key)) {
      const hint = key === 'Variable' || OPERAND_TYPES.has(key) ? ' (JSONata rules use "Condition")' : '';
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(location, key),
          `The field "${key}" is not supported in a JSONata Choice rule${hint}`,
        ),
      );
    }
  }
  const condition = rule.Condition;
  if (has(rule, 'Condition') && typeof condition !== 'boolean' && typeof condition !== 'string') {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(location, 'Condition'),
        `expected a JSONata expression string or a boolean but got ${describe(condition)}`,
      ),
    );
  } else if (typeof condition === 'string' && !condition.startsWith('{%') && !condition.endsWith('%}')) {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(location, 'Condition'),
        "A Condition must be a JSONata expression string ('{% ... %}') or a boolean",
      ),
    );
  }
  if (has(rule, 'Next') && typeof rule.Next !== 'string') {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(location, 'Next'),
        `expected a state name but got ${describe(rule.Next)}`,
      ),
    );
  }
}

function checkRule(
  ctx: ValidationContext,
  site: StateSite,
  rule: unknown,
  location: string,
  top: boolean,
  depth: number,
): void {
  if (depth > MAX_RULE_DEPTH) {
    ctx.report(
      error('TOO_DEEPLY_NESTED', location, `Choice rules are nested more than ${MAX_RULE_DEPTH} levels deep`),
    );
    return;
  }
  if (!isObject(rule)) {
    ctx.report(
      error('SCHEMA_VALIDATION_FAILED', location, `expected a Choice rule object but got ${describe(rule)}`),
    );
    return;
  }
  const problems: Diagnostic[] = [];
  const operators: string[] = [];
  const combinators: string[] = [];
  for (const key of Object.keys(rule)) {
    if (OPERAND_TYPES.has(key) || PATH_OPERATORS.has(key)) operators.push(key);
    else if ((COMBINATORS as readonly string[]).includes(key)) combinators.push(key);
    else if (key === 'Next' || key === 'Assign') {
      if (!top)
        problems.push(
          error(
            'SCHEMA_VALIDATION_FAILED',
            pointer(location, key),
            `"${key}" is only allowed on top-level Choice rules`,
          ),
        );
    } else if (key !== 'Variable' && key !== 'Comment') {
      const hint = key === 'Condition' || key === 'Output' ? ' (it belongs to JSONata Choice rules)' : '';
      problems.push(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(location, key),
          `The field "${key}" is not supported by Step Functions${hint}`,
        ),
      );
    }
  }
  if (top && !has(rule, 'Next'))
    problems.push(error('SCHEMA_VALIDATION_FAILED', location, 'These fields are required: [Next]'));
  if (top && has(rule, 'Next') && typeof rule.Next !== 'string') {
    problems.push(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(location, 'Next'),
        `expected a state name but got ${describe(rule.Next)}`,
      ),
    );
  }
  const count = operators.length + combinators.length;
  if (count === 0) {
    problems.push(
      error(
        'SCHEMA_VALIDATION_FAILED',
        location,
        'A Choice rule needs a comparison (Variable and one operator) or And, Or, Not',
      ),
    );
  } else if (count > 1) {
    problems.push(
      error(
        'SCHEMA_VALIDATION_FAILED',
        location,
        `A Choice rule takes exactly one operator but has ${[...operators, ...combinators].join(', ')}`,
      ),
    );
  }
  for (const d of problems) ctx.report(d);

  if (operators.length > 0) {
    if (!has(rule, 'Variable')) {
      ctx.report(error('SCHEMA_VALIDATION_FAILED', location, 'These fields are required: [Variable]'));
    } else if (typeof rule.Variable !== 'string') {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          pointer(location, 'Variable'),
          `expected a path string but got ${describe(rule.Variable)}`,
        ),
      );
    } else {
      reportVerdict(
        ctx,
        pointer(location, 'Variable'),
        judgeReferencePath(rule.Variable, ANY_ROOT),
        (problem) => `The value for the field 'Variable' must be a valid reference path: ${problem.message}`,
      );
    }
    for (const op of operators) checkOperand(ctx, op, rule[op], pointer(location, op));
  } else if (has(rule, 'Variable') && combinators.length > 0) {
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        pointer(location, 'Variable'),
        `"Variable" does not go with ${combinators[0]}`,
      ),
    );
  }

  for (const combinator of combinators) {
    const value = rule[combinator];
    const at = pointer(location, combinator);
    if (combinator === 'Not') {
      checkRule(ctx, site, value, at, false, depth + 1);
    } else if (!Array.isArray(value) || value.length === 0) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          at,
          `${combinator} needs a non-empty array of rules but got ${describe(value)}`,
        ),
      );
    } else {
      value.forEach((inner, i) => checkRule(ctx, site, inner, pointer(at, i), false, depth + 1));
    }
  }
}

function checkOperand(ctx: ValidationContext, operator: string, value: unknown, location: string): void {
  if (PATH_OPERATORS.has(operator)) {
    reportVerdict(
      ctx,
      location,
      typeof value === 'string'
        ? judgeReferencePath(value, ANY_ROOT)
        : { problem: { message: `expected a path string but got ${describe(value)}`, position: 0 } },
      (problem) => `The value for the field '${operator}' must be a valid reference path: ${problem.message}`,
    );
    return;
  }
  const type = OPERAND_TYPES.get(operator);
  if (typeof value !== type) {
    ctx.report(
      error('SCHEMA_VALIDATION_FAILED', location, `${operator} expects a ${type} but got ${describe(value)}`),
    );
  } else if (typeof value === 'string' && looksLikePath(value) && /^\$\$?[.[]/.test(value)) {
    ctx.report(
      warning(
        'NO_PATH',
        location,
        `The value of "${operator}" looks like a path: did you mean "${operator}Path"?`,
      ),
    );
  }
}
