/**
 * The AWS CLI as a second real client of the Step Functions API: `aws stepfunctions ... --endpoint-url` against
 * `asl-temporal serve` on the dev server, one scenario from create to delete. The CLI is botocore, not the JS SDK,
 * so this checks the wire protocol (JSON 1.0 targets, error shapes, timestamps) with a client we did not write.
 * Each `aws` call starts Python (~0.7 s), so the scenario keeps its call count small.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_CLI_ENV, AWS_CLI_UNAVAILABLE } from '../../src/server/aws-cli';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { eventually, PASSING, ROLE, type Serve, startServe } from './api-support';

jest.setTimeout(120_000);

interface AwsResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The `aws` the global setup found, or a failure that says how to provide one (never a silent skip). */
function awsPath(): string {
  const path = process.env[AWS_CLI_ENV];
  if (path) return path;
  throw new Error(
    process.env[AWS_CLI_UNAVAILABLE] ??
      `No AWS CLI: set ${AWS_CLI_ENV}=/path/to/aws or run \`npm run setup:servers\` online once.`,
  );
}

describe('the AWS CLI against asl-temporal serve', () => {
  const taskQueue = uniqueId('api-aws-cli');
  let serve: Serve;
  let dir: string;
  let aws: string;

  /** Runs `aws stepfunctions <args>` against serve with dummy credentials and no user config. */
  function stepfunctions(args: readonly string[]): Promise<AwsResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      // Keep the developer's ~/.aws and the run's moto endpoint out of it.
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_PAGER: '',
    };
    return new Promise((resolve) => {
      execFile(
        aws,
        ['stepfunctions', ...args, '--endpoint-url', serve.endpoint, '--output', 'json'],
        { env, timeout: 60_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** `stepfunctions(args)` that must succeed; its JSON output. */
  async function ok(args: readonly string[]): Promise<Record<string, unknown>> {
    const r = await stepfunctions(args);
    if (r.code !== 0) throw new Error(`aws stepfunctions ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  }

  beforeAll(async () => {
    aws = awsPath();
    dir = tempDir('api-aws-cli');
    serve = await startServe(taskQueue);
  });
  afterAll(async () => {
    await serve?.process.stop();
  });

  it('creates, runs, inspects, tags and deletes a machine, and reports a missing execution as AWS does', async () => {
    const name = uniqueId('cli');
    writeFileSync(join(dir, 'definition.json'), PASSING);
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ order: 7 }));

    const created = await ok([
      'create-state-machine',
      '--name',
      name,
      '--definition',
      `file://${join(dir, 'definition.json')}`,
      '--role-arn',
      ROLE,
      '--tags',
      'key=team,value=asl',
    ]);
    const machineArn = created.stateMachineArn as string;
    expect(machineArn).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:${name}`);
    // AWS sends epoch seconds with milliseconds; CLI v1 (cli_timestamp_format "none") prints the wire value.
    expect(Math.abs((created.creationDate as number) * 1000 - Date.now())).toBeLessThan(60_000);

    const listed = await ok(['list-state-machines']);
    const machines = listed.stateMachines as { stateMachineArn: string; name: string; type: string }[];
    expect(machines).toContainEqual(
      expect.objectContaining({ stateMachineArn: machineArn, name, type: 'STANDARD' }),
    );

    const described = await ok(['describe-state-machine', '--state-machine-arn', machineArn]);
    expect(described).toMatchObject({ name, status: 'ACTIVE', roleArn: ROLE, type: 'STANDARD' });
    expect(JSON.parse(described.definition as string)).toEqual(JSON.parse(PASSING));

    const started = await ok([
      'start-execution',
      '--state-machine-arn',
      machineArn,
      '--name',
      'run-1',
      '--input',
      `file://${join(dir, 'input.json')}`,
    ]);
    const executionArn = started.executionArn as string;
    expect(executionArn).toBe(`arn:aws:states:us-east-1:123456789012:execution:${name}:run-1`);

    const done = await eventually(
      async () => {
        const d = await ok(['describe-execution', '--execution-arn', executionArn]);
        return d.status === 'RUNNING' ? undefined : d;
      },
      'the execution to finish',
      30,
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: machineArn, name: 'run-1' });
    expect(JSON.parse(done.output as string)).toEqual({ order: 7, mark: 'done' });

    const history = await ok(['get-execution-history', '--execution-arn', executionArn]);
    const types = (history.events as { type: string }[]).map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toContain('PassStateEntered');
    expect(types[types.length - 1]).toBe('ExecutionSucceeded');

    // The visibility store lags a little behind the execution's close.
    const executions = await eventually(
      async () => {
        const l = await ok(['list-executions', '--state-machine-arn', machineArn]);
        const found = l.executions as { executionArn: string; status: string }[];
        return found.some((e) => e.status === 'SUCCEEDED') ? found : undefined;
      },
      'list-executions to show the execution closed',
      20,
    );
    expect(executions).toEqual([
      expect.objectContaining({ executionArn, name: 'run-1', status: 'SUCCEEDED' }),
    ]);

    const missing = `arn:aws:states:us-east-1:123456789012:execution:${name}:no-such-run`;
    const failed = await stepfunctions(['describe-execution', '--execution-arn', missing]);
    // CLI v1 exits 255 for every error; v2 (ASL_AWS_CLI may name one) 254 for an error the service returned.
    expect([254, 255]).toContain(failed.code);
    expect(failed.stderr).toContain('(ExecutionDoesNotExist)');
    expect(failed.stderr).toContain(`Execution Does Not Exist: '${missing}'`);

    await ok(['tag-resource', '--resource-arn', machineArn, '--tags', 'key=env,value=test']);
    const tags = await ok(['list-tags-for-resource', '--resource-arn', machineArn]);
    expect(tags.tags).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'asl' },
        { key: 'env', value: 'test' },
      ]),
    );
    expect(tags.tags).toHaveLength(2);

    await ok(['delete-state-machine', '--state-machine-arn', machineArn]);
    const gone = await stepfunctions(['describe-state-machine', '--state-machine-arn', machineArn]);
    expect([254, 255]).toContain(gone.code);
    expect(gone.stderr).toContain('(StateMachineDoesNotExist)');
  });
});
