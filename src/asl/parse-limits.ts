/**
 * What the JSON and YAML readers let through or fail on unhelpfully, turned into diagnostics: a definition over
 * AWS's 1 MiB quota, numbers beyond a double's range (read as Infinity), text nested too deeply to read.
 */
import { utf8Length } from '../dataflow/json';
import { type Diagnostic, error, pointer } from './diagnostics';
import { MAX_JSON_DEPTH } from './validate';

/**
 * AWS's quota on a definition, 1 MiB, measured as the compact JSON text's UTF-8 bytes, as `checkDefinitionSize`
 * (src/dataflow/limits.ts) measures it where a machine is created, so `validate` and `run` agree on a file.
 */
export const MAX_DEFINITION_BYTES = 1048576;

/** At most this many out-of-range numbers are reported. */
const MAX_REPORTED = 10;

/** AWS's refusal of a definition over the quota (its API's ValidationException message), or undefined. */
export function definitionTooLarge(text: string, definition: unknown): Diagnostic | undefined {
  // A text that short cannot compact to more than 1 MiB (3 UTF-8 bytes per UTF-16 unit at most): skip measuring.
  if (text.length * 3 <= MAX_DEFINITION_BYTES || compactSize(definition) <= MAX_DEFINITION_BYTES)
    return undefined;
  return error(
    'SCHEMA_VALIDATION_FAILED',
    '/',
    `1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DEFINITION_BYTES}`,
  );
}

/** Whether a diagnostic is {@link definitionTooLarge}'s (an API refusal, which callers may print as one line). */
export function isDefinitionTooLarge(d: Diagnostic): boolean {
  return d.location === '/' && d.message.startsWith("1 validation error detected: Value at 'definition'");
}

/** The UTF-8 bytes of a value's compact JSON text (0 when it has none, e.g. too deep to stringify). */
function compactSize(value: unknown): number {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return 0;
  }
  return text === undefined ? 0 : utf8Length(text);
}

/**
 * A diagnostic for each of the first few non-finite numbers in a parsed value (JSON.parse and YAML read `1e400`
 * as Infinity, which no JSON text can carry), found without recursion; they still need their line and column.
 */
export function nonFiniteNumbers(root: unknown): Diagnostic[] {
  const found: Diagnostic[] = [];
  const stack: { value: unknown; location: string }[] = [{ value: root, location: '' }];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const { value, location } = stack.pop() as { value: unknown; location: string };
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        found.push(
          error(
            'INVALID_JSON_DESCRIPTION',
            location,
            'The number is outside the range of a double (about ±1.8e308)',
          ),
        );
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i -= 1)
        stack.push({ value: entries[i][1], location: pointer(location, entries[i][0]) });
    }
  }
  return found;
}

/** Whether a thrown value is the engine's stack overflow (a reader recursing into deeply nested text). */
export function isStackOverflow(thrown: unknown): boolean {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return thrown instanceof RangeError || /Maximum call stack size exceeded/.test(message);
}

/** The diagnostic for text nested too deeply to read, in the validator's words for a too-deep value. */
export function tooDeeplyNested(line?: number, column?: number): Diagnostic {
  const d = error(
    'TOO_DEEPLY_NESTED',
    '/',
    `The definition nests values too deeply to be read (at most ${MAX_JSON_DEPTH} levels)`,
  );
  return line === undefined ? d : { ...d, line, column };
}
