/**
 * JSONPath and reference paths as AWS Step Functions reads them (Jayway JsonPath syntax), parsed once into a small
 * syntax tree. `$` is the state's data, `$$` the context object, `$name` a variable; inside filters `@` is the
 * current node.
 */
import { Cursor, type ExpressionSyntaxError, readNumber, readQuoted, SyntaxFailure } from './cursor';
import { parseFilterExpression, type FilterExpression } from './filter-syntax';

/** What a path starts from. */
export type PathRoot =
  | { readonly kind: 'input' }
  | { readonly kind: 'context' }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'current' };

/** One step of a path. */
export type PathSegment =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly kind: 'properties'; readonly names: readonly string[] }
  | { readonly kind: 'indexes'; readonly indexes: readonly number[] }
  | { readonly kind: 'descendant'; readonly selector: PathSegment }
  | { readonly kind: 'filter'; readonly expression: FilterExpression };

/** A parsed path. */
export interface JsonPath {
  /** The text it was parsed from. */
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly PathSegment[];
  /** True when the path can select at most one node (no wildcard, slice, union, descendant or filter). */
  readonly definite: boolean;
}

/** The outcome of parsing a path. */
export type PathParseResult =
  | { readonly ok: true; readonly path: JsonPath }
  | { readonly ok: false; readonly error: ExpressionSyntaxError };

/** Which roots a path may start from. */
export interface PathParseOptions {
  /** `$$...` (default true). */
  readonly allowContext?: boolean;
  /** `$name...` (default true). */
  readonly allowVariables?: boolean;
}

/** Characters that end a dot-notation name outside filters (Jayway's rule) and inside them. */
const NAME_STOP = new Set(['.', '[']);
const FILTER_NAME_STOP = new Set([
  '.',
  '[',
  ' ',
  '\t',
  '\n',
  ')',
  '(',
  '=',
  '!',
  '<',
  '>',
  '&',
  '|',
  ',',
  ']',
]);

/** Whether a character can start a variable name (Unicode ID_Start or `_`). */
export function isVariableStart(c: string): boolean {
  return /^[\p{ID_Start}_]$/u.test(c);
}

/** Whether a character can continue a variable name (Unicode ID_Continue). */
export function isVariablePart(c: string): boolean {
  return /^[\p{ID_Continue}]$/u.test(c);
}

/** Parses a JSONPath (`$.a[0].b`, `$$.Execution.Id`, `$var.x`, `$.items[?(@.n > 1)]`). */
export function parseJsonPath(text: string, options: PathParseOptions = {}): PathParseResult {
  try {
    const cursor = new Cursor(text);
    const path = readPathAt(cursor, options, false);
    if (!cursor.done) cursor.fail(`unexpected character '${cursor.peek()}'`);
    return { ok: true, path };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: syntaxError(text, error) };
    throw error;
  }
}

/** Parses a reference path: a path that selects a single node (`$`, `$.a.b`, `$['a'][0]`), as ResultPath needs. */
export function parseReferencePath(text: string, options: PathParseOptions = {}): PathParseResult {
  const parsed = parseJsonPath(text, options);
  if (!parsed.ok) return parsed;
  const bad = parsed.path.segments.find((s) => s.kind !== 'property' && s.kind !== 'index');
  if (bad) {
    return {
      ok: false,
      error: { message: `'${text}' is not a reference path: it can select more than one node`, position: 0 },
    };
  }
  return parsed;
}

/** Renders a syntax failure as a diagnostic naming the path. */
function syntaxError(text: string, failure: SyntaxFailure): ExpressionSyntaxError {
  return {
    message: `Invalid JSONPath '${text}': ${failure.message} at position ${failure.position}`,
    position: failure.position,
  };
}

/**
 * Reads a path starting at the cursor (used for whole paths and for `@`/`$` operands inside filters). Inside a
 * filter, names also end at operators and blanks.
 */
export function readPathAt(cursor: Cursor, options: PathParseOptions, inFilter: boolean): JsonPath {
  const start = cursor.pos;
  const root = readRoot(cursor, options, inFilter);
  const segments: PathSegment[] = [];
  const stop = inFilter ? FILTER_NAME_STOP : NAME_STOP;
  for (;;) {
    if (cursor.eat('..')) {
      segments.push({ kind: 'descendant', selector: readAfterDescendant(cursor, options, stop) });
    } else if (cursor.eat('.')) {
      if (cursor.eat('*')) segments.push({ kind: 'wildcard' });
      else segments.push({ kind: 'property', name: readName(cursor, stop) });
    } else if (cursor.peek() === '[') {
      segments.push(readBracket(cursor, options));
    } else {
      break;
    }
  }
  return { text: cursor.text.slice(start, cursor.pos), root, segments, definite: segments.every(isDefinite) };
}

function readRoot(cursor: Cursor, options: PathParseOptions, inFilter: boolean): PathRoot {
  if (inFilter && cursor.eat('@')) return { kind: 'current' };
  if (!cursor.eat('$')) cursor.fail("a path must start with '$'");
  if (cursor.peek() === '$') {
    if (options.allowContext === false) cursor.fail('the context object ($$) is not allowed here');
    cursor.pos += 1;
    return { kind: 'context' };
  }
  if (!cursor.done && isVariableStart(cursor.peek())) {
    if (options.allowVariables === false) cursor.fail('variables are not allowed here');
    const from = cursor.pos;
    while (!cursor.done && isVariablePart(cursor.peek())) cursor.pos += 1;
    return { kind: 'variable', name: cursor.text.slice(from, cursor.pos) };
  }
  return { kind: 'input' };
}

function readName(cursor: Cursor, stop: ReadonlySet<string>): string {
  const from = cursor.pos;
  while (!cursor.done && !stop.has(cursor.peek())) {
    if (cursor.peek() === ' ') cursor.fail("use bracket notation ['my prop'] for names with blanks");
    if (cursor.peek() === '(') cursor.fail('path functions are not supported');
    cursor.pos += 1;
  }
  if (cursor.pos === from) cursor.fail('expected a property name');
  return cursor.text.slice(from, cursor.pos);
}

function readAfterDescendant(
  cursor: Cursor,
  options: PathParseOptions,
  stop: ReadonlySet<string>,
): PathSegment {
  if (cursor.eat('*')) return { kind: 'wildcard' };
  if (cursor.peek() === '[') return readBracket(cursor, options);
  return { kind: 'property', name: readName(cursor, stop) };
}

function readBracket(cursor: Cursor, options: PathParseOptions): PathSegment {
  const open = cursor.pos;
  cursor.expect('[');
  cursor.skipWhitespace();
  let segment: PathSegment;
  if (cursor.eat('?')) {
    cursor.skipWhitespace();
    cursor.expect('(');
    const expression = parseFilterExpression(cursor, options);
    cursor.skipWhitespace();
    cursor.expect(')');
    segment = { kind: 'filter', expression };
  } else if (cursor.eat('*')) {
    segment = { kind: 'wildcard' };
  } else if (cursor.peek() === "'" || cursor.peek() === '"') {
    const names = [readQuoted(cursor)];
    cursor.skipWhitespace();
    while (cursor.eat(',')) {
      cursor.skipWhitespace();
      if (cursor.peek() !== "'" && cursor.peek() !== '"') cursor.fail('expected a quoted property name');
      names.push(readQuoted(cursor));
      cursor.skipWhitespace();
    }
    segment = names.length === 1 ? { kind: 'property', name: names[0] } : { kind: 'properties', names };
  } else {
    segment = readIndexes(cursor);
  }
  cursor.skipWhitespace();
  if (!cursor.eat(']')) cursor.fail(`expected ']' to close '[' at position ${open}`);
  return segment;
}

function readIndexes(cursor: Cursor): PathSegment {
  const first = readOptionalInteger(cursor);
  cursor.skipWhitespace();
  if (cursor.peek() === ':') {
    cursor.pos += 1;
    cursor.skipWhitespace();
    const end = readOptionalInteger(cursor);
    cursor.skipWhitespace();
    let step: number | undefined;
    if (cursor.eat(':')) {
      cursor.skipWhitespace();
      step = readOptionalInteger(cursor);
    }
    return { kind: 'slice', start: first, end, step };
  }
  if (first === undefined) cursor.fail('expected an index, a slice, a quoted name, * or a filter');
  const indexes = [first];
  while (cursor.eat(',')) {
    cursor.skipWhitespace();
    const next = readOptionalInteger(cursor);
    if (next === undefined) cursor.fail('expected an index');
    indexes.push(next);
    cursor.skipWhitespace();
  }
  return indexes.length === 1 ? { kind: 'index', index: first } : { kind: 'indexes', indexes };
}

function readOptionalInteger(cursor: Cursor): number | undefined {
  const from = cursor.pos;
  const value = readNumber(cursor);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value)) cursor.fail('array indexes must be integers', from);
  return value;
}

function isDefinite(segment: PathSegment): boolean {
  return segment.kind === 'property' || segment.kind === 'index';
}

/** Jayway's rendering of a path prefix, used in its error messages: `$['a'][0]`. */
export function formatSegments(segments: readonly PathSegment[]): string {
  return '$' + segments.map(formatSegment).join('');
}

function formatSegment(segment: PathSegment): string {
  switch (segment.kind) {
    case 'property':
      return `['${segment.name}']`;
    case 'index':
      return `[${segment.index}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${segment.start ?? ''}:${segment.end ?? ''}${segment.step === undefined ? '' : `:${segment.step}`}]`;
    case 'properties':
      return `[${segment.names.map((n) => `'${n}'`).join(',')}]`;
    case 'indexes':
      return `[${segment.indexes.join(',')}]`;
    case 'descendant':
      return `..${formatSegment(segment.selector)}`;
    case 'filter':
      return '[?]';
  }
}
