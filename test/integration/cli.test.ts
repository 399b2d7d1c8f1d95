/**
 * The `asl-temporal` command as a user runs it, each command its own process, against the shared dev server with a
 * worker that is itself `asl-temporal worker`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliProcess, runCli, startCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { uniqueId } from '../support/temporal';
import { tempDir } from '../support/temp-dir';

const example = join(__dirname, '..', '..', 'examples', 'sequential-processing');
const definition = join(example, 'definition.asl.json');
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8'));

/** A one-day Wait, so the execution is still running when the test stops it. */
function waitingMachine(): string {
  const dir = tempDir('cli');
  const file = join(dir, 'long-wait.asl.json');
  writeFileSync(
    file,
    JSON.stringify({ StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 86400, End: true } } }),
  );
  return file;
}

/** Retries a command until `done` says its result is final. */
async function until(args: string[], done: (stdout: string) => boolean): Promise<string> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const r = await runCli(args);
    last = r.stdout;
    if (r.code !== 2 && done(r.stdout)) return r.stdout;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`never done: asl-temporal ${args.join(' ')}\n${last}`);
}

describe('the asl-temporal CLI against the dev server', () => {
  const address = () => sharedSetting('devServerAddress');
  const taskQueue = uniqueId('cli');
  let worker: CliProcess;

  beforeAll(async () => {
    // The task queue and the handlers come from a config file, as a deployment would give them.
    const dir = tempDir('worker');
    const config = join(dir, 'worker.yaml');
    writeFileSync(
      config,
      `taskQueue: ${taskQueue}\nhandlers: ${join(example, 'handlers')}\npollInterval: 2\n`,
    );
    worker = await startCli(['worker', '--address', address(), '--config', config], 'Worker polling');
    expect(worker.output()).toContain(`Worker polling "${taskQueue}"`);
    expect(worker.output()).toContain('3 local handlers');
  }, 120_000);
  afterAll(async () => {
    // A clean shutdown on SIGTERM, as the Docker image relies on.
    expect(await worker?.stop()).toBe(0);
  }, 60_000);

  it('run --address prints exactly one JSON object with the output, and exits 0', async () => {
    const r = await runCli([
      'run',
      definition,
      '--address',
      address(),
      '--input-file',
      join(example, 'input.json'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
  }, 120_000);

  it('run --log-level ALL logs the execution events to stderr, keeping stdout one JSON object', async () => {
    const r = await runCli([
      'run',
      definition,
      '--address',
      address(),
      '--input-file',
      join(example, 'input.json'),
      '--json',
      '--log-level',
      'ALL',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
    for (const type of [
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionSucceeded',
      'ExecutionSucceeded',
    ]) {
      expect(r.stderr).toContain(type);
    }
  }, 120_000);

  it('start returns at once; describe and history show the finished execution', async () => {
    const name = uniqueId('order');
    const started = await runCli([
      'start',
      definition,
      '--address',
      address(),
      '--task-queue',
      taskQueue,
      '--input-file',
      join(example, 'input.json'),
      '--name',
      name,
      '--log-level',
      'ALL',
      '--json',
    ]);
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ name, started: true });

    const described = JSON.parse(
      await until(['describe', name, '--address', address(), '--json'], (out) => out.includes('"SUCCEEDED"')),
    );
    expect(described).toMatchObject({
      name,
      stateMachineName: 'sequential-processing',
      status: 'SUCCEEDED',
      output: expected,
    });

    const history = await runCli(['history', name, '--address', address(), '--json']);
    expect(history.code).toBe(0);
    const types = (JSON.parse(history.stdout) as { events: { type: string; state?: string }[] }).events.map(
      (e) => `${e.type}:${e.state ?? ''}`,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'ExecutionStarted:',
        'StateEntered:ProcessOrder',
        'TaskSucceeded:NotifyCustomer',
        'ExecutionSucceeded:',
      ]),
    );
    const table = await runCli(['history', name, '--address', address()]);
    expect(table.stdout).toMatch(/TaskStateEntered\s+ProcessOrder/);
    // Tasks on a Lambda function ARN are LambdaFunction* events, as in Step Functions' history.
    expect(table.stdout).toMatch(/LambdaFunctionSucceeded\s+ProcessOrder/);
    // The execution asked for LoggingConfiguration ALL: the worker process logged its events.
    expect(worker.output()).toMatch(new RegExp(`ExecutionSucceeded[^\\n]*${name}`));
  }, 180_000);

  it('stop aborts a running execution with the error and cause given', async () => {
    const name = uniqueId('napping');
    const file = waitingMachine();
    expect(
      (await runCli(['start', file, '--address', address(), '--task-queue', taskQueue, '--name', name])).code,
    ).toBe(0);
    const stopped = await runCli([
      'stop',
      name,
      '--address',
      address(),
      '--error',
      'Operator.Cancel',
      '--cause',
      'customer called',
    ]);
    expect(stopped.code).toBe(0);
    const described = await runCli(['describe', name, '--address', address(), '--json']);
    expect(described.code).toBe(1);
    expect(JSON.parse(described.stdout)).toMatchObject({
      status: 'ABORTED',
      error: 'Operator.Cancel',
      cause: 'customer called',
    });
  }, 180_000);

  it('run --state-machines starts nested executions from a folder of definitions', async () => {
    const machines = tempDir('machines');
    writeFileSync(
      join(machines, 'tripler.asl.json'),
      JSON.stringify({
        StartAt: 'Triple',
        States: {
          Triple: {
            Type: 'Pass',
            Parameters: { 'n.$': 'States.MathAdd($.n, States.MathAdd($.n, $.n))' },
            End: true,
          },
        },
      }),
    );
    const parentFile = join(tempDir('parent'), 'parent.asl.json');
    writeFileSync(
      parentFile,
      JSON.stringify({
        StartAt: 'Nested',
        States: {
          Nested: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:tripler',
              'Input.$': '$',
            },
            OutputPath: '$.Output',
            End: true,
          },
        },
      }),
    );
    const r = await runCli(
      [
        'run',
        parentFile,
        '--address',
        address(),
        '--state-machines',
        machines,
        '--input',
        '{"n": 3}',
        '--json',
      ],
      { timeoutMs: 120_000 },
    );
    expect({ code: r.code, stdout: r.stdout, stderr: r.code === 0 ? '' : r.stderr }).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ status: 'SUCCEEDED', output: { n: 9 } })}\n`,
      stderr: '',
    });
  }, 150_000);

  it('graph prints a Mermaid diagram of the machine', async () => {
    const r = await runCli(['graph', definition, '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart/m);
    expect(r.stdout).toMatch(/ProcessOrder[\s\S]*UpdateInventory[\s\S]*NotifyCustomer/);
  });

  describe('errors: one clear line with the fix, never a stack trace (unless --verbose)', () => {
    const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

    it('a missing file', async () => {
      const r = await runCli(['run', join(example, 'nope.asl.json'), '--local']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Cannot read the definition .*nope\.asl\.json: ENOENT\. Check the path\./);
      noStack(r.stderr);
    });

    it('bad JSON input', async () => {
      const r = await runCli(['run', definition, '--local', '--input', '{oops']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/The --input value is not valid JSON: .* at position 1/);
      noStack(r.stderr);
    });

    it('a server that is down', async () => {
      const r = await runCli(['describe', 'anything', '--address', '127.0.0.1:1']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/127\.0\.0\.1:1/);
      noStack(r.stderr);
      const verbose = await runCli(['describe', 'anything', '--address', '127.0.0.1:1', '--verbose']);
      expect(verbose.stderr).toMatch(/\n\s+at /);
    });

    it('an unknown execution', async () => {
      const r = await runCli(['describe', uniqueId('unknown'), '--address', address()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/No execution named .*Check the name and the --namespace/);
      noStack(r.stderr);
    });

    it('the history of an execution whose worker has gone', async () => {
      const name = uniqueId('orphan');
      const ran = await runCli(
        [
          'run',
          definition,
          '--address',
          address(),
          '--name',
          name,
          '--input-file',
          join(example, 'input.json'),
        ],
        {
          timeoutMs: 120_000,
        },
      );
      expect(ran.code).toBe(0);
      // run's in-process worker polled a task queue of its own, which nobody polls any more.
      const r = await runCli(['history', name, '--address', address()]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/No worker is polling the task queue "asl-temporal-run-[^"]+"/);
      expect(r.stderr).toMatch(
        /Start one \(asl-temporal worker --task-queue asl-temporal-run-\S+\) and retry/,
      );
      noStack(r.stderr);
    }, 150_000);
  });
});
