/** The filter expressions of JSONPath (`[?(@.price < 10 && @.tags)]`), in Jayway's syntax. */
import type { Json } from '../types';
import { type Cursor, readNumber, readQuoted } from './cursor';
import { type JsonPath, type PathParseOptions, readPathAt } from './path-syntax';

/** The comparison operators of a filter. */
export const FILTER_OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '=~',
  ' in ',
  ' nin ',
  ' subsetof ',
  ' anyof ',
  ' noneof ',
  ' size ',
  ' empty ',
  ' contains ',
] as const;

/** A comparison operator, without the blanks that delimit the word operators. */
export type FilterOperator =
  | 'in'
  | 'nin'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'size'
  | 'empty'
  | 'contains'
  | '=='
  | '!='
  | '<='
  | '>='
  | '<'
  | '>'
  | '=~';

/** A value a filter compares: a path (`@.x`, `$.y`), a literal, or a regular expression. */
export type FilterOperand =
  | { readonly kind: 'path'; readonly path: JsonPath }
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'regex'; readonly source: string; readonly flags: string };

/** A filter expression. */
export type FilterExpression =
  | { readonly kind: 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'and'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | { readonly kind: 'exists'; readonly operand: FilterOperand }
  | {
      readonly kind: 'compare';
      readonly operator: FilterOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
    };

/** Parses the inside of `[?( ... )]`, leaving the cursor on the closing parenthesis. */
export function parseFilterExpression(cursor: Cursor, options: PathParseOptions): FilterExpression {
  return readOr(cursor, options);
}

function readOr(cursor: Cursor, options: PathParseOptions): FilterExpression {
  let left = readAnd(cursor, options);
  for (;;) {
    cursor.skipWhitespace();
    if (!cursor.eat('||')) return left;
    left = { kind: 'or', left, right: readAnd(cursor, options) };
  }
}

function readAnd(cursor: Cursor, options: PathParseOptions): FilterExpression {
  let left = readUnary(cursor, options);
  for (;;) {
    cursor.skipWhitespace();
    if (!cursor.eat('&&')) return left;
    left = { kind: 'and', left, right: readUnary(cursor, options) };
  }
}

function readUnary(cursor: Cursor, options: PathParseOptions): FilterExpression {
  cursor.skipWhitespace();
  if (cursor.peek() === '!' && cursor.peek(1) !== '=') {
    cursor.pos += 1;
    return { kind: 'not', operand: readUnary(cursor, options) };
  }
  if (cursor.eat('(')) {
    const inner = readOr(cursor, options);
    cursor.skipWhitespace();
    cursor.expect(')');
    return inner;
  }
  const left = readOperand(cursor, options);
  const operator = readOperator(cursor);
  if (!operator) {
    if (left.kind !== 'path') cursor.fail('expected a comparison operator');
    return { kind: 'exists', operand: left };
  }
  return { kind: 'compare', operator, left, right: readOperand(cursor, options) };
}

function readOperator(cursor: Cursor): FilterOperator | undefined {
  const save = cursor.pos;
  cursor.skipWhitespace();
  for (const candidate of FILTER_OPERATORS) {
    const word = candidate.trim();
    if (candidate.startsWith(' ')) {
      // Word operators need a blank before them (already skipped) and after them.
      if (cursor.startsWith(word) && /\s/.test(cursor.peek(word.length))) {
        cursor.pos += word.length;
        return word as FilterOperator;
      }
    } else if (cursor.eat(candidate)) {
      return word as FilterOperator;
    }
  }
  cursor.pos = save;
  return undefined;
}

function readOperand(cursor: Cursor, options: PathParseOptions): FilterOperand {
  cursor.skipWhitespace();
  const c = cursor.peek();
  if (c === '@' || c === '$') return { kind: 'path', path: readPathAt(cursor, options, true) };
  if (c === "'" || c === '"') return { kind: 'literal', value: readQuoted(cursor) };
  if (c === '/') return readRegex(cursor);
  if (c === '[') return { kind: 'literal', value: readArrayLiteral(cursor) };
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (cursor.eat(word)) return { kind: 'literal', value };
  }
  const n = readNumber(cursor);
  if (n !== undefined) return { kind: 'literal', value: n };
  return cursor.fail('expected a path, a literal or a regular expression in the filter');
}

function readRegex(cursor: Cursor): FilterOperand {
  const start = cursor.pos;
  cursor.pos += 1;
  let source = '';
  while (!cursor.done && cursor.peek() !== '/') {
    if (cursor.peek() === '\\') {
      source += cursor.peek() + cursor.peek(1);
      cursor.pos += 2;
      continue;
    }
    source += cursor.peek();
    cursor.pos += 1;
  }
  if (!cursor.eat('/')) cursor.fail('unterminated regular expression', start);
  const flagsFrom = cursor.pos;
  while (/[a-z]/.test(cursor.peek())) cursor.pos += 1;
  return { kind: 'regex', source, flags: cursor.text.slice(flagsFrom, cursor.pos) };
}

function readArrayLiteral(cursor: Cursor): Json {
  const start = cursor.pos;
  let depth = 0;
  while (!cursor.done) {
    const c = cursor.peek();
    if (c === "'" || c === '"') {
      readQuoted(cursor);
      continue;
    }
    if (c === '[') depth += 1;
    if (c === ']') depth -= 1;
    cursor.pos += 1;
    if (depth === 0) break;
  }
  const text = cursor.text
    .slice(start, cursor.pos)
    .replace(/'((?:[^'\\]|\\.)*)'/g, (_m, s: string) => JSON.stringify(s));
  try {
    return JSON.parse(text) as Json;
  } catch {
    return cursor.fail('invalid array literal in the filter', start);
  }
}
