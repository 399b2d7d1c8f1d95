import { COMPARISON_OPERATORS, TYPE_TEST_OPERATORS } from '../asl/types';

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await input m options state ' +
    // What generated code imports from asl-temporal/workflow, besides the Choice helpers (reserved below).
    'execution Json ExecutionOptions'
  ).split(' '),
);

// The Choice comparison helpers, named after ASL's operators (`StringEquals` -> `stringEquals`).
for (const operator of [...COMPARISON_OPERATORS, ...TYPE_TEST_OPERATORS])
  RESERVED.add(operator.charAt(0).toLowerCase() + operator.slice(1));

/** A camelCase identifier for a name (`Process Order-2` -> `processOrder2`), never a reserved word. */
export function identifier(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let id = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  if (!id || /^[0-9]/.test(id)) id = `s${id}`;
  return RESERVED.has(id) ? `${id}State` : id;
}

/** Hands out identifiers unique within one generated file. */
export class Names {
  private readonly used = new Set<string>();

  /** A fresh identifier based on `name`. */
  take(name: string): string {
    const base = identifier(name);
    let id = base;
    for (let k = 2; this.used.has(id); k += 1) id = `${base}${k}`;
    this.used.add(id);
    return id;
  }
}

/** A comment's text on one line: no line breaks, and no star-slash that would end a block comment early. */
export function commentText(text: string): string {
  return text
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
    .replace(/\*\//g, '*\\/')
    .trim();
}
