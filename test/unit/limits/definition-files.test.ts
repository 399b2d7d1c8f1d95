/** Definitions read from files (the worker's `--state-machines` folder) are held to AWS's 1 MiB as well. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/inputs';
import { loadStateMachines } from '../../../src/cli/machines';
import { MAX_DEFINITION_BYTES } from '../../../src/dataflow/limits';
import { tempDir } from '../../support/temp-dir';

/** A valid definition whose compact JSON text is `bytes` long. */
function definitionOf(bytes: number): string {
  const base = { StartAt: 'P', States: { P: { Type: 'Pass', Comment: '', End: true } } };
  const overhead = JSON.stringify(base).length;
  return JSON.stringify({
    ...base,
    States: { P: { ...base.States.P, Comment: 'c'.repeat(bytes - overhead) } },
  });
}

describe('the state machines folder', () => {
  it('loads a definition of exactly 1 MiB and refuses one byte more, naming the file', async () => {
    const dir = tempDir('machines');
    writeFileSync(join(dir, 'fits.asl.json'), definitionOf(MAX_DEFINITION_BYTES));
    await expect(loadStateMachines(dir)).resolves.toHaveProperty('fits');
    const file = join(dir, 'big.asl.json');
    writeFileSync(file, definitionOf(MAX_DEFINITION_BYTES + 1));
    await expect(loadStateMachines(dir)).rejects.toBeInstanceOf(UsageError);
    await expect(loadStateMachines(dir)).rejects.toMatchObject({
      message: `${file}: 1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576`,
    });
  });
});
