/**
 * `asl-temporal run` (on Temporal) refuses an oversized input, or a definition and mocks too large for one Temporal
 * payload, before it starts or contacts any server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExecution } from '../../../src/cli/run';
import { ExecutionPayloadTooLarge, MAX_PAYLOAD_BYTES } from '../../../src/dataflow/limits';
import { tempDir } from '../../support/temp-dir';

const text = (bytes: number): string => 'x'.repeat(bytes - 2);

function machineDir(): { dir: string; definition: string } {
  const dir = tempDir('cli-limits');
  const definition = join(dir, 'limits.asl.json');
  writeFileSync(
    definition,
    JSON.stringify({
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    }),
  );
  return { dir, definition };
}

describe('run on Temporal, before any server', () => {
  // An address nothing listens on: reaching it would fail differently (and slowly).
  const address = '127.0.0.1:1';

  it('refuses an input file over 256 KiB with the ValidationException of StartExecution', async () => {
    const { dir, definition } = machineDir();
    const inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify(text(MAX_PAYLOAD_BYTES + 1)));
    await expect(runExecution(definition, { inputFile, address })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
  });

  it('refuses mocks that would make the start payload pass one Temporal payload', async () => {
    const { dir, definition } = machineDir();
    const mockConfig = join(dir, 'mocks.json');
    const answers = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [String(i), { Return: text(MAX_PAYLOAD_BYTES - 100) }]),
    );
    writeFileSync(
      mockConfig,
      JSON.stringify({
        StateMachines: { limits: { TestCases: { default: { Work: 'Big' } } } },
        MockedResponses: { Big: answers },
      }),
    );
    await expect(runExecution(definition, { mockConfig, address })).rejects.toBeInstanceOf(
      ExecutionPayloadTooLarge,
    );
    // The same mocks run locally: the bound is Temporal's, not AWS's.
    await expect(runExecution(definition, { mockConfig, local: true })).resolves.toMatchObject({
      status: 'SUCCEEDED',
    });
  });
});
