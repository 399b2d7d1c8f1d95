/**
 * `asl-temporal worker --workflows DIR` on the shared dev server: the exported workflows of the folder are
 * registered beside the generic `stateMachine`, so a client starts either by its type name on the worker's queue.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { loadStateMachine } from '../../src/asl/parse';
import { type CliProcess, runCli, startCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { uniqueId } from '../support/temporal';

const ROOT = join(__dirname, '..', '..');
const example = join(ROOT, 'examples', 'sequential-processing');
const input = JSON.parse(readFileSync(join(example, 'input.json'), 'utf8')) as unknown;
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8')) as unknown;
const exported = join(ROOT, 'test', 'fixtures', 'exported');

describe('asl-temporal worker --workflows', () => {
  const taskQueue = uniqueId('worker-workflows');
  let worker: CliProcess;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    worker = await startCli(
      ['worker', '--address', sharedSetting('devServerAddress'), '--task-queue', taskQueue].concat([
        '--handlers',
        join(example, 'handlers'),
        '--workflows',
        exported,
      ]),
      'Worker polling',
    );
    connection = await Connection.connect({ address: sharedSetting('devServerAddress') });
    client = new Client({ connection });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    expect(await worker?.stop()).toBe(0);
  }, 60_000);

  it('says which exported workflows it registered', () => {
    expect(worker.output()).toContain('exported workflows: orderFlow;');
  });

  it('runs the exported workflow started by its type name', async () => {
    const output = await client.workflow.execute('orderFlow', {
      args: [input],
      taskQueue,
      workflowId: uniqueId('order-flow'),
    });
    expect(output).toEqual(expected);
  });

  it('fails an exported execution with the ASL error of a mocked Task', async () => {
    const run = client.workflow.execute('orderFlow', {
      args: [input, { mocks: { ProcessOrder: [{ Throw: { Error: 'OutOfStock', Cause: 'none left' } }] } }],
      taskQueue,
      workflowId: uniqueId('order-flow'),
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect({ type: (cause as ApplicationFailure).type, message: cause?.message }).toEqual({
      type: 'OutOfStock',
      message: 'none left',
    });
  });

  it('still runs definitions on the generic stateMachine workflow beside it', async () => {
    const { machine } = loadStateMachine(readFileSync(join(example, 'definition.asl.json'), 'utf8'));
    const output = await client.workflow.execute('stateMachine', {
      args: [{ definition: machine, input, stateMachineName: 'sequential' }],
      taskQueue,
      workflowId: uniqueId('generic'),
    });
    expect(output).toEqual(expected);
  });

  it('refuses a folder with no exported workflow (exit 2, one line)', async () => {
    const r = await runCli([
      'worker',
      '--address',
      sharedSetting('devServerAddress'),
      '--workflows',
      example,
    ]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 2,
      stderr: `asl-temporal: The workflows folder ${example} holds no <name>.workflow.ts or .workflow.js file.\n`,
    });
  });
});
