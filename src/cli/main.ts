#!/usr/bin/env node
/**
 * The `asl-temporal` command. Each command lives in its own file with a `register(program)` function; adding a
 * command is one import and one call here.
 */
import { Command, CommanderError } from 'commander';
import { register as registerCodecServer } from './codec-server';
import { register as registerDev } from './dev';
import { register as registerExecutions, registerList } from './executions';
import { register as registerExport } from './export';
import { register as registerGraph } from './graph';
import { register as registerRun } from './run';
import { register as registerServe } from './serve';
import { register as registerTaskTokens } from './task-tokens';
import { register as registerValidate } from './validate';
import { register as registerWorker } from './worker';

// Our AWS SDK versions are pinned and run on Node 20; the SDK's notice about its future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Exit code for usage errors and unreadable input (0: success, 1: invalid definition). */
export const EXIT_USAGE = 2;

/** Builds the program with every command registered (exported for tests). */
export function createProgram(): Command {
  const program = new Command()
    .name('asl-temporal')
    .description('Run AWS Step Functions state machines (Amazon States Language) as Temporal workflows.')
    .option('--verbose', 'on an error, print its stack trace too')
    // Usage errors exit 2, not commander's default 1, which means "invalid definition" here.
    .exitOverride((err: CommanderError) => {
      throw err;
    });
  registerValidate(program);
  registerRun(program);
  registerWorker(program);
  registerExecutions(program);
  registerList(program);
  registerDev(program);
  registerGraph(program);
  registerExport(program);
  registerTaskTokens(program);
  registerCodecServer(program);
  registerServe(program);
  return program;
}

/** Runs the command line and sets the process exit code; never lets a stack trace reach the user. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (thrown) {
    if (thrown instanceof CommanderError) return thrown.exitCode === 0 ? 0 : EXIT_USAGE;
    process.stderr.write(`asl-temporal: ${thrown instanceof Error ? thrown.message : String(thrown)}\n`);
    // The stack helps us, not the user: only on request.
    if (argv.includes('--verbose') && thrown instanceof Error && thrown.stack) {
      process.stderr.write(`${thrown.stack}\n`);
    }
    return EXIT_USAGE;
  }
}

let unexpectedError = false;

/**
 * A promise nobody awaited failed, or a library's timer threw: report it in one line, as any other error, instead
 * of Node's stack trace and crash, and make the exit status say something went wrong.
 */
function reportUnhandled(argv: readonly string[]): (reason: unknown) => void {
  return (reason) => {
    unexpectedError = true;
    const message = reason instanceof Error ? reason.message : String(reason);
    process.stderr.write(`asl-temporal: unexpected error: ${message} (--verbose shows where it came from)\n`);
    if (argv.includes('--verbose') && reason instanceof Error && reason.stack) {
      process.stderr.write(`${reason.stack}\n`);
    }
    process.exitCode = EXIT_USAGE;
  };
}

if (require.main === module) {
  process.on('unhandledRejection', reportUnhandled(process.argv));
  process.on('uncaughtException', reportUnhandled(process.argv));
  void main(process.argv).then((code) => {
    // An unexpected error reported on the way keeps its status.
    process.exitCode = unexpectedError && code === 0 ? EXIT_USAGE : code;
  });
}
