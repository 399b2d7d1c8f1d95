/**
 * Syntax (and literal-argument) checks for intrinsic function calls, the `States.Format('{}', $.x)` values of `.$`
 * fields. Arguments that are paths or nested calls are only known at run time; literal arguments are checked
 * against each function's signature here, so `States.MathAdd(1, '-1')` fails at validation, as on AWS.
 */
import { parseIntrinsic } from './expressions';
import { ANY_ROOT, checkJsonPath, type ExpressionProblem, type Verdict } from './validate-expressions';

/** The type a literal argument may have. */
type LiteralType = 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** An argument's accepted literal types; `'any'` accepts every literal, `[]` only paths and calls. */
type ArgumentTypes = readonly LiteralType[] | 'any';

/** A function's arity and the literal types of its arguments (the last entry repeats when `variadic`). */
interface Signature {
  readonly args: readonly ArgumentTypes[];
  readonly min: number;
  readonly variadic?: boolean;
}

const NUMBER: ArgumentTypes = ['number', 'integer'];
const INTEGER: ArgumentTypes = ['integer'];
const STRING: ArgumentTypes = ['string'];
const NON_LITERAL: ArgumentTypes = [];

/** The intrinsic functions of ASL, by name without `States.`. */
const SIGNATURES: Readonly<Record<string, Signature>> = {
  Format: { args: [STRING, 'any'], min: 1, variadic: true },
  StringToJson: { args: [STRING], min: 1 },
  JsonToString: { args: [NON_LITERAL], min: 1 },
  Array: { args: ['any'], min: 0, variadic: true },
  ArrayPartition: { args: [NON_LITERAL, INTEGER], min: 2 },
  ArrayContains: { args: [NON_LITERAL, 'any'], min: 2 },
  ArrayRange: { args: [INTEGER, INTEGER, INTEGER], min: 3 },
  ArrayGetItem: { args: [NON_LITERAL, INTEGER], min: 2 },
  ArrayLength: { args: [NON_LITERAL], min: 1 },
  ArrayUnique: { args: [NON_LITERAL], min: 1 },
  Base64Encode: { args: [STRING], min: 1 },
  Base64Decode: { args: [STRING], min: 1 },
  Hash: { args: ['any', STRING], min: 2 },
  JsonMerge: { args: [NON_LITERAL, NON_LITERAL, ['boolean']], min: 3 },
  MathRandom: { args: [INTEGER, INTEGER, INTEGER], min: 2 },
  MathAdd: { args: [NUMBER, NUMBER], min: 2 },
  StringSplit: { args: [STRING, STRING], min: 2 },
  UUID: { args: [], min: 0 },
};

/** The names of the intrinsic functions, `States.` included. */
export const INTRINSIC_FUNCTIONS: readonly string[] = Object.keys(SIGNATURES).map((n) => `States.${n}`);

/** Nesting limit for calls inside calls. */
const MAX_CALL_DEPTH = 32;

class Problem extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Judges an intrinsic call: the evaluator's parser must read it, and the call must fit the function's signature.
 * A call only AWS's grammar accepts is `unsupported` (see {@link Verdict}).
 */
export function judgeIntrinsic(text: string): Verdict {
  const parsed = parseIntrinsic(text);
  const mine = checkIntrinsic(text);
  if (parsed.ok) return mine ? { problem: mine } : {};
  return mine ? { problem: parsed.error } : { unsupported: parsed.error };
}

/** Checks an intrinsic function call: its syntax, the function's name and arity, and literal argument types. */
export function checkIntrinsic(text: string): ExpressionProblem | undefined {
  try {
    const at = { pos: 0 };
    readCall(text, at, 0);
    skipBlanks(text, at);
    if (at.pos < text.length) throw new Problem(`unexpected '${text[at.pos]}' after the call`, at.pos);
    return undefined;
  } catch (thrown) {
    if (thrown instanceof Problem) return { message: thrown.message, position: thrown.position };
    throw thrown;
  }
}

function readCall(text: string, at: { pos: number }, depth: number): void {
  if (depth > MAX_CALL_DEPTH) throw new Problem('intrinsic calls are nested too deeply', at.pos);
  const start = at.pos;
  const match = /^States\.([A-Za-z0-9]+)/.exec(text.slice(at.pos, at.pos + 64));
  if (!match) throw new Problem("expected an intrinsic function call 'States.Name(...)'", at.pos);
  const signature = Object.hasOwn(SIGNATURES, match[1]) ? SIGNATURES[match[1]] : undefined;
  if (!signature) throw new Problem(`unknown intrinsic function 'States.${match[1]}'`, start);
  at.pos += match[0].length;
  skipBlanks(text, at);
  if (text[at.pos] !== '(') throw new Problem(`expected '(' after 'States.${match[1]}'`, at.pos);
  at.pos += 1;
  skipBlanks(text, at);
  let count = 0;
  if (text[at.pos] === ')') at.pos += 1;
  else {
    for (;;) {
      const argStart = at.pos;
      const literal = readArgument(text, at, depth);
      checkLiteral(match[1], signature, count, literal, argStart);
      count += 1;
      skipBlanks(text, at);
      if (text[at.pos] === ',') {
        at.pos += 1;
        skipBlanks(text, at);
        continue;
      }
      if (text[at.pos] === ')') {
        at.pos += 1;
        break;
      }
      throw new Problem(
        at.pos >= text.length ? `the call to States.${match[1]} is never closed` : `expected ',' or ')'`,
        at.pos,
      );
    }
  }
  const max = signature.variadic ? Infinity : signature.args.length;
  if (count < signature.min || count > max) {
    const expected =
      signature.min === max
        ? `${max}`
        : max === Infinity
          ? `at least ${signature.min}`
          : `${signature.min} to ${max}`;
    throw new Problem(`States.${match[1]} takes ${expected} argument(s) but got ${count}`, start);
  }
}

/** Reads one argument; returns the literal's type, or undefined for a path or a nested call. */
function readArgument(text: string, at: { pos: number }, depth: number): LiteralType | undefined {
  const c = text[at.pos];
  if (c === "'") {
    readString(text, at);
    return 'string';
  }
  if (c === '$') {
    readPathArgument(text, at);
    return undefined;
  }
  if (text.startsWith('States.', at.pos)) {
    readCall(text, at, depth + 1);
    return undefined;
  }
  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at.pos, at.pos + 64));
  if (number) {
    at.pos += number[0].length;
    return number[1] || number[2] ? 'number' : 'integer';
  }
  for (const word of ['null', 'true', 'false'] as const) {
    if (text.startsWith(word, at.pos) && !/[\w$]/.test(text[at.pos + word.length] ?? '')) {
      at.pos += word.length;
      return word === 'null' ? 'null' : 'boolean';
    }
  }
  throw new Problem(
    at.pos >= text.length ? 'the call is never closed' : `unexpected '${c}': expected an argument`,
    at.pos,
  );
}

/** Reads a single-quoted string; only `\'`, `\{`, `\}` and `\\` are escapes, as AWS defines them. */
function readString(text: string, at: { pos: number }): void {
  const open = at.pos;
  at.pos += 1;
  while (at.pos < text.length) {
    const c = text[at.pos];
    if (c === '\\') {
      const next = text[at.pos + 1];
      if (next !== "'" && next !== '{' && next !== '}' && next !== '\\') {
        throw new Problem(`illegal escape sequence '\\${next ?? ''}' in a string literal`, at.pos);
      }
      at.pos += 2;
    } else if (c === "'") {
      at.pos += 1;
      return;
    } else at.pos += 1;
  }
  throw new Problem('unterminated string literal', open);
}

/** Reads a path argument up to the `,` or `)` that ends it (brackets, parentheses and quotes nest). */
function readPathArgument(text: string, at: { pos: number }): void {
  const start = at.pos;
  let depth = 0;
  while (at.pos < text.length) {
    const c = text[at.pos];
    if (c === "'" || c === '"') {
      const quote = c;
      at.pos += 1;
      while (at.pos < text.length && text[at.pos] !== quote) at.pos += text[at.pos] === '\\' ? 2 : 1;
    } else if (c === '[' || c === '(') depth += 1;
    else if (c === ']' || (c === ')' && depth > 0)) depth -= 1;
    else if (depth === 0 && (c === ',' || c === ')')) break;
    at.pos += 1;
  }
  const path = text.slice(start, at.pos).trimEnd();
  const problem = checkJsonPath(path, ANY_ROOT);
  if (problem)
    throw new Problem(`invalid path argument '${path}': ${problem.message}`, start + problem.position);
}

function checkLiteral(
  name: string,
  signature: Signature,
  index: number,
  literal: LiteralType | undefined,
  position: number,
): void {
  if (literal === undefined) return;
  const accepted = signature.args[Math.min(index, signature.args.length - 1)];
  if (accepted === undefined || accepted === 'any') return;
  if (accepted.includes(literal)) return;
  const wanted = accepted.length === 0 ? 'a path or an intrinsic call' : accepted.join(' or ');
  throw new Problem(
    `argument ${index + 1} of States.${name} must be ${wanted}, not a ${literal} literal`,
    position,
  );
}

function skipBlanks(text: string, at: { pos: number }): void {
  while (at.pos < text.length && /\s/.test(text[at.pos])) at.pos += 1;
}
