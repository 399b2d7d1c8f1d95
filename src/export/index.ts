/**
 * `asl-temporal export`: turns a validated definition into a Temporal workflow a developer owns.
 *
 * The generated `<name>.workflow.ts` imports only `asl-temporal/workflow`: in an installed package that is the
 * `workflow/` folder, whose package.json points at `dist/workflows/lib/index.js` (and `.d.ts`); in this repository
 * tsconfig `paths` and jest's `moduleNameMapper` map it to `workflows/lib/index.ts`, and a workflow bundle must
 * alias it there too (webpack `resolve.alias['asl-temporal/workflow']` = `<repo>/workflows/lib/index.ts`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type Json, type StateMachine } from '../asl/types';
import { loadDefinition, parseJson, readText, UsageError } from '../cli/inputs';
import { activitiesSource } from './activities-file';
import { formatTypeScript } from './format';
import { identifier } from './names';
import { testSource } from './test-file';
import { workflowSource } from './workflow-file';

/** The contents of the files one export writes (Prettier-formatted with the repository's .prettierrc). */
export interface ExportedFiles {
  readonly workflow: string;
  readonly activities: string;
  /** Only when a MockConfig is given. */
  readonly test?: string;
}

/** What {@link exportMachine} needs besides the definition. */
export interface ExportOptions {
  /** The workflow function's name (an identifier; files are `<name>.workflow.ts`, ...). */
  readonly name: string;
  /** A Step Functions Local mock config: its test cases become `<name>.test.ts`. */
  readonly mockConfig?: Json;
  /** `$$.StateMachine.Name` (default: the workflow name). */
  readonly stateMachineName?: string;
  /** For the test file: the definition, mock config and input files relative to the output folder. */
  readonly paths?: {
    readonly definition: string;
    readonly mockConfig: string;
    readonly input?: string;
    readonly handlers?: string;
  };
}

const pretty = formatTypeScript;

/**
 * Exports a validated definition: the workflow, its activities' interface and, given a MockConfig, its test.
 * Asynchronous because Prettier 3's `format` is.
 */
export async function exportMachine(
  definition: StateMachine,
  options: ExportOptions,
): Promise<ExportedFiles> {
  const name = options.name;
  const stateMachineName = options.stateMachineName ?? name;
  const workflow = await pretty(workflowSource(definition, name, stateMachineName));
  const activities = await pretty(activitiesSource(definition, name));
  if (options.mockConfig === undefined) return { workflow, activities };
  const test = await pretty(
    testSource({
      name,
      stateMachineName,
      mockConfig: options.mockConfig,
      definitionPath: options.paths?.definition ?? '../definition.asl.json',
      mockConfigPath: options.paths?.mockConfig ?? '../mock-config.json',
      inputPath: options.paths?.input,
      handlersPath: options.paths?.handlers,
    }),
  );
  return { workflow, activities, test };
}

/** Options of {@link exportToDirectory}, as the CLI takes them. */
export interface ExportToDirectoryOptions {
  /** The output folder (default: `exported/` beside the definition). */
  readonly out?: string;
  /** The workflow name (default: the state machine's name as a camelCase identifier). */
  readonly name?: string;
  /** `--substitute Name=Value` pairs for `${Name}` in the definition. */
  readonly substitute?: readonly string[];
}

/**
 * Reads (JSON or YAML, substituted, validated) and exports a definition file: the output folder and each file's
 * name and content, without writing anything.
 */
export async function exportFiles(
  definitionPath: string,
  options: ExportToDirectoryOptions = {},
): Promise<{ readonly out: string; readonly files: Readonly<Record<string, string>> }> {
  const imported = await loadDefinition(definitionPath, options.substitute);
  const folder = dirname(resolve(definitionPath));
  const out = resolve(options.out ?? join(folder, 'exported'));
  const name = options.name ?? identifier(imported.name);
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name))
    throw new UsageError(`--name must be an identifier, not '${name}'`);
  const mockPath = join(folder, 'mock-config.json');
  const inputPath = join(folder, 'input.json');
  const handlersPath = join(folder, 'handlers');
  const mockConfig = existsSync(mockPath)
    ? parseJson(await readText(mockPath, 'mock config'), mockPath)
    : undefined;
  const rel = (file: string) => relative(out, file).split('\\').join('/');
  const exported = await exportMachine(imported.machine, {
    name,
    stateMachineName: imported.name,
    mockConfig,
    paths: {
      definition: rel(resolve(definitionPath)),
      mockConfig: rel(mockPath),
      ...(existsSync(inputPath) ? { input: rel(inputPath) } : {}),
      ...(existsSync(handlersPath) ? { handlers: rel(handlersPath) } : {}),
    },
  });
  const files: Record<string, string> = {
    [`${name}.workflow.ts`]: exported.workflow,
    [`${name}.activities.ts`]: exported.activities,
  };
  if (exported.test !== undefined) files[`${name}.test.ts`] = exported.test;
  return { out, files };
}

/** Exports a definition file into a folder (default: `exported/` beside it) and returns the paths written. */
export async function exportToDirectory(
  definitionPath: string,
  options: ExportToDirectoryOptions = {},
): Promise<string[]> {
  const { out, files } = await exportFiles(definitionPath, options);
  await mkdir(out, { recursive: true });
  const paths: string[] = [];
  for (const [file, content] of Object.entries(files)) {
    await writeFile(join(out, file), content);
    paths.push(join(out, file));
  }
  return paths;
}
