import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProgram } from '../../../src/cli/main';
import { loadWorkerConfig } from '../../../src/cli/worker-config';
import { tempDir } from '../../support/temp-dir';

describe('--encryption-key-file in the worker config and the commands', () => {
  it("resolves the config file's encryptionKeyFile against the file, as the other paths", async () => {
    const dir = tempDir('key-config');
    const file = join(dir, 'worker.yaml');
    writeFileSync(file, 'taskQueue: orders\nencryptionKeyFile: ./secrets/payload.key\n');
    await expect(loadWorkerConfig(file)).resolves.toEqual({
      taskQueue: 'orders',
      encryptionKeyFile: join(dir, 'secrets', 'payload.key'),
    });
    writeFileSync(file, 'encryptionKeyFile: 42\n');
    await expect(loadWorkerConfig(file)).rejects.toThrow(/"encryptionKeyFile" must be a non-empty string/);
  });

  it('is taken by worker, dev, run, codec-server and every command that talks to a cluster', () => {
    const program = createProgram();
    const taking = program.commands
      .filter((command) => command.options.some((option) => option.long === '--encryption-key-file'))
      .map((command) => command.name())
      .sort();
    // Contains, not equals: a new command built on withClusterOptions gets the flag too.
    expect(taking).toEqual(
      expect.arrayContaining([
        'codec-server',
        'describe',
        'dev',
        'graph',
        'history',
        'list',
        'run',
        'send-task-failure',
        'send-task-heartbeat',
        'send-task-success',
        'start',
        'stop',
        'worker',
      ]),
    );
    // validate reads files only: no Temporal, no key.
    expect(taking).not.toContain('validate');
  });
});
