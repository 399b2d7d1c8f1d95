/**
 * The intrinsic function calls of JSONPath payload templates (`States.Format('{} is {}', $.a, $$.State.Name)`), parsed
 * into a small syntax tree. String literals are single-quoted; inside them `\'`, `\{`, `\}` and `\\` are escapes.
 */
import { Cursor, type ExpressionSyntaxError, readNumber, SyntaxFailure } from './cursor';
import { type JsonPath, parseJsonPath } from './path-syntax';

/** One argument of an intrinsic call. */
export type IntrinsicArgument =
  | {
      readonly kind: 'string';
      /** The value, escapes resolved. */
      readonly value: string;
      /** The text between the quotes, escapes kept: `States.Format` needs to tell `\{` from `{`. */
      readonly raw: string;
    }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'path'; readonly path: JsonPath }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

/** A call `States.Name(arg, ...)`. */
export interface IntrinsicCall {
  /** The full function name, `States.Format`. */
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
  /** The text of the call. */
  readonly text: string;
}

/** The outcome of parsing an intrinsic call. */
export type IntrinsicParseResult =
  | { readonly ok: true; readonly call: IntrinsicCall }
  | { readonly ok: false; readonly error: ExpressionSyntaxError };

/** Whether a `.$` value is written as an intrinsic function call rather than a path. */
export function looksLikeIntrinsic(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

/** Parses an intrinsic function call; the whole text must be one call. */
export function parseIntrinsic(text: string): IntrinsicParseResult {
  try {
    const cursor = new Cursor(text);
    cursor.skipWhitespace();
    const call = readCall(cursor);
    cursor.skipWhitespace();
    if (!cursor.done) cursor.fail(`unexpected text after the call: '${text.slice(cursor.pos)}'`);
    return { ok: true, call };
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      return {
        ok: false,
        error: {
          message: `Invalid intrinsic function '${text}': ${error.message} at position ${error.position}`,
          position: error.position,
        },
      };
    }
    throw error;
  }
}

function readCall(cursor: Cursor): IntrinsicCall {
  const start = cursor.pos;
  const match = /^States\.[A-Za-z0-9]+/.exec(cursor.text.slice(cursor.pos));
  if (!match) cursor.fail("expected a function name like 'States.Format'");
  cursor.pos += match[0].length;
  cursor.skipWhitespace();
  cursor.expect('(');
  const args: IntrinsicArgument[] = [];
  cursor.skipWhitespace();
  if (!cursor.eat(')')) {
    for (;;) {
      args.push(readArgument(cursor));
      cursor.skipWhitespace();
      if (cursor.eat(')')) break;
      if (!cursor.eat(','))
        cursor.fail(cursor.done ? "expected ')' but the expression ended" : "expected ',' or ')'");
    }
  }
  return { name: match[0], args, text: cursor.text.slice(start, cursor.pos) };
}

function readArgument(cursor: Cursor): IntrinsicArgument {
  cursor.skipWhitespace();
  const c = cursor.peek();
  if (c === "'") return readString(cursor);
  if (c === '$') return readPathArgument(cursor);
  if (cursor.startsWith('States.')) return { kind: 'call', call: readCall(cursor) };
  for (const word of ['true', 'false', 'null'] as const) {
    if (cursor.startsWith(word) && !/[A-Za-z0-9_]/.test(cursor.peek(word.length))) {
      cursor.pos += word.length;
      return word === 'null' ? { kind: 'null' } : { kind: 'boolean', value: word === 'true' };
    }
  }
  const n = readNumber(cursor);
  if (n !== undefined) return { kind: 'number', value: n };
  return cursor.fail(
    cursor.done ? 'expected an argument but the expression ended' : `unexpected character '${c}'`,
  );
}

function readString(cursor: Cursor): IntrinsicArgument {
  const start = cursor.pos;
  cursor.pos += 1;
  let value = '';
  let raw = '';
  while (!cursor.done) {
    const c = cursor.peek();
    if (c === '\\') {
      const next = cursor.peek(1);
      if (next === "'" || next === '{' || next === '}' || next === '\\') {
        value += next;
        raw += c + next;
        cursor.pos += 2;
        continue;
      }
      cursor.fail(`invalid escape '\\${next}' in a string literal`);
    }
    if (c === "'") {
      cursor.pos += 1;
      return { kind: 'string', value, raw };
    }
    value += c;
    raw += c;
    cursor.pos += 1;
  }
  return cursor.fail('unterminated string literal', start);
}

/** A path argument runs to the next `,` or `)` that is outside brackets, parentheses and quotes. */
function readPathArgument(cursor: Cursor): IntrinsicArgument {
  const start = cursor.pos;
  let depth = 0;
  let quote = '';
  while (!cursor.done) {
    const c = cursor.peek();
    if (quote) {
      if (c === '\\') cursor.pos += 1;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '[' || c === '(') {
      depth += 1;
    } else if (c === ']' || (c === ')' && depth > 0)) {
      depth -= 1;
    } else if (depth === 0 && (c === ',' || c === ')')) {
      break;
    }
    cursor.pos += 1;
  }
  const text = cursor.text.slice(start, cursor.pos).trimEnd();
  const parsed = parseJsonPath(text);
  if (!parsed.ok) cursor.fail(parsed.error.message, start + parsed.error.position);
  return { kind: 'path', path: parsed.path };
}
