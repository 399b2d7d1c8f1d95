/**
 * LoggingConfig's IncludeExecutionData: false keeps inputs, outputs and causes out of every log line, the worker's
 * and the CLI's; true puts them in. Markers in the input, in a handler's output (built at run time) and in a
 * handler's error message (the cause) are looked for in all of stderr, for `run` (its in-process worker) and for a
 * `worker` process running executions `start`ed with --log-level.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runCli, startCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';

const TAG = randomBytes(6).toString('hex');
const INPUT_MARKER = `in-marker-${TAG}`;
const OUTPUT_MARKER = `out-marker-${TAG}`;
const CAUSE_MARKER = `cause-marker-${TAG}`;

const dir = tempDir('exec-logs');
const handlers = join(dir, 'handlers');
const definitionFile = join(dir, 'machine.asl.json');

beforeAll(() => {
  mkdirSync(handlers);
  // Both markers are built from the tag at run time, so neither is in the input or the definition.
  writeFileSync(
    join(handlers, 'mark.js'),
    "exports.handler = async (e) => ({ seen: e.secret, stamp: ['out', 'marker', e.tag].join('-') });\n",
  );
  writeFileSync(
    join(handlers, 'refuse.js'),
    "exports.handler = async (e) => { const err = new Error(['cause', 'marker', e.tag].join('-')); err.name = 'Refused'; throw err; };\n",
  );
  writeFileSync(
    definitionFile,
    JSON.stringify({
      StartAt: 'Mark',
      States: {
        Mark: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:mark',
          ResultPath: '$.marked',
          Next: 'Refuse',
        },
        Refuse: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:refuse',
          End: true,
        },
      },
    }),
  );
});

// Mark's result carries the output marker, Refuse's failure the cause marker: one execution shows all three.
const input = JSON.stringify({ secret: INPUT_MARKER, tag: TAG });
const address = () => sharedSetting('devServerAddress');
const markers = [INPUT_MARKER, OUTPUT_MARKER, CAUSE_MARKER];

async function run(withData: boolean): Promise<{ code: number | null; stderr: string }> {
  const r = await runCli([
    'run',
    definitionFile,
    '--handlers',
    handlers,
    '--address',
    address(),
    '--input',
    input,
    '--log-level',
    'ALL',
    ...(withData ? ['--include-execution-data'] : []),
    '--json',
  ]);
  return { code: r.code, stderr: r.stderr };
}

describe('asl-temporal run --log-level ALL', () => {
  it('without IncludeExecutionData logs events but no input, output or cause', async () => {
    const { code, stderr } = await run(false);
    expect(code).toBe(1);
    // The events are there (the log is on) ...
    expect(stderr).toContain('LambdaFunctionSucceeded Mark');
    expect(stderr).toContain('LambdaFunctionFailed Refuse');
    expect(stderr).toContain('"error":"Refused"');
    // ... and none of the data.
    for (const marker of markers) expect(stderr).not.toContain(marker);
  });

  it('with IncludeExecutionData logs the input, the output and the cause', async () => {
    const { code, stderr } = await run(true);
    expect(code).toBe(1);
    for (const marker of markers) expect(stderr).toContain(marker);
  });
});

// A worker process, two executions and their logs: 20-45 s on a quiet machine, past jest's 60 s under load.
describe('asl-temporal worker, executions started with --log-level ALL', () => {
  it('keeps the data out of its log unless the execution includes it', async () => {
    const taskQueue = uniqueId('exec-logs');
    const worker = await startCli(
      ['worker', '--address', address(), '--task-queue', taskQueue, '--handlers', handlers],
      'Worker polling',
    );
    const connection = await Connection.connect({ address: address() });
    try {
      const client = new Client({ connection });
      const start = async (withData: boolean) => {
        const name = uniqueId('exec-logs');
        const r = await runCli([
          'start',
          definitionFile,
          '--address',
          address(),
          '--task-queue',
          taskQueue,
          '--name',
          name,
          '--input',
          input,
          '--log-level',
          'ALL',
          ...(withData ? ['--include-execution-data'] : []),
        ]);
        expect(r.code).toBe(0);
        for (const marker of markers) expect(r.stderr + r.stdout).not.toContain(marker);
        await client.workflow
          .getHandle(name)
          .result()
          .catch(() => undefined);
      };
      await start(false);
      const before = worker.output();
      expect(before).toContain('LambdaFunctionFailed Refuse');
      for (const marker of markers) expect(before).not.toContain(marker);

      await start(true);
      const after = worker.output().slice(before.length);
      for (const marker of markers) expect(after).toContain(marker);
    } finally {
      await connection.close();
      await worker.stop();
    }
  }, 180_000);
});
