import { type Json } from '../asl/types';
import { type ExecutionCase } from './cases';

const ISO_DATE =
  /(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?([0-5]\d)?)/g;
const ANY_VALUE = new Set(['RandomNumberGenerated', 'date', 'entered-time', 'start-time', 'timestamp']);
const TOKEN = /<[A-Za-z0-9_.:-]+>|111111111111|generated-uuid|snf_role_arn/g;

/** Rule 1: every ISO-8601 date-time inside a string of the actual value becomes "date". */
export function normalise(value: Json): Json {
  if (typeof value === 'string') return value.replace(ISO_DATE, 'date');
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

const patternCache = new Map<string, RegExp>();

function stringMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  let pattern = patternCache.get(expected);
  if (!pattern) {
    const parts = expected.split(TOKEN).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`^${parts.join('[\\s\\S]*?')}$`);
    patternCache.set(expected, pattern);
  }
  return pattern.test(actual);
}

/** Rule 2: deep equality where expected strings may hold wildcards (apply {@link normalise} to actual first). */
export function matches(expected: Json | undefined, actual: Json | undefined): boolean {
  if (expected === undefined || actual === undefined) return expected === actual;
  if (typeof expected === 'string') {
    if (ANY_VALUE.has(expected)) return true;
    return typeof actual === 'string' && stringMatches(expected, actual);
  }
  if (typeof expected === 'number') return typeof actual === 'number' && expected === actual;
  if (expected === null || typeof expected === 'boolean') return expected === actual;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i]))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const keys = Object.keys(expected);
  if (keys.length !== Object.keys(actual).length) return false;
  return keys.every(
    (k) => Object.prototype.hasOwnProperty.call(actual, k) && matches(expected[k], actual[k]),
  );
}

/** What an engine reported for one case. */
export type ActualResult =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: string; readonly error?: string; readonly cause?: string };

/** Compares an engine's result with the case's expectation; returns null when they agree, else why not. */
export function compareResult(c: ExecutionCase, actual: ActualResult): string | null {
  const expected = c.expected;
  if (actual.status !== expected.status) {
    return `status ${actual.status} (${JSON.stringify(actual).slice(0, 400)}) but AWS said ${expected.status}`;
  }
  switch (expected.status) {
    case 'SUCCEEDED': {
      const output = normalise('output' in actual ? actual.output : null);
      return matches(expected.output, output)
        ? null
        : `output ${JSON.stringify(output).slice(0, 400)} but AWS gave ${JSON.stringify(expected.output).slice(0, 400)}`;
    }
    case 'FAILED': {
      const a = actual as { error?: string; cause?: string };
      const error = a.error ? (normalise(a.error) as string) : undefined;
      if (!matches(expected.error ?? undefined, error || undefined)) {
        return `error ${error} but AWS said ${expected.error}`;
      }
      return compareCause(expected.cause, a.cause);
    }
  }
}

/** Rule 3 and the wildcards: compares a failure's cause, parsing it as JSON where AWS's was JSON. */
export function compareCause(
  expectedCause: Json | undefined,
  actualCause: string | undefined,
): string | null {
  let cause: Json | undefined = actualCause ? normalise(actualCause) : undefined;
  if (
    expectedCause !== undefined &&
    expectedCause !== null &&
    typeof expectedCause === 'object' &&
    actualCause
  ) {
    try {
      cause = normalise(JSON.parse(actualCause) as Json);
    } catch {
      return `cause is not JSON: ${actualCause}`;
    }
  }
  return matches(expectedCause ?? undefined, cause ?? undefined)
    ? null
    : `cause ${JSON.stringify(cause)} but AWS said ${JSON.stringify(expectedCause)}`;
}
