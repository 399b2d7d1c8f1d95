/** The machines a worker may start as nested executions (`states:startExecution`), from a folder of definitions. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type StateMachine } from '../asl/types';
import { checkDefinitionSize } from '../dataflow/limits';
import { loadDefinition, UsageError } from './inputs';

const DEFINITION = /\.(asl\.json|asl\.ya?ml|json|ya?ml)$/i;

/**
 * Loads every definition in a folder, keyed by state machine name (the file name without `.asl.json`, or the
 * folder name for `<name>/definition.asl.json`), so a StateMachineArn ending in `:stateMachine:<name>` finds it.
 */
export async function loadStateMachines(dir: string | undefined): Promise<Record<string, StateMachine>> {
  if (!dir) return {};
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new UsageError(
      `Cannot read the state machines folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}. Check the path.`,
    );
  }
  const machines: Record<string, StateMachine> = {};
  for (const entry of entries) {
    const nested = join(dir, entry.name, 'definition.asl.json');
    const file = entry.isDirectory()
      ? existsSync(nested)
        ? nested
        : undefined
      : DEFINITION.test(entry.name)
        ? join(dir, entry.name)
        : undefined;
    if (!file) continue;
    const imported = await loadDefinition(file);
    // A nested execution's child carries its definition: within AWS's 1 MiB, definition and input (256 KiB) fit
    // one Temporal payload.
    try {
      checkDefinitionSize(imported.machine);
    } catch (err) {
      throw new UsageError(`${file}: ${(err as Error).message}`);
    }
    machines[imported.name] = imported.machine;
  }
  return machines;
}
