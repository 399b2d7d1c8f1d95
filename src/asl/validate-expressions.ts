/**
 * Syntax checks for the expression languages inside a definition: JSONPath paths and reference paths, intrinsic
 * function calls (`States.Format(...)`) and JSONata (`{% ... %}`). They answer "is this well-formed, and if not
 * where and why"; the syntax trees the evaluator needs are built in `src/asl/expressions/`.
 */
import jsonata from 'jsonata';
import { parseJsonPath, parseReferencePath } from './expressions';

/** A syntax problem in an expression, with the 0-based position where it was found. */
export interface ExpressionProblem {
  readonly message: string;
  readonly position: number;
}

/** Which roots a path may start from. */
export interface PathRules {
  /** `$$...`, the context object. */
  readonly context: boolean;
  /** `$name...`, a variable. */
  readonly variables: boolean;
}

/** Every root allowed: what InputPath, OutputPath, `.$` values and most `*Path` fields accept. */
export const ANY_ROOT: PathRules = { context: true, variables: true };

/** Only `$`: what ResultPath accepts (it writes into the state's data). */
export const INPUT_ROOT_ONLY: PathRules = { context: false, variables: false };

/** Thrown inside the checkers and turned into an {@link ExpressionProblem} at their boundary. */
class Problem extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Nesting limit for brackets, filters and intrinsic calls: deeper input is reported, not recursed into. */
const MAX_EXPRESSION_DEPTH = 64;

/** Characters that end a dot-notation name (Jayway reads up to the next `.` or `[`). */
const NAME_STOP = /[.[\]()'" \t\r\n]/;

/** Whether a string is a JSONata expression string in AWS's sense: it starts with `{%` and ends with `%}`. */
export function isJsonataExpression(value: string): boolean {
  return value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** Whether a string looks like a JSONPath path (`$`, `$.x`, `$$.x`, `$[0]`, `$var`). */
export function looksLikePath(value: string): boolean {
  return /^\$(?:$|[.[$]|[\p{ID_Start}_])/u.test(value);
}

/** Whether a string looks like an intrinsic function call (`States.Name(`). */
export function looksLikeIntrinsic(value: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(value);
}

/** Checks a JSONata expression string (`{% expr %}`): the delimiters and the expression's syntax. */
export function checkJsonataTemplate(value: string): ExpressionProblem | undefined {
  return checkJsonataTemplates([value])[0];
}

/** How many expressions share one parser run (see {@link checkJsonataTemplates}). */
const JSONATA_BATCH = 100;

/**
 * Checks many JSONata expression strings at once. The jsonata parser rebuilds its symbol table on every call, which
 * costs more than parsing a typical expression; so expressions that are self-contained (balanced brackets, no `;`
 * or `/` at their top level) are parsed together as one array `[(e1),(e2),...]`. A batch that parses proves each
 * member parses alone; a batch that fails is re-checked one by one for exact messages and positions.
 */
export function checkJsonataTemplates(values: readonly string[]): (ExpressionProblem | undefined)[] {
  const results: (ExpressionProblem | undefined)[] = new Array<ExpressionProblem | undefined>(values.length);
  const batch: number[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const program = `[${batch.map((i) => `(${values[i].slice(2, -2)})`).join(',')}]`;
    if (parseProblem(program) !== undefined) for (const i of batch) results[i] = checkOne(values[i]);
    batch.length = 0;
  };
  values.forEach((value, i) => {
    if (
      !isJsonataExpression(value) ||
      value.slice(2, -2).trim() === '' ||
      !selfContained(value.slice(2, -2))
    ) {
      results[i] = checkOne(value);
      return;
    }
    batch.push(i);
    if (batch.length >= JSONATA_BATCH) flush();
  });
  flush();
  return results;
}

function checkOne(value: string): ExpressionProblem | undefined {
  if (!isJsonataExpression(value)) {
    return { message: "a JSONata expression must start with '{%' and end with '%}'", position: 0 };
  }
  const body = value.slice(2, -2);
  if (body.trim() === '') return { message: 'the JSONata expression is empty', position: 2 };
  const problem = parseProblem(body);
  return problem && { message: `invalid JSONata: ${problem.message}`, position: 2 + problem.position };
}

function parseProblem(expression: string): ExpressionProblem | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (thrown) {
    const { message, position } = (thrown ?? {}) as { message?: unknown; position?: unknown };
    return { message: String(message), position: typeof position === 'number' ? position : 0 };
  }
}

/**
 * Whether an expression cannot interact with its neighbours when wrapped as `(expr)`: brackets balance outside
 * strings and no `;` (which parentheses would turn into a block) sits at its top level. Anything with `/` (regex,
 * division, comment) is parsed alone, since telling those apart needs the real lexer.
 */
function selfContained(expression: string): boolean {
  let depth = 0;
  for (let i = 0; i < expression.length; i += 1) {
    const c = expression[i];
    if (c === '"' || c === "'" || c === '`') {
      i += 1;
      while (i < expression.length && expression[i] !== c) i += expression[i] === '\\' && c !== '`' ? 2 : 1;
      if (i >= expression.length) return false;
    } else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      depth -= 1;
      if (depth < 0) return false;
    } else if (c === '/' || (c === ';' && depth === 0)) return false;
  }
  return depth === 0;
}

/**
 * The verdict on an expression: `problem` when it is malformed (an ERROR), `unsupported` when AWS's grammar
 * accepts it but the parser our evaluator uses (`src/asl/expressions/`) does not yet (a WARNING: it would fail at
 * run time here, not on AWS).
 */
export interface Verdict {
  readonly problem?: ExpressionProblem;
  readonly unsupported?: ExpressionProblem;
}

/** Judges a JSONPath with the evaluator's parser, and with AWS's (Jayway's) grammar where the two disagree. */
export function judgeJsonPath(text: string, rules: PathRules = ANY_ROOT): Verdict {
  const parsed = parseJsonPath(text, { allowContext: rules.context, allowVariables: rules.variables });
  if (parsed.ok) return {};
  return checkJsonPath(text, rules) ? { problem: parsed.error } : { unsupported: parsed.error };
}

/** Judges a reference path, as {@link judgeJsonPath} does. */
export function judgeReferencePath(text: string, rules: PathRules = ANY_ROOT): Verdict {
  const parsed = parseReferencePath(text, { allowContext: rules.context, allowVariables: rules.variables });
  if (parsed.ok) return {};
  return checkReferencePath(text, rules) ? { problem: parsed.error } : { unsupported: parsed.error };
}

/** Checks a JSONPath (the full Jayway syntax: wildcards, slices, unions, filters, deep scan). */
export function checkJsonPath(text: string, rules: PathRules = ANY_ROOT): ExpressionProblem | undefined {
  return run(() => {
    const at = { pos: 0 };
    readPath(text, at, rules, false);
    if (at.pos < text.length) throw new Problem(`unexpected '${text[at.pos]}'`, at.pos);
  });
}

/** Checks a reference path: a path to one node, with only `.name`, `['name']` and `[index]` steps. */
export function checkReferencePath(text: string, rules: PathRules = ANY_ROOT): ExpressionProblem | undefined {
  return run(() => {
    const at = { pos: 0 };
    readPath(text, at, rules, true);
    if (at.pos < text.length) throw new Problem(`unexpected '${text[at.pos]}'`, at.pos);
  });
}

function run(check: () => void): ExpressionProblem | undefined {
  try {
    check();
    return undefined;
  } catch (thrown) {
    if (thrown instanceof Problem) return { message: thrown.message, position: thrown.position };
    throw thrown;
  }
}

/** Reads a path at `at.pos`; stops at the first character that cannot continue it. */
function readPath(text: string, at: { pos: number }, rules: PathRules, reference: boolean): void {
  if (text[at.pos] !== '$') throw new Problem("a path must start with '$'", at.pos);
  at.pos += 1;
  if (text[at.pos] === '$') {
    if (!rules.context) throw new Problem('the context object ($$) is not allowed here', at.pos);
    at.pos += 1;
  } else if (at.pos < text.length && /[\p{ID_Start}_]/u.test(text[at.pos])) {
    if (!rules.variables) throw new Problem('variables ($name) are not allowed here', at.pos);
    while (at.pos < text.length && /[\p{ID_Continue}]/u.test(text[at.pos])) at.pos += 1;
  }
  for (;;) {
    const c = text[at.pos];
    if (c === '.') {
      if (text[at.pos + 1] === '.') {
        if (reference) throw new Problem("a reference path cannot use '..' (deep scan)", at.pos);
        at.pos += 2;
        if (text[at.pos] === '[') readBracket(text, at, reference, 0);
        else readName(text, at, reference);
      } else {
        at.pos += 1;
        readName(text, at, reference);
      }
    } else if (c === '[') {
      readBracket(text, at, reference, 0);
    } else {
      return;
    }
  }
}

function readName(text: string, at: { pos: number }, reference: boolean): void {
  if (text[at.pos] === '*') {
    if (reference) throw new Problem("a reference path cannot use '*'", at.pos);
    at.pos += 1;
    return;
  }
  const from = at.pos;
  while (at.pos < text.length && !NAME_STOP.test(text[at.pos])) at.pos += 1;
  if (at.pos === from) throw new Problem('expected a property name', at.pos);
  if (text[at.pos] === '(' && !reference) {
    // A path function such as `.length()` ends the path.
    if (text[at.pos + 1] !== ')') throw new Problem("expected ')'", at.pos + 1);
    at.pos += 2;
  }
}

function readBracket(text: string, at: { pos: number }, reference: boolean, depth: number): void {
  if (depth > MAX_EXPRESSION_DEPTH) throw new Problem('the path is nested too deeply', at.pos);
  const open = at.pos;
  at.pos += 1;
  skipBlanks(text, at);
  const c = text[at.pos];
  if (c === '?' || c === '(') {
    if (reference) throw new Problem('a reference path cannot use a filter or script expression', at.pos);
    if (c === '?') {
      at.pos += 1;
      skipBlanks(text, at);
      if (text[at.pos] !== '(') throw new Problem("expected '(' after '?'", at.pos);
    }
    skipBalanced(text, at);
  } else if (c === '*') {
    if (reference) throw new Problem("a reference path cannot use '*'", at.pos);
    at.pos += 1;
  } else if (c === "'" || c === '"') {
    let count = 0;
    for (;;) {
      skipQuoted(text, at);
      count += 1;
      skipBlanks(text, at);
      if (text[at.pos] !== ',') break;
      at.pos += 1;
      skipBlanks(text, at);
      if (text[at.pos] !== "'" && text[at.pos] !== '"') throw new Problem('expected a quoted name', at.pos);
    }
    if (reference && count > 1) throw new Problem('a reference path cannot select several names', open);
  } else {
    readIndexes(text, at, reference);
  }
  skipBlanks(text, at);
  if (text[at.pos] !== ']') throw new Problem(`expected ']' to close the '[' at position ${open}`, at.pos);
  at.pos += 1;
}

function readIndexes(text: string, at: { pos: number }, reference: boolean): void {
  const integer = /^-?\d+/;
  const read = (): boolean => {
    const match = integer.exec(text.slice(at.pos, at.pos + 24));
    if (!match) return false;
    at.pos += match[0].length;
    return true;
  };
  const from = at.pos;
  const first = read();
  skipBlanks(text, at);
  if (text[at.pos] === ':') {
    if (reference) throw new Problem('a reference path cannot use a slice', at.pos);
    at.pos += 1;
    skipBlanks(text, at);
    read();
    skipBlanks(text, at);
    if (text[at.pos] === ':') {
      at.pos += 1;
      skipBlanks(text, at);
      read();
    }
    return;
  }
  if (!first) throw new Problem('expected an index, a slice, a quoted name, * or a filter', at.pos);
  if (reference && text[from] === '-')
    throw new Problem('a reference path cannot use a negative index', from);
  while (text[at.pos] === ',') {
    if (reference) throw new Problem('a reference path cannot select several indexes', at.pos);
    at.pos += 1;
    skipBlanks(text, at);
    if (!read()) throw new Problem('expected an index', at.pos);
    skipBlanks(text, at);
  }
}

/** Skips a parenthesised filter or script, respecting quotes and nesting; lenient about what is inside. */
function skipBalanced(text: string, at: { pos: number }): void {
  const open = at.pos;
  const closers: string[] = [];
  while (at.pos < text.length) {
    const c = text[at.pos];
    if (c === "'" || c === '"') {
      skipQuoted(text, at);
      continue;
    }
    if (c === '(') closers.push(')');
    else if (c === '[') closers.push(']');
    else if (c === ')' || c === ']') {
      if (closers.pop() !== c) throw new Problem(`unexpected '${c}'`, at.pos);
      if (closers.length === 0) {
        at.pos += 1;
        return;
      }
    }
    if (closers.length > MAX_EXPRESSION_DEPTH)
      throw new Problem('the expression is nested too deeply', at.pos);
    at.pos += 1;
  }
  throw new Problem(`the '(' at position ${open} is never closed`, open);
}

function skipQuoted(text: string, at: { pos: number }): void {
  const quote = text[at.pos];
  const open = at.pos;
  at.pos += 1;
  while (at.pos < text.length) {
    const c = text[at.pos];
    if (c === '\\') at.pos += 2;
    else if (c === quote) {
      at.pos += 1;
      return;
    } else at.pos += 1;
  }
  throw new Problem('unterminated string literal', open);
}

function skipBlanks(text: string, at: { pos: number }): void {
  while (at.pos < text.length && /\s/.test(text[at.pos])) at.pos += 1;
}
