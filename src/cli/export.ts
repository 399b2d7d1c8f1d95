/**
 * `asl-temporal export <definition>`: writes the definition as a Temporal workflow in TypeScript
 * (`<name>.workflow.ts`), the interface of the Tasks it calls (`<name>.activities.ts`) and, with a
 * `mock-config.json` beside the definition, a time-skipping test of its test cases (`<name>.test.ts`).
 * Exit 0 written, 1 the definition is invalid, 2 unreadable or misused (as `validate`).
 */
import { type Command } from 'commander';
import { exportToDirectory } from '../export';
import { UsageError } from './inputs';

/** The options `export` takes. */
export interface ExportCommandOptions {
  readonly out?: string;
  readonly name?: string;
  readonly substitute?: readonly string[];
}

const EXAMPLES = `
Examples:
  $ asl-temporal export examples/choice-logic/definition.asl.json
  $ asl-temporal export order.asl.yaml --out src/workflows --name orderWorkflow --substitute Fn=arn:aws:lambda:...

Without --out the files go to exported/ beside the definition; without --name the workflow is named after the
state machine (its folder for definition.asl.json), in camelCase. The workflow imports asl-temporal/workflow.

Exit status: 0 when the files are written, 1 when the definition is invalid (its diagnostics are printed),
2 when a file cannot be read or written or the command line is wrong.`;

/** Runs `export` and returns its exit code, printing through the given functions. */
export async function runExport(
  definition: string,
  options: ExportCommandOptions,
  io: { stdout(text: string): void; stderr(text: string): void },
): Promise<number> {
  try {
    const written = await exportToDirectory(definition, options);
    io.stdout(`${written.map((file) => `wrote ${file}`).join('\n')}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`asl-temporal export: ${message}\n`);
    if (err instanceof UsageError) return message.includes('is not a valid state machine') ? 1 : 2;
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(
      code
        ? `Hint: check that --out (${options.out ?? 'exported/ beside the definition'}) is a folder you can write to.\n`
        : 'Hint: the definition is valid but could not be exported; please report it with the definition.\n',
    );
    return 2;
  }
}

/** Adds the `export` command to a program. */
export function register(program: Command): void {
  program
    .command('export')
    .description('Write a state machine as a Temporal workflow in TypeScript, with its activities and tests.')
    .argument('<definition>', 'the definition file (.json, .asl.json, .yaml, .yml)')
    .option('--out <dir>', 'the output folder (default: exported/ beside the definition)')
    .option('--name <workflowName>', 'the workflow function name (default: the machine name in camelCase)')
    .option(
      '--substitute <Name=Value>',
      'a definition substitution for ${Name} (repeatable, as for run)',
      (pair: string, all: string[] | undefined) => [...(all ?? []), pair],
    )
    .addHelpText('after', EXAMPLES)
    .action(async (definition: string, options: ExportCommandOptions) => {
      process.exitCode = await runExport(definition, options, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    });
}
