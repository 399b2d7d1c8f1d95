/** Reading what the user names on the command line: definitions, inputs and JSON files, with usage errors. */
import { readFile } from 'node:fs/promises';
import { isDefinitionTooLarge } from '../asl/parse-limits';
import { parseSubstitutionPairs } from '../asl/substitute';
import { type Json } from '../asl/types';
import { decodeUtf8, importDefinition, type ImportResult } from '../importer/import';

/** A usage problem: one line for the user, exit code 2. */
export class UsageError extends Error {}

/** Reads a file the user named, failing with a usage error that names it. */
export async function readText(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UsageError(
      `Cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the path.`,
    );
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new UsageError(`Cannot read the ${what} ${path}: ${decoded.message}.`);
  return decoded.text;
}

/** Parses JSON the user gave, failing with a usage error that says which. */
export function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new UsageError(`The ${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The execution input from --input or --input-file (default {}). */
export async function executionInput(options: {
  readonly input?: string;
  readonly inputFile?: string;
}): Promise<Json> {
  if (options.input !== undefined && options.inputFile !== undefined)
    throw new UsageError('Give --input or --input-file, not both.');
  if (options.inputFile !== undefined)
    return parseJson(await readText(options.inputFile, 'input file'), `input file ${options.inputFile}`);
  return options.input === undefined ? {} : parseJson(options.input, '--input value');
}

/** Reads, substitutes and validates a definition file, or fails with its diagnostics and what to do next. */
export async function loadDefinition(
  file: string,
  substitute: readonly string[] = [],
): Promise<Extract<ImportResult, { ok: true }>> {
  const text = await readText(file, 'definition');
  const { substitutions, invalid } = parseSubstitutionPairs(substitute);
  if (invalid.length > 0) throw new UsageError(`--substitute takes Name=Value, not: ${invalid.join(', ')}`);
  const imported = importDefinition(text, {
    file,
    substitutions: Object.keys(substitutions).length > 0 ? substitutions : undefined,
  });
  if (!imported.ok) {
    // Over AWS's 1 MiB the API refuses the definition outright: its one message, as CreateStateMachine gives it.
    if (imported.diagnostics.length === 1 && isDefinitionTooLarge(imported.diagnostics[0]))
      throw new UsageError(`${file}: ${imported.diagnostics[0].message}`);
    const lines = imported.diagnostics.map((d) => `  ${d.severity} ${d.code} at ${d.location}: ${d.message}`);
    throw new UsageError(
      `${file} is not a valid state machine:\n${lines.join('\n')}\nRun \`asl-temporal validate ${file}\` for details.`,
    );
  }
  return imported;
}
