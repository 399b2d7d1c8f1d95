/** A syntax error in an expression, with the 0-based character position where it was found. */
export interface ExpressionSyntaxError {
  readonly message: string;
  readonly position: number;
}

/** Thrown inside the parsers and turned into an {@link ExpressionSyntaxError} at their boundary. */
export class SyntaxFailure extends Error {
  constructor(
    message: string,
    /** Where the problem is (0-based). */
    readonly position: number,
  ) {
    super(message);
    this.name = 'SyntaxFailure';
  }
}

/** A read position over an expression's text, shared by the path, filter and intrinsic parsers. */
export class Cursor {
  constructor(
    /** The whole text being parsed. */
    readonly text: string,
    /** The next character to read. */
    public pos = 0,
  ) {}

  /** Whether every character has been read. */
  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The character `offset` ahead of the position, or '' past the end. */
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  /** Whether the text continues with `literal`. */
  startsWith(literal: string): boolean {
    return this.text.startsWith(literal, this.pos);
  }

  /** Consumes `literal` if the text continues with it. */
  eat(literal: string): boolean {
    if (!this.startsWith(literal)) return false;
    this.pos += literal.length;
    return true;
  }

  /** Consumes `literal` or fails with a message naming it. */
  expect(literal: string): void {
    if (!this.eat(literal)) this.fail(`expected '${literal}'${this.done ? ' but the expression ended' : ''}`);
  }

  /** Skips spaces, tabs and line breaks. */
  skipWhitespace(): void {
    while (!this.done && /\s/.test(this.peek())) this.pos += 1;
  }

  /** Throws a syntax failure at the current position (or `at`). */
  fail(message: string, at = this.pos): never {
    throw new SyntaxFailure(message, at);
  }
}

/** Parses a JSON-style number at the cursor (optional sign, fraction and exponent), or returns undefined. */
export function readNumber(cursor: Cursor): number | undefined {
  const match = /^-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(cursor.text.slice(cursor.pos));
  if (!match) return undefined;
  cursor.pos += match[0].length;
  return Number(match[0]);
}

/**
 * Reads a quoted string at the cursor (the opening quote included). A backslash escapes the quote character and
 * itself; any other backslash is kept, as Jayway does for bracket-notation names.
 */
export function readQuoted(cursor: Cursor): string {
  const quote = cursor.peek();
  const start = cursor.pos;
  cursor.pos += 1;
  let value = '';
  while (!cursor.done) {
    const c = cursor.peek();
    if (c === '\\' && (cursor.peek(1) === quote || cursor.peek(1) === '\\')) {
      value += cursor.peek(1);
      cursor.pos += 2;
      continue;
    }
    if (c === quote) {
      cursor.pos += 1;
      return value;
    }
    value += c;
    cursor.pos += 1;
  }
  return cursor.fail('unterminated string literal', start);
}
