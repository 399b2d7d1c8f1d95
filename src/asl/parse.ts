/**
 * From text to a typed model: JSON or YAML (as SAM, CDK and Serverless export definitions), definition
 * substitutions, then validation. Problems come back as diagnostics with line and column, never as exceptions.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { type Diagnostic, error, hasErrors, pointer, pointerTokens } from './diagnostics';
import { definitionTooLarge, isStackOverflow, nonFiniteNumbers, tooDeeplyNested } from './parse-limits';
import { substitute, type Substitutions } from './substitute';
import type { StateMachine } from './types';
import { validateStateMachine, type ValidateOptions } from './validate';

/** The text formats of a definition; `auto` picks JSON when the text starts with `{` or `[`, else YAML. */
export type DefinitionFormat = 'json' | 'yaml' | 'auto';

/** Options of {@link parseDefinition}. */
export interface ParseOptions {
  readonly format?: DefinitionFormat;
  /** `${Name}` values (SAM's DefinitionSubstitutions). When given, every `${Name}` must have one. */
  readonly substitutions?: Substitutions;
}

/** The outcome of {@link parseDefinition}: the parsed value, if the text parsed, and what went wrong. */
export interface ParseResult {
  readonly definition?: unknown;
  readonly diagnostics: Diagnostic[];
}

/** Options of {@link loadStateMachine}. */
export type LoadOptions = ParseOptions & ValidateOptions;

/** The outcome of {@link loadStateMachine}: the typed machine when the definition is valid, and all diagnostics. */
export interface LoadResult {
  readonly machine?: StateMachine;
  readonly diagnostics: Diagnostic[];
}

/** CloudFormation short-form tags in YAML templates, read as their long forms (`!Ref X` is `{ Ref: X }`). */
const CFN_TAGS = [
  { tag: '!Ref', resolve: (s: string) => ({ Ref: s }) },
  { tag: '!GetAtt', resolve: (s: string) => ({ 'Fn::GetAtt': s.split('.') }) },
  { tag: '!Sub', resolve: (s: string) => ({ 'Fn::Sub': s }) },
  { tag: '!ImportValue', resolve: (s: string) => ({ 'Fn::ImportValue': s }) },
];

/** At most this many parse errors are reported (later ones are usually echoes of the first). */
const MAX_PARSE_ERRORS = 10;

/** Parses a definition's text; never throws. */
export function parseDefinition(text: string, options: ParseOptions = {}): ParseResult {
  try {
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (source.trim() === '')
      return { diagnostics: [error('MISSING_DESCRIPTION', '/', 'The definition is empty')] };
    const format = options.format ?? 'auto';
    const json = format === 'json' || (format === 'auto' && /^\s*[{[]/.test(source));
    const parsed = checkParsed(source, json ? parseJson(source) : parseYaml(source), json ? 'json' : 'yaml');
    if (parsed.definition === undefined || !options.substitutions) return parsed;
    const substituted = substitute(parsed.definition, options.substitutions);
    return {
      definition: substituted.value,
      diagnostics: locate(
        source,
        [...parsed.diagnostics, ...substituted.diagnostics],
        json ? 'json' : 'yaml',
      ),
    };
  } catch (thrown) {
    if (isStackOverflow(thrown)) return { diagnostics: [tooDeeplyNested()] };
    return {
      diagnostics: [
        error('INVALID_JSON_DESCRIPTION', '/', `The definition could not be read: ${messageOf(thrown)}`),
      ],
    };
  }
}

/** Checks what the JSON or YAML reader could not: the 1 MiB quota, and numbers beyond a double's range. */
function checkParsed(text: string, parsed: ParseResult, format: 'json' | 'yaml'): ParseResult {
  if (parsed.definition === undefined) return parsed;
  // CreateStateMachine and ValidateStateMachineDefinition refuse it outright: one message, no other findings.
  const tooLarge = definitionTooLarge(text, parsed.definition);
  if (tooLarge) return { diagnostics: [tooLarge] };
  const outOfRange = nonFiniteNumbers(parsed.definition);
  if (outOfRange.length === 0) return parsed;
  return { diagnostics: [...parsed.diagnostics, ...locate(text, outOfRange, format)] };
}

/** Parses (when given text), substitutes and validates; returns the typed model only when there is no error. */
export function loadStateMachine(input: unknown, options: LoadOptions = {}): LoadResult {
  try {
    let definition = input;
    const diagnostics: Diagnostic[] = [];
    if (typeof input === 'string') {
      const parsed = parseDefinition(input, options);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.definition === undefined || hasErrors(parsed.diagnostics)) return { diagnostics };
      definition = parsed.definition;
    } else if (options.substitutions) {
      const substituted = substitute(input, options.substitutions);
      diagnostics.push(...substituted.diagnostics);
      definition = substituted.value;
    }
    const found = validateStateMachine(definition, { type: options.type });
    const all = typeof input === 'string' ? locate(input, found, formatOf(input, options.format)) : found;
    diagnostics.push(...all);
    // A machine with a template placeholder left in it cannot run, even though the definition itself is fine.
    const runnable = !hasErrors(diagnostics) && !diagnostics.some((d) => d.code === 'UNRESOLVED_TEMPLATE');
    return runnable ? { machine: definition as StateMachine, diagnostics } : { diagnostics };
  } catch (thrown) {
    return {
      diagnostics: [error('INTERNAL_ERROR', '/', `Loading failed unexpectedly: ${messageOf(thrown)}`)],
    };
  }
}

function formatOf(text: string, format: DefinitionFormat | undefined): 'json' | 'yaml' {
  if (format === 'json' || format === 'yaml') return format;
  return /^\s*[{[]/.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) ? 'json' : 'yaml';
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

function parseJson(text: string): ParseResult {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (thrown) {
    const message = messageOf(thrown);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    return {
      diagnostics: [
        {
          ...error(
            'INVALID_JSON_DESCRIPTION',
            '/',
            `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`,
          ),
          line,
          column,
        },
      ],
    };
  }
  // JSON.parse keeps the last of two equal keys silently; AWS rejects duplicates, and so do we.
  const diagnostics: Diagnostic[] = [];
  scanJson(text, (location, offset, duplicate) => {
    if (!duplicate) return;
    const tokens = pointerTokens(location);
    const { line, column } = lineColumn(text, offset);
    const name = tokens[tokens.length - 1];
    diagnostics.push(
      tokens[tokens.length - 2] === 'States'
        ? {
            ...error(
              'DUPLICATE_STATE_NAME',
              location,
              `State name "${name}" appears more than once in the same States`,
            ),
            line,
            column,
          }
        : { ...error('INVALID_JSON_DESCRIPTION', location, `Duplicate field "${name}"`), line, column },
    );
  });
  return { definition, diagnostics };
}

/**
 * Walks JSON text that JSON.parse accepted, calling `visit` with each member's or element's pointer and the offset
 * where it starts (an object member starts at its key); `duplicate` marks a key already seen in the same object.
 * Iterative, so nesting depth cannot exhaust the stack.
 */
function scanJson(text: string, visit: (location: string, offset: number, duplicate: boolean) => void): void {
  interface Frame {
    readonly location: string;
    readonly keys?: Set<string>;
    index: number;
  }
  const stack: Frame[] = [];
  let pendingKey: { key: string; offset: number } | undefined;
  let i = 0;
  /** Skips a string literal; returns its decoded text only when asked (keys), since values need no decoding. */
  const readString = (decode: boolean): string => {
    const start = i;
    let escaped = false;
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        escaped = true;
        i += 2;
      } else i += 1;
    }
    i += 1;
    if (!decode) return '';
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const locationOfValue = (offset: number): string => {
    const frame = stack[stack.length - 1];
    if (!frame) return '';
    if (frame.keys) {
      const key = pendingKey as { key: string; offset: number };
      pendingKey = undefined;
      return pointer(frame.location, key.key);
    }
    const location = pointer(frame.location, frame.index);
    frame.index += 1;
    visit(location, offset, false);
    return location;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '{' || c === '[') {
      const location = locationOfValue(i);
      stack.push(c === '{' ? { location, keys: new Set(), index: 0 } : { location, index: 0 });
      i += 1;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i += 1;
    } else if (c === '"') {
      const frame = stack[stack.length - 1];
      const start = i;
      // In an object with no key pending, the next string is a key (the text is valid JSON).
      const isKey = frame?.keys !== undefined && pendingKey === undefined;
      const value = readString(isKey);
      if (isKey && frame.keys) {
        const duplicate = frame.keys.has(value);
        frame.keys.add(value);
        pendingKey = { key: value, offset: start };
        visit(pointer(frame.location, value), start, duplicate);
      } else {
        locationOfValue(start);
      }
    } else if (c === ',' || c === ':' || c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i += 1;
    } else {
      locationOfValue(i);
      while (i < text.length && !/[,}\]\s]/.test(text[i])) i += 1;
    }
  }
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  return lineIndex(text)(offset);
}

/** A lookup from offset to 1-based line and column, built once per text (binary search over line starts). */
function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - starts[low] + 1 };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    uniqueKeys: true,
    lineCounter,
    customTags: CFN_TAGS,
    prettyErrors: false,
  });
  // The YAML reader recurses per level: past some 900 it overflows the stack and reports that at each level.
  const overflow = doc.errors.find((e) => /Maximum call stack size exceeded/.test(e.message));
  if (overflow) {
    const pos = lineCounter.linePos(overflow.pos[0]);
    return { diagnostics: [tooDeeplyNested(pos.line, pos.col)] };
  }
  // The first few errors say it all; a broken document can yield thousands (one per unclosed bracket).
  const diagnostics: Diagnostic[] = doc.errors.slice(0, MAX_PARSE_ERRORS).map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    const first = e.message.split('\n')[0];
    if (e.code === 'DUPLICATE_KEY') {
      const location = yamlPointerAt(doc, e.pos[0]) ?? '/';
      const tokens = pointerTokens(location);
      const name = tokens[tokens.length - 1];
      const d =
        tokens[tokens.length - 2] === 'States'
          ? error(
              'DUPLICATE_STATE_NAME',
              location,
              `State name "${name}" appears more than once in the same States`,
            )
          : error('INVALID_JSON_DESCRIPTION', location, `Duplicate field "${name}"`);
      return { ...d, line: pos.line, column: pos.col };
    }
    return {
      ...error('INVALID_JSON_DESCRIPTION', '/', `${first} at line ${pos.line}, column ${pos.col}`),
      line: pos.line,
      column: pos.col,
    };
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { definition: doc.toJS({ maxAliasCount: 100 }) as unknown, diagnostics };
}

/** The pointer of the innermost node (or map key) containing an offset. */
function yamlPointerAt(doc: Document, offset: number): string | undefined {
  let node: unknown = doc.contents;
  let location = '';
  for (let guard = 0; guard < 10_000; guard += 1) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const key = p.key as Node | null;
        const value = p.value as Node | null;
        const end = value?.range?.[2] ?? key?.range?.[2] ?? -1;
        return !!key?.range && key.range[0] <= offset && offset <= end;
      });
      if (!pair) return location || '/';
      location = pointer(location, String(isScalar(pair.key) ? pair.key.value : pair.key));
      const key = pair.key as Node;
      if (key.range && offset <= key.range[1]) return location;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as Node | null)?.range;
        return !!range && range[0] <= offset && offset <= range[2];
      });
      if (index < 0) return location || '/';
      location = pointer(location, index);
      node = node.items[index];
    } else {
      return location || '/';
    }
  }
  return location || '/';
}

/** The offset where a pointer's node (or its map key) starts in a YAML document. */
function yamlOffsetOf(doc: Document, location: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const token of pointerTokens(location)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === token);
      if (!pair) return offset;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

// ---------------------------------------------------------------------------------------------------------------
// Positions

/** Adds line and column to diagnostics that have none, from their location in the source text. */
export function locate(
  text: string,
  diagnostics: readonly Diagnostic[],
  format: 'json' | 'yaml',
): Diagnostic[] {
  const pending = diagnostics.filter((d) => d.line === undefined);
  if (pending.length === 0) return [...diagnostics];
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let offsetOf: (location: string) => number | undefined;
  if (format === 'json') {
    const wanted = new Set<string>();
    for (const d of pending) {
      const tokens = pointerTokens(d.location);
      for (let n = tokens.length; n >= 0; n -= 1) wanted.add(pointer('', ...tokens.slice(0, n)));
    }
    const found = new Map<string, number>([['', 0]]);
    try {
      scanJson(source, (location, offset) => {
        if (wanted.has(location) && !found.has(location)) found.set(location, offset);
      });
    } catch {
      // Positions are a convenience: without them the pointers still locate every diagnostic.
    }
    offsetOf = (location) => {
      const tokens = pointerTokens(location);
      for (let n = tokens.length; n >= 0; n -= 1) {
        const offset = found.get(pointer('', ...tokens.slice(0, n)));
        if (offset !== undefined) return offset;
      }
      return undefined;
    };
  } else {
    const doc = parseDocument(source, { customTags: CFN_TAGS });
    offsetOf = (location) => yamlOffsetOf(doc, location);
  }
  const position = lineIndex(source);
  return diagnostics.map((d) => {
    if (d.line !== undefined) return d;
    const offset = offsetOf(d.location === '/' ? '' : d.location);
    return offset === undefined ? d : { ...d, ...position(offset) };
  });
}
