/**
 * The validator: every problem of a definition at once, as located diagnostics in AWS's vocabulary. It never
 * throws: anything it cannot make sense of is a diagnostic. Rule families live in `validate-*.ts`, one per concern.
 */
import { type Diagnostic, error, pointer } from './diagnostics';
import { buildContext, type ExecutionType, isObject } from './validate-context';
import { validateChoices } from './validate-choice';
import { validateDataflow } from './validate-dataflow';
import { validateErrorHandling } from './validate-errors';
import { validateFields } from './validate-fields';
import { validateGraph } from './validate-graph';
import { validateResources } from './validate-resource';
import { validateSchema } from './validate-schema';

/** Options of {@link validateStateMachine}. */
export interface ValidateOptions {
  /** What the machine will run as: EXPRESS machines may not use `.sync`, `.waitForTaskToken` or activities. */
  readonly type?: ExecutionType;
}

/**
 * How deep a definition's JSON may nest. Real definitions stay far below; the bound keeps every recursive rule
 * safe from stack exhaustion on hostile input.
 */
export const MAX_JSON_DEPTH = 512;

/** Validates a parsed definition (any JSON value) and returns all its diagnostics, errors first. */
export function validateStateMachine(value: unknown, options: ValidateOptions = {}): Diagnostic[] {
  try {
    return run(value, options);
  } catch (thrown) {
    // A bug in a rule must not take the caller down: report it as what it is.
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return [error('INTERNAL_ERROR', '/', `The validator failed unexpectedly: ${message}`)];
  }
}

function run(value: unknown, options: ValidateOptions): Diagnostic[] {
  if (value === null || value === undefined || value === '') {
    return [error('MISSING_DESCRIPTION', '/', 'The definition is empty')];
  }
  if (!isObject(value)) {
    return [
      error(
        'SCHEMA_VALIDATION_FAILED',
        '/',
        `A state machine definition must be a JSON object but got ${Array.isArray(value) ? 'an array' : typeof value}`,
      ),
    ];
  }
  const tooDeep = findTooDeep(value, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    return [
      error(
        'TOO_DEEPLY_NESTED',
        tooDeep,
        `The definition nests JSON values more than ${MAX_JSON_DEPTH} levels deep`,
      ),
    ];
  }
  const diagnostics: Diagnostic[] = [];
  const ctx = buildContext(value, options.type ?? 'STANDARD', (d) => diagnostics.push(d));
  validateSchema(ctx);
  validateGraph(ctx);
  validateFields(ctx);
  validateResources(ctx);
  validateErrorHandling(ctx);
  validateChoices(ctx);
  validateDataflow(ctx);
  return dedupe(diagnostics).sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'ERROR' ? -1 : 1,
  );
}

/** A value met while measuring depth, linked to its parent so a location is built only when needed. */
interface DepthEntry {
  readonly value: object;
  readonly depth: number;
  readonly parent?: DepthEntry;
  readonly key?: string;
}

/** The location of the first value nested deeper than `limit`, found without recursion. */
function findTooDeep(root: object, limit: number): string | undefined {
  const stack: DepthEntry[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop() as DepthEntry;
    if (entry.depth >= limit) return locationOf(entry);
    const value = entry.value as Record<string, unknown>;
    // for...in over a JSON value visits array indexes and own keys alike, without building entry arrays.
    for (const key in value) {
      const child = value[key];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: entry.depth + 1, parent: entry, key });
    }
  }
  return undefined;
}

function locationOf(entry: DepthEntry): string {
  const keys: string[] = [];
  for (let e: DepthEntry | undefined = entry; e?.key !== undefined; e = e.parent) keys.unshift(e.key);
  return pointer('', ...keys) || '/';
}

/** Drops exact repeats (two rules may see the same fault the same way). */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.location}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
