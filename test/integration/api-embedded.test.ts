/**
 * `asl-temporal serve` without `--address`: its own embedded dev server, persisting to `--db-file`, so a restart
 * finds the machines and executions again.
 */
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { eventually, PASSING, ROLE, type Serve, startServe } from './api-support';

describe('Step Functions API on the embedded dev server', () => {
  let serve: Serve | undefined;
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  it('keeps machines, tags and executions in the --db-file across a restart', async () => {
    const dbFile = join(tempDir('api-embedded'), 'api.sqlite');
    const taskQueue = uniqueId('api-embedded');
    serve = await startServe(taskQueue, ['--db-file', dbFile], { embedded: true });
    expect(serve.process.output()).toContain('Temporal dev server ready at');
    const name = uniqueId('embedded');
    const { stateMachineArn } = await serve.sfn.send(
      new CreateStateMachineCommand({
        name,
        definition: PASSING,
        roleArn: ROLE,
        tags: [{ key: 'k', value: 'v' }],
      }),
    );
    const { executionArn } = await serve.sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'kept', input: '{"a":1}' }),
    );
    await eventually(async () => {
      const d = await serve!.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    }, 'the execution to succeed');

    expect(await serve.process.stop()).toBe(0);
    serve = await startServe(taskQueue, ['--db-file', dbFile], { embedded: true });

    const { sfn } = serve;
    expect(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).toMatchObject({
      name,
      definition: PASSING,
    });
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags).toEqual([
      { key: 'k', value: 'v' },
    ]);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"a":1,"mark":"done"}',
    });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions?.map((e) => e.name)).toEqual(['kept']);
  }, 120_000);
});
