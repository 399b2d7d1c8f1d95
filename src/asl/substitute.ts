/**
 * Definition substitutions, as SAM's `DefinitionSubstitutions` (and CloudFormation's `Fn::Sub`) apply them:
 * `${Name}` inside a string becomes the caller's value, `${!Name}` is a literal `${Name}`. Applied to parsed
 * strings (keys and values) rather than to raw text, so a value can never break the JSON and every unknown name
 * is reported at its exact location.
 */
import { type Diagnostic, error, pointer } from './diagnostics';

/** Values for `${Name}` placeholders. */
export type Substitutions = Readonly<Record<string, string>>;

/** The outcome of {@link substitute}: the new value (the input is not modified) and unknown names as errors. */
export interface SubstitutionResult {
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
}

const PLACEHOLDER = /\$\{(!?)([^}]*)\}/g;

/** Nesting bound: deeper values are left as they are (the validator reports the depth). */
const MAX_DEPTH = 512;

/** Replaces every `${Name}` in the strings of a parsed definition; unknown names are UNKNOWN_SUBSTITUTION errors. */
export function substitute(value: unknown, substitutions: Substitutions): SubstitutionResult {
  const diagnostics: Diagnostic[] = [];
  const replace = (text: string, location: string): string => {
    if (!text.includes('${')) return text;
    return text.replace(PLACEHOLDER, (whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (Object.hasOwn(substitutions, name)) return substitutions[name];
      diagnostics.push(
        error(
          'UNKNOWN_SUBSTITUTION',
          location,
          `No value for the definition substitution \${${name}}: pass it (Name=Value)`,
        ),
      );
      return whole;
    });
  };
  const walk = (current: unknown, location: string, depth: number): unknown => {
    if (typeof current === 'string') return replace(current, location);
    if (depth > MAX_DEPTH || typeof current !== 'object' || current === null) return current;
    if (Array.isArray(current)) return current.map((item, i) => walk(item, pointer(location, i), depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(current)) {
      const at = pointer(location, key);
      // defineProperty, not assignment: a "__proto__" key must stay a plain key, as JSON.parse made it.
      Object.defineProperty(out, replace(key, at), {
        value: walk(item, at, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return { value: walk(value, '', 0), diagnostics };
}

/** Parses `Name=Value` pairs (as given on a command line) into substitutions; the first `=` splits. */
export function parseSubstitutionPairs(pairs: readonly string[]): {
  substitutions: Substitutions;
  invalid: string[];
} {
  const substitutions: Record<string, string> = {};
  const invalid: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) invalid.push(pair);
    else substitutions[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { substitutions, invalid };
}
