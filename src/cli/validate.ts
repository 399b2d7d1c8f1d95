/**
 * `asl-temporal validate <file...>`: validates definitions as AWS's ValidateStateMachineDefinition does and prints
 * located diagnostics, for people or (with --json) for tools. Exit 0 valid, 1 invalid, 2 unreadable or misused.
 */
import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { type Diagnostic, hasErrors, resolvePointer } from '../asl/diagnostics';
import { type DefinitionFormat, locate, parseDefinition } from '../asl/parse';
import { parseSubstitutionPairs } from '../asl/substitute';
import { validateStateMachine } from '../asl/validate';
import { decodeUtf8 } from '../importer/import';

/** The options `validate` takes. */
export interface ValidateCommandOptions {
  readonly json?: boolean;
  readonly type?: 'STANDARD' | 'EXPRESS';
  readonly substitute?: readonly string[];
  readonly format?: DefinitionFormat;
}

/** Where `validate` reads and writes (injected so tests need no files or processes). */
export interface ValidateIo {
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One file's outcome. */
export interface FileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed definition, for snippets (absent when it did not parse). */
  readonly definition?: unknown;
}

const EXAMPLES = `
Examples:
  $ asl-temporal validate order.asl.json
  $ asl-temporal validate template/*.yaml --type EXPRESS
  $ asl-temporal validate machine.json --substitute OrderFn=arn:aws:lambda:us-east-1:123456789012:function:order --json

With --json, one file prints {"valid": boolean, "diagnostics": [...]}; several files print an array of
{"file": string, "valid": boolean, "diagnostics": [...]}, in the order given. Each diagnostic is
{"code", "severity", "message", "location", "line"?, "column"?}, as AWS's ValidateStateMachineDefinition reports.

Exit status: 0 when every file is valid (warnings allowed), 1 when one is invalid, 2 when a file cannot be read
or the command line is wrong.`;

/** Adds the `validate` command to a program. */
export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'Validate state machine definitions (JSON or YAML) and report every problem with its location.',
    )
    .argument('<file...>', 'definition files (.json, .asl.json, .yaml, .yml), or - for standard input')
    .option('--json', 'print machine-readable results on stdout')
    .addOption(
      new Option(
        '--type <type>',
        'the state machine type (EXPRESS forbids .sync, .waitForTaskToken, activities)',
      )
        .choices(['STANDARD', 'EXPRESS'])
        .default('STANDARD'),
    )
    .addOption(
      new Option('--format <format>', 'how to read the files (auto: by extension, then by content)')
        .choices(['auto', 'json', 'yaml'])
        .default('auto'),
    )
    .option(
      '--substitute <Name=Value>',
      'a definition substitution for ${Name} (repeatable, as SAM DefinitionSubstitutions)',
      (pair: string, all: string[] | undefined) => [...(all ?? []), pair],
    )
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: ValidateCommandOptions) => {
      process.exitCode = await runValidate(files, options, nodeIo);
    });
}

const nodeIo: ValidateIo = {
  readFile: async (path) => {
    const decoded = decodeUtf8(path === '-' ? await readStdin() : await readFile(path));
    if (!decoded.ok) throw new Error(decoded.message);
    return decoded.text;
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Validates files and prints the results; returns the exit code. */
export async function runValidate(
  files: readonly string[],
  options: ValidateCommandOptions,
  io: ValidateIo,
): Promise<number> {
  const { substitutions, invalid } = parseSubstitutionPairs(options.substitute ?? []);
  if (invalid.length > 0) {
    io.stderr(`asl-temporal: --substitute expects Name=Value, got '${invalid[0]}'\n`);
    return 2;
  }
  const reports: FileReport[] = [];
  let unreadable = false;
  for (const file of files) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (thrown) {
      const code = (thrown as { code?: unknown }).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'it is a directory'
            : (thrown as Error).message;
      io.stderr(`asl-temporal: cannot read '${file}': ${why}\n`);
      unreadable = true;
      continue;
    }
    reports.push(
      validateText(file, text, {
        format: options.format === 'auto' || !options.format ? formatFromName(file) : options.format,
        type: options.type ?? 'STANDARD',
        substitutions: options.substitute && options.substitute.length > 0 ? substitutions : undefined,
      }),
    );
  }
  if (options.json) io.stdout(renderJson(reports, files.length === 1) + '\n');
  else for (const report of reports) io.stdout(renderHuman(report));
  if (unreadable) return 2;
  return reports.every((r) => r.valid) ? 0 : 1;
}

/** Parses and validates one definition's text. */
export function validateText(
  file: string,
  text: string,
  options: { format: DefinitionFormat; type: 'STANDARD' | 'EXPRESS'; substitutions?: Record<string, string> },
): FileReport {
  const parsed = parseDefinition(text, { format: options.format, substitutions: options.substitutions });
  if (parsed.definition === undefined) {
    return { file, valid: false, diagnostics: parsed.diagnostics };
  }
  const format =
    options.format === 'auto'
      ? /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''))
        ? 'json'
        : 'yaml'
      : options.format;
  const found = locate(text, validateStateMachine(parsed.definition, { type: options.type }), format);
  const diagnostics = [...parsed.diagnostics, ...found];
  return { file, valid: !hasErrors(diagnostics), diagnostics, definition: parsed.definition };
}

function formatFromName(file: string): DefinitionFormat {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.json$/i.test(file)) return 'json';
  return 'auto';
}

/** The --json output: one object for one file, an array of objects (with `file`) for several. */
export function renderJson(reports: readonly FileReport[], single: boolean): string {
  if (single && reports.length === 1) {
    return JSON.stringify({ valid: reports[0].valid, diagnostics: reports[0].diagnostics });
  }
  return JSON.stringify(reports.map((r) => ({ file: r.file, valid: r.valid, diagnostics: r.diagnostics })));
}

/** The human output: one line per diagnostic, a short excerpt of the value it is about, and a summary. */
export function renderHuman(report: FileReport): string {
  const lines: string[] = [];
  // People read top to bottom: show findings in the order of the file (stable for those without a position).
  const ordered = [...report.diagnostics].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  for (const d of ordered) {
    lines.push(`${report.file}: ${d.severity} ${d.code} at ${d.location}: ${d.message}`);
    const excerpt =
      report.definition === undefined ? undefined : snippet(resolvePointer(report.definition, d.location));
    const position = d.line === undefined ? '' : `line ${d.line}, column ${d.column ?? 1}`;
    if (excerpt !== undefined || position) {
      lines.push(`    ${[excerpt, position && `(${position})`].filter(Boolean).join('  ')}`);
    }
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'ERROR').length;
  const warnings = report.diagnostics.length - errors;
  const counts = [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')]
    .filter(Boolean)
    .join(', ');
  lines.push(`${report.file}: ${report.valid ? 'valid' : 'invalid'}${counts ? ` (${counts})` : ''}`);
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A one-line JSON excerpt of a value, at most 100 characters. */
export function snippet(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Too deep to stringify (a TOO_DEEPLY_NESTED finding): the diagnostic says it all.
    return undefined;
  }
  if (text === undefined) return undefined;
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
