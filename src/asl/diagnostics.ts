/**
 * Located findings about a definition, shaped like AWS's `ValidateStateMachineDefinition` diagnostics
 * (`code`, `severity`, `message`, `location`) so tools written against AWS read ours unchanged.
 */

/** How serious a finding is: an ERROR makes the definition invalid, a WARNING does not. */
export type Severity = 'ERROR' | 'WARNING';

/** The error codes AWS's `ValidateStateMachineDefinition` reports. */
export const AWS_ERROR_CODES = [
  'INVALID_JSON_DESCRIPTION',
  'MISSING_DESCRIPTION',
  'SCHEMA_VALIDATION_FAILED',
  'INVALID_RESOURCE',
  'MISSING_END_STATE',
  'DUPLICATE_STATE_NAME',
  'INVALID_STATE_NAME',
  'MISSING_TRANSITION_TARGET',
  'TOO_DEEPLY_NESTED',
  'DUPLICATE_LABEL_NAME',
  'INVALID_LABEL_NAME',
] as const;

/** The warning codes AWS's `ValidateStateMachineDefinition` reports. */
export const AWS_WARNING_CODES = ['NO_DOLLAR', 'NO_PATH', 'PASS_RESULT_IS_STATIC'] as const;

/**
 * Our own codes, for findings AWS has no code for: `UNKNOWN_SUBSTITUTION` (a `${Name}` the caller gave no value
 * for), `UNRESOLVED_TEMPLATE` (a CloudFormation intrinsic or `${Name}` placeholder still standing where AWS needs a
 * resolved value), `UNRECOGNIZED_RESOURCE` (a well-formed ARN we cannot vouch for), `UNKNOWN_STATES_ERROR` (a
 * `States.*` name ASL does not define), `UNSUPPORTED_EXPRESSION` (valid for AWS, not yet
 * readable by our evaluator's parser) and `INTERNAL_ERROR` (a bug in the validator, reported instead of thrown).
 */
export const OWN_CODES = [
  'UNKNOWN_SUBSTITUTION',
  'UNRESOLVED_TEMPLATE',
  'UNRECOGNIZED_RESOURCE',
  'UNKNOWN_STATES_ERROR',
  'UNSUPPORTED_EXPRESSION',
  'INTERNAL_ERROR',
] as const;

/** Every diagnostic code. */
export type DiagnosticCode =
  (typeof AWS_ERROR_CODES)[number] | (typeof AWS_WARNING_CODES)[number] | (typeof OWN_CODES)[number];

/** One finding, located by a JSON pointer into the definition (`/States/Pay/Retry/0/ErrorEquals`). */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** RFC 6901 JSON pointer to the offending value; `/` is the whole definition. */
  readonly location: string;
  /** 1-based line in the source text, when the diagnostic came from (or was mapped back to) text. */
  readonly line?: number;
  /** 1-based column in the source text. */
  readonly column?: number;
}

/** Builds an ERROR diagnostic. */
export function error(code: DiagnosticCode, location: string, message: string): Diagnostic {
  return { code, severity: 'ERROR', message, location: location === '' ? '/' : location };
}

/** Builds a WARNING diagnostic. */
export function warning(code: DiagnosticCode, location: string, message: string): Diagnostic {
  return { code, severity: 'WARNING', message, location: location === '' ? '/' : location };
}

/** Whether any diagnostic is an ERROR (the definition is invalid). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'ERROR');
}

/** Escapes one reference token of a JSON pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`). */
export function escapePointerToken(token: string | number): string {
  const text = String(token);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

/** Extends a JSON pointer by some reference tokens (`pointer('/States', 'A/B')` is `/States/A~1B`). */
export function pointer(base: string, ...tokens: readonly (string | number)[]): string {
  let out = base === '/' ? '' : base;
  for (const token of tokens) out += `/${escapePointerToken(token)}`;
  return out;
}

/** Splits a JSON pointer into its unescaped reference tokens (`/` and `` give none). */
export function pointerTokens(location: string): string[] {
  if (location === '' || location === '/') return [];
  return location
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a JSON pointer designates inside `root`, or undefined when it designates nothing. */
export function resolvePointer(root: unknown, location: string): unknown {
  let current = root;
  for (const token of pointerTokens(location)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token))
      current = (current as Record<string, unknown>)[token];
    else return undefined;
  }
  return current;
}

/** Sorts diagnostics errors first, then by location, keeping the order of equal ones (stable). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'ERROR' ? -1 : 1) ||
      (a.location < b.location ? -1 : a.location > b.location ? 1 : 0),
  );
}
