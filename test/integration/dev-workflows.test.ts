/**
 * `asl-temporal dev --workflows DIR` and `serve --workflows DIR`: the in-process worker registers the folder's
 * exported workflows beside the generic `stateMachine`, so a plain Temporal client starts one by its type name on
 * the worker's queue; `describe` of such an execution shows its input (the first argument) and its machine (the
 * caller's `stateMachineName`, else the workflow type).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type CliProcess, runCli, startCli } from '../support/cli';
import { startIsolatedDev } from '../support/isolated-cache';
import { sharedSetting } from '../support/shared-env';
import { uniqueId } from '../support/temporal';

const ROOT = join(__dirname, '..', '..');
const example = join(ROOT, 'examples', 'sequential-processing');
const input = JSON.parse(readFileSync(join(example, 'input.json'), 'utf8')) as Record<string, unknown>;
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8')) as unknown;
const exported = join(ROOT, 'test', 'fixtures', 'exported');

/** `describe --json` of an execution, parsed, with its exit code. */
async function describeCli(address: string, name: string): Promise<{ code: number | null; d: unknown }> {
  const r = await runCli(['describe', name, '--address', address, '--json']);
  return { code: r.code, d: r.stdout ? (JSON.parse(r.stdout) as unknown) : r.stderr };
}

describe('asl-temporal dev --workflows', () => {
  let dev: CliProcess | undefined;
  let connection: Connection | undefined;
  let address = '';

  beforeAll(async () => {
    dev = await startIsolatedDev('dev-workflows', [
      '--no-api',
      '--handlers',
      join(example, 'handlers'),
      '--workflows',
      exported,
    ]);
    address = /Temporal address: (\S+)/.exec(dev.output())![1];
    connection = await Connection.connect({ address });
  }, 150_000);
  afterAll(async () => {
    await connection?.close();
    expect(await dev?.stop()).toBe(0);
  }, 60_000);

  it('says which exported workflows its worker registered', () => {
    expect(dev!.output()).toContain('with 3 local handlers; exported workflows: orderFlow; Ctrl-C to stop.');
  });

  it('runs the exported workflow started by its type name, and describe shows its input and machine', async () => {
    const client = new Client({ connection: connection! });
    const name = uniqueId('dev-order');
    const output = await client.workflow.execute('orderFlow', {
      args: [input],
      taskQueue: 'asl-temporal',
      workflowId: name,
    });
    expect(output).toEqual(expected);
    // Nothing but the workflow type names the machine here (the code's own name stays inside the workflow).
    expect(await describeCli(address, name)).toEqual({
      code: 0,
      d: expect.objectContaining({ name, stateMachineName: 'orderFlow', status: 'SUCCEEDED', input, output }),
    });
  });

  it('describe names the machine the caller passed in ExecutionOptions, and a failed run its error', async () => {
    const client = new Client({ connection: connection! });
    const name = uniqueId('dev-order');
    const options = {
      stateMachineName: 'orders',
      mocks: { ProcessOrder: [{ Throw: { Error: 'OutOfStock', Cause: 'none left' } }] },
    };
    await expect(
      client.workflow.execute('orderFlow', {
        args: [input, options],
        taskQueue: 'asl-temporal',
        workflowId: name,
      }),
    ).rejects.toThrow();
    expect(await describeCli(address, name)).toEqual({
      code: 1,
      d: expect.objectContaining({
        name,
        stateMachineName: 'orders',
        status: 'FAILED',
        input,
        error: 'OutOfStock',
        cause: 'none left',
      }),
    });
  });

  it("still describes a definition's execution on the generic workflow by its own input and name", async () => {
    const r = await runCli([
      'start',
      join(example, 'definition.asl.json'),
      '--address',
      address,
      '--input-file',
      join(example, 'input.json'),
      '--name',
      uniqueId('dev-generic'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { name } = JSON.parse(r.stdout) as { name: string };
    const client = new Client({ connection: connection! });
    await client.workflow.getHandle(name).result();
    expect(await describeCli(address, name)).toEqual({
      code: 0,
      d: expect.objectContaining({
        name,
        stateMachineName: 'sequential-processing',
        status: 'SUCCEEDED',
        input,
        output: expected,
      }),
    });
  });
});

describe('asl-temporal serve --workflows', () => {
  it('registers the exported workflows on its worker, on a cluster', async () => {
    const taskQueue = uniqueId('serve-workflows');
    const devServer = sharedSetting('devServerAddress');
    const serve = await startCli(
      [
        'serve',
        '--address',
        devServer,
        '--port',
        '0',
        '--task-queue',
        taskQueue,
        '--handlers',
        join(example, 'handlers'),
        '--workflows',
        exported,
      ],
      'Step Functions API listening',
    );
    const connection = await Connection.connect({ address: devServer });
    try {
      expect(serve.output()).toContain('Exported workflows: orderFlow\n');
      const output = await new Client({ connection }).workflow.execute('orderFlow', {
        args: [input],
        taskQueue,
        workflowId: uniqueId('serve-order'),
      });
      expect(output).toEqual(expected);
    } finally {
      await connection.close();
      expect(await serve.stop()).toBe(0);
    }
  }, 120_000);

  it('refuses --workflows with --no-worker (exit 2, one line)', async () => {
    const r = await runCli([
      'serve',
      '--address',
      sharedSetting('devServerAddress'),
      '--no-worker',
      '--port',
      '0',
      '--workflows',
      exported,
    ]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 2,
      stderr:
        'asl-temporal: --workflows registers exported workflows on the worker serve runs, and --no-worker runs ' +
        'none: register them on the worker that polls the task queue (asl-temporal worker --workflows DIR).\n',
    });
  });
});
