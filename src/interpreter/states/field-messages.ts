/**
 * AWS's errors for a run-time field that holds a bad value, by where the value came from (a `...Path`, a JSONata
 * expression, the definition) and what is wrong with it. The causes carry no state prefix: the interpreter adds
 * "An error occurred while executing the state ..." as it does for every data-flow error.
 */
import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json } from '../../asl/types';
import { jsonataExpressionOf } from '../../dataflow/jsonata';
import { jsonType, toJsonText } from '../../dataflow/json';
import { FIELD_RULES, type FieldName, type ValueRule } from './field-rules';

/** Where a field's value came from. */
export type ValueOrigin =
  | { readonly via: 'literal' }
  | { readonly via: 'path'; readonly path: string }
  | { readonly via: 'jsonata'; readonly template: Json };

/** What is wrong with a value. */
export type Problem =
  /** The path selected nothing; `reason` is Jayway's ("No results for path: $['x']"). */
  | { readonly kind: 'missing'; readonly reason: string }
  /** A JSON type the field cannot hold (a string for a count, a number for a timestamp, null...). */
  | { readonly kind: 'type' }
  /** A number with a fraction where an integer goes. */
  | { readonly kind: 'fraction' }
  /** A number under the field's minimum (negative, or 0 where AWS wants at least 1). */
  | { readonly kind: 'below' }
  /** A number over the field's maximum. */
  | { readonly kind: 'above' }
  /** A string that is not an RFC 3339 date-time. */
  | { readonly kind: 'format' };

/** A value as AWS quotes it after `==` or inside `refers to value "..."`: strings bare, the rest as JSON. */
function shown(value: Json): string {
  return typeof value === 'string' ? value : toJsonText(value);
}

/** AWS's sentence for a number out of range ("ToleratedFailurePercentage must be between 0 and 100."). */
function rangeSentence(field: FieldName, rule: ValueRule): string {
  if (rule.kind !== 'integer' && rule.kind !== 'float') return `${field} is out of range.`;
  if (rule.max !== undefined) return `${field} must be between ${rule.min} and ${rule.max}.`;
  if (rule.min === 0) return `${field} cannot be negative.`;
  return rule.min === 1 ? `${field} must be positive.` : `${field} must be at least ${rule.min}.`;
}

/** The JSON type name AWS expects for a rule in "Expected 'integer', but was 'string'". */
function expectedType(rule: ValueRule): string {
  switch (rule.kind) {
    case 'integer':
      return 'integer';
    case 'float':
      return 'number';
    case 'timestamp':
      return 'string';
    case 'array':
      return 'array';
  }
}

function runtime(cause: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.Runtime, cause);
}

/** The Wait state's own wording: "The SecondsPath parameter ...: $.s == -1". */
function waitParameterError(field: FieldName, path: string, problem: Problem, value: Json): ExecutionError {
  const name = `${field}Path`;
  const rule = FIELD_RULES[field].value;
  const assignment = `${path} == ${shown(value)}`;
  switch (problem.kind) {
    case 'missing':
      return runtime(`The ${name} parameter does not reference an input value: ${path}`);
    case 'type':
    case 'fraction':
    case 'format':
      return runtime(
        rule.kind === 'timestamp'
          ? `The ${name} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${assignment}`
          : `The ${name} parameter cannot be parsed as a long value: ${assignment}`,
      );
    case 'below':
      return runtime(`The ${name} parameter references a negative value: ${assignment}`);
    case 'above':
      return runtime(rangeSentence(field, rule));
  }
}

/** The Map's and Task's wording: 'The MaxConcurrencyPath field refers to value "x" which is not a valid integer: $.m'. */
function refersToValueError(field: FieldName, path: string, problem: Problem, value: Json): ExecutionError {
  const rule = FIELD_RULES[field].value;
  switch (problem.kind) {
    case 'missing':
      return runtime(`Invalid path '${path}' : ${problem.reason}`);
    case 'type':
    case 'fraction':
    case 'format':
      return runtime(
        `The ${field}Path field refers to value "${shown(value)}" which is not a valid ${rule.kind === 'float' ? 'float' : 'integer'}: ${path}`,
      );
    case 'below':
    case 'above':
      return runtime(rangeSentence(field, rule));
  }
}

/** The ItemReader's wording, as States.ItemReaderFailed: "The MaxItemsPath field refers to value 'x' ...". */
function readerConfigError(field: FieldName, path: string, problem: Problem, value: Json): ExecutionError {
  const failed = (cause: string): ExecutionError => new ExecutionError(STATES_ERRORS.ItemReaderFailed, cause);
  switch (problem.kind) {
    case 'missing':
      return runtime(`Invalid path '${path}' : ${problem.reason}`);
    case 'type':
    case 'fraction':
    case 'format':
      return failed(
        `The ${field}Path field refers to value '${shown(value)}' which is not a valid integer: ${path}`,
      );
    case 'below':
      return failed(`field ${field} must be positive`);
    case 'above':
      return failed(rangeSentence(field, FIELD_RULES[field].value));
  }
}

/** "The ItemsPath field must point to a JSON array, but it was object: {...}". */
function notAnArray(name: string, value: Json): ExecutionError {
  return runtime(
    `The ${name} field must point to a JSON array, but it was ${jsonType(value)}: ${toJsonText(value)}`,
  );
}

function pathError(field: FieldName, path: string, problem: Problem, value: Json): ExecutionError {
  const wording = FIELD_RULES[field].path;
  switch (wording) {
    case 'wait-parameter':
      return waitParameterError(field, path, problem, value);
    case 'refers-to-value':
      return refersToValueError(field, path, problem, value);
    case 'reader-config':
      return readerConfigError(field, path, problem, value);
    case 'items':
      return problem.kind === 'missing'
        ? runtime(`Invalid path '${path}' : ${problem.reason}`)
        : notAnArray(`${field}Path`, value);
  }
}

/** A JSONata field's failure, always States.QueryEvaluationError. */
function jsonataError(field: FieldName, template: Json, problem: Problem, value: Json): ExecutionError {
  const rule = FIELD_RULES[field].value;
  const failed = (cause: string): ExecutionError =>
    new ExecutionError(STATES_ERRORS.QueryEvaluationError, cause);
  const expression =
    typeof template === 'string' ? (jsonataExpressionOf(template) ?? template) : toJsonText(template);
  switch (problem.kind) {
    case 'missing':
      return failed(
        `The JSONata expression '${expression}' specified for the field '${field}' returned nothing (undefined).`,
      );
    case 'type':
    case 'fraction':
      return failed(
        `The JSONata expression '${expression}' specified for the field '${field}' returned an unexpected result type. Expected '${expectedType(rule)}', but was '${jsonType(value)}' for value: ${toJsonText(value)}`,
      );
    case 'format':
      return failed(
        `The ${field} field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown(value)}`,
      );
    case 'below':
    case 'above':
      return failed(rangeSentence(field, rule));
  }
}

/** A value written in the definition (which the validator already checks; an unvalidated machine can still hold one). */
function literalError(field: FieldName, problem: Problem, value: Json): ExecutionError {
  const rule = FIELD_RULES[field].value;
  switch (problem.kind) {
    case 'missing':
    case 'type':
    case 'fraction':
      if (rule.kind === 'array') return notAnArray(field, value);
      return runtime(
        `The ${field} field must be ${rule.kind === 'timestamp' ? 'a string' : `an ${expectedType(rule)}`}, but it was ${jsonType(value)}: ${toJsonText(value)}`,
      );
    case 'format':
      return runtime(
        `The ${field} value does not reference a valid ISO-8601 extended offset date-time format string: '${shown(value)}'`,
      );
    case 'below':
    case 'above':
      return runtime(rangeSentence(field, rule));
  }
}

/** The error AWS raises for a bad value of a run-time field. */
export function fieldError(
  field: FieldName,
  origin: ValueOrigin,
  problem: Problem,
  value: Json,
): ExecutionError {
  switch (origin.via) {
    case 'path':
      return pathError(field, origin.path, problem, value);
    case 'jsonata':
      return jsonataError(field, origin.template, problem, value);
    case 'literal':
      return literalError(field, problem, value);
  }
}
