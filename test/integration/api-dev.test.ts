/**
 * `asl-temporal dev` serves the Step Functions API too: an SDK client creates and starts through it, the CLI
 * sees the same machine's executions on the dev server's address (and the API sees the CLI's); a taken
 * `--api-port` is refused at once with the flag to change it; `--no-api` binds nothing.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { freePort } from '../../src/server/net';
import { type CliProcess, runCli } from '../support/cli';
import { startIsolatedDev } from '../support/isolated-cache';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { eventually, PASSING, ROLE } from './api-support';

/** Holds a loopback port, as another program would. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { port: (server.address() as { port: number }).port, server };
}

async function succeeded(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'SUCCEEDED' ? d : undefined;
  }, `${executionArn} to succeed`);
}

describe('asl-temporal dev serves the Step Functions API', () => {
  let dev: CliProcess | undefined;
  let noApi: CliProcess | undefined;
  let held: { port: number; server: Server };

  beforeAll(async () => {
    held = await holdPort();
  });

  afterAll(async () => {
    expect(await dev?.stop()).toBe(0);
    expect(await noApi?.stop()).toBe(0);
    held?.server.close();
  }, 60_000);

  it('answers an SDK client on --api-port, and the CLI sees the same machine and executions', async () => {
    const apiPort = await freePort();
    dev = await startIsolatedDev('api-dev', ['--api-port', String(apiPort)]);
    const output = dev.output();
    expect(output).toContain(`Step Functions API listening at http://127.0.0.1:${apiPort}`);
    const address = ['--address', /Temporal address: (\S+)/.exec(output)![1]];
    const sfn = new SFNClient({
      endpoint: `http://127.0.0.1:${apiPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      maxAttempts: 1,
    });

    const machine = uniqueId('dev-machine');
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: machine, definition: PASSING, roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'api', input: '{"k":1}' }),
    );
    await succeeded(sfn, executionArn!);
    const described = await runCli(['describe', `${machine}:api`, '--json', ...address]);
    expect(described).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(described.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      output: { k: 1, mark: 'done' },
    });

    // The CLI starts one under the machine's name on dev's worker; the API finds it by its ARN.
    const file = join(tempDir('api-dev'), `${machine}.asl.json`);
    writeFileSync(file, PASSING);
    const started = await runCli(['start', file, '--name', 'cli', '--input', '{"k":2}', ...address]);
    expect(started.code).toBe(0);
    const cliArn = `arn:aws:states:us-east-1:123456789012:execution:${machine}:cli`;
    expect(await succeeded(sfn, cliArn)).toMatchObject({
      stateMachineArn,
      name: 'cli',
      output: '{"k":2,"mark":"done"}',
    });
  }, 150_000);

  it('refuses a taken --api-port before starting anything, naming the flag', async () => {
    const r = await runCli(['dev', '--api-port', String(held.port)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Port ${held.port} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain('choose another with --api-port <port>, or leave the API out with --no-api');
    expect(r.stderr).not.toContain('Temporal dev server ready');
  });

  it('with --no-api serves no API (the taken port does not matter)', async () => {
    noApi = await startIsolatedDev('api-dev-none', ['--no-api', '--api-port', String(held.port)]);
    expect(noApi.output()).not.toContain('Step Functions API listening');
  }, 150_000);
});
