import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/inputs';
import { loadWorkerConfig } from '../../../src/cli/worker-config';
import { tempDir } from '../../support/temp-dir';

function configFile(name: string, text: string): string {
  const dir = tempDir('config');
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('the worker config file', () => {
  it('reads YAML or JSON, resolving paths against the file', async () => {
    const file = configFile(
      'worker.yaml',
      'taskQueue: orders\nhandlers: ./handlers\nrealLambda: false\npollInterval: 10\notlpEndpoint: http://otel:4318\naws:\n  region: eu-west-1\n  endpoints:\n    dynamodb: http://localhost:8000\n',
    );
    await expect(loadWorkerConfig(file)).resolves.toEqual({
      taskQueue: 'orders',
      handlers: join(file, '..', 'handlers'),
      realLambda: false,
      pollInterval: 10,
      otlpEndpoint: 'http://otel:4318',
      aws: { region: 'eu-west-1', endpoints: { dynamodb: 'http://localhost:8000' } },
    });
    const json = configFile(
      'worker.json',
      '{"namespace": "prod", "stateMachines": "machines", "workflows": "../exported"}',
    );
    await expect(loadWorkerConfig(json)).resolves.toEqual({
      namespace: 'prod',
      stateMachines: join(json, '..', 'machines'),
      workflows: join(json, '..', '..', 'exported'),
    });
  });

  it('names the field and what it expected when a setting is wrong', async () => {
    await expect(loadWorkerConfig(configFile('a.yaml', 'pollInterval: soon\n'))).rejects.toThrow(
      /"pollInterval" must be seconds > 0/,
    );
    await expect(loadWorkerConfig(configFile('b.yaml', 'taskQeue: x\n'))).rejects.toThrow(
      /"taskQeue" must be one of the known settings/,
    );
    await expect(loadWorkerConfig(configFile('c.yaml', '- a\n'))).rejects.toBeInstanceOf(UsageError);
    await expect(loadWorkerConfig(configFile('e.yaml', 'workflows: 3\n'))).rejects.toThrow(
      /"workflows" must be a non-empty string/,
    );
    await expect(loadWorkerConfig(configFile('d.yaml', 'aws:\n  endpoints:\n    s3: 3\n'))).rejects.toThrow(
      /"aws.endpoints" must be an object of service id -> URL strings/,
    );
  });
});
