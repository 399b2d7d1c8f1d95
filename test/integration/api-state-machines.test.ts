/**
 * The Step Functions API's state machine operations through @aws-sdk/client-sfn against `asl-temporal serve` on the
 * dev server; a restart of `serve` keeps machines, revisions, activities, tags and executions.
 */
import {
  CreateActivityCommand,
  DescribeActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { uniqueId } from '../support/temporal';
import { eventually, PASSING, ROLE, type Serve, startServe, WAITING } from './api-support';

const ARN_PREFIX = 'arn:aws:states:us-east-1:123456789012:stateMachine:';

describe('Step Functions API: state machines', () => {
  const taskQueue = uniqueId('api-sm');
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe(taskQueue);
  }, 120_000);
  afterAll(async () => {
    // SIGTERM ends serve cleanly.
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  it('creates, describes (idempotently), lists, updates and deletes a machine', async () => {
    const { sfn } = serve;
    const name = uniqueId('machine');
    const created = await sfn.send(
      new CreateStateMachineCommand({ name, definition: PASSING, roleArn: ROLE, type: 'STANDARD' }),
    );
    expect(created.stateMachineArn).toBe(`${ARN_PREFIX}${name}`);
    expect(created.creationDate).toBeInstanceOf(Date);
    expect(Math.abs(created.creationDate!.getTime() - Date.now())).toBeLessThan(60_000);

    // The same name and definition is the same machine; another definition is refused.
    const again = await sfn.send(new CreateStateMachineCommand({ name, definition: PASSING, roleArn: ROLE }));
    expect(again).toMatchObject({
      stateMachineArn: created.stateMachineArn,
      creationDate: created.creationDate,
    });
    await expect(
      sfn.send(new CreateStateMachineCommand({ name, definition: WAITING, roleArn: ROLE })),
    ).rejects.toThrow(StateMachineAlreadyExists);

    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(described).toMatchObject({
      stateMachineArn: created.stateMachineArn,
      name,
      status: 'ACTIVE',
      definition: PASSING,
      roleArn: ROLE,
      type: 'STANDARD',
      creationDate: created.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });

    const listed = await eventually(async () => {
      const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
      return stateMachines?.find((m) => m.name === name);
    }, 'the machine in ListStateMachines');
    expect(listed).toEqual({
      stateMachineArn: created.stateMachineArn,
      name,
      type: 'STANDARD',
      creationDate: created.creationDate,
    });

    const updated = await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        definition: WAITING,
        roleArn: `${ROLE}-2`,
      }),
    );
    expect(updated.updateDate).toBeInstanceOf(Date);
    expect(updated.revisionId).toEqual(expect.any(String));
    expect(updated.revisionId).not.toBe(described.revisionId);
    const after = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(after).toMatchObject({
      definition: WAITING,
      roleArn: `${ROLE}-2`,
      revisionId: updated.revisionId,
    });

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })),
    ).rejects.toThrow(StateMachineDoesNotExist);
    // Deleting again is not an error, and the name can be used again.
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    const recreated = await sfn.send(
      new CreateStateMachineCommand({ name, definition: WAITING, roleArn: ROLE }),
    );
    expect(recreated.stateMachineArn).toBe(created.stateMachineArn);
  });

  it("stores loggingConfiguration and tracingConfiguration, and an execution's events reach serve's log", async () => {
    const { sfn } = serve;
    const loggingConfiguration = {
      level: 'ALL' as const,
      includeExecutionData: false,
      destinations: [
        { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x:*' } },
      ],
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueId('logged'),
        definition: PASSING,
        roleArn: ROLE,
        loggingConfiguration,
        tracingConfiguration: { enabled: true },
      }),
    );
    expect(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).toMatchObject({
      loggingConfiguration,
      tracingConfiguration: { enabled: true },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'logged-run' }),
    );
    // The worker inside serve logs the execution's events (LoggingConfiguration ALL) on its stderr.
    await eventually(
      async () => (serve.process.output().includes('ExecutionSucceeded') ? true : undefined),
      'the ExecutionSucceeded log line',
    );
    expect(serve.process.output()).toContain(executionArn);

    const { revisionId } = await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, loggingConfiguration: { level: 'OFF' } }),
    );
    expect(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).toMatchObject({
      loggingConfiguration: { level: 'OFF' },
      tracingConfiguration: { enabled: true },
      revisionId,
    });
  });

  it('pages ListStateMachines with maxResults and nextToken', async () => {
    const { sfn } = serve;
    const names = [uniqueId('page-a'), uniqueId('page-b'), uniqueId('page-c')];
    for (const name of names) {
      await sfn.send(new CreateStateMachineCommand({ name, definition: PASSING, roleArn: ROLE }));
    }
    const seen = await eventually(async () => {
      const all: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
        expect(page.stateMachines!.length).toBeLessThanOrEqual(2);
        all.push(...page.stateMachines!.map((m) => m.name!));
        nextToken = page.nextToken;
      } while (nextToken);
      return names.every((n) => all.includes(n)) ? all : undefined;
    }, 'every machine across pages');
    // Newest first, and no machine twice.
    expect(seen.indexOf(names[2])).toBeLessThan(seen.indexOf(names[0]));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('tags and untags a machine', async () => {
    const { sfn } = serve;
    const name = uniqueId('tagged');
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name,
        definition: PASSING,
        roleArn: ROLE,
        tags: [{ key: 'team', value: 'orders' }],
      }),
    );
    await sfn.send(
      new TagResourceCommand({
        resourceArn: stateMachineArn,
        tags: [
          { key: 'env', value: 'test' },
          { key: 'team', value: 'billing' },
        ],
      }),
    );
    const tagged = await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    expect(tagged.tags).toEqual([
      { key: 'team', value: 'billing' },
      { key: 'env', value: 'test' },
    ]);
    await sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team'] }));
    const untagged = await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    expect(untagged.tags).toEqual([{ key: 'env', value: 'test' }]);
  });

  it("validates a definition with our validator's diagnostics", async () => {
    const { sfn } = serve;
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: PASSING }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
    const bad = await sfn.send(
      new ValidateStateMachineDefinitionCommand({
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }),
      }),
    );
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'ERROR',
        code: 'MISSING_TRANSITION_TARGET',
        location: '/States/A/Next',
      }),
    );
  });

  it('shares machines and executions with a second serve on the cluster that runs no worker', async () => {
    const second = await startServe(taskQueue, ['--no-worker']);
    try {
      const name = uniqueId('shared');
      const { stateMachineArn } = await second.sfn.send(
        new CreateStateMachineCommand({ name, definition: WAITING, roleArn: ROLE }),
      );
      // The update runs on the first serve's worker, which polls the same task queue.
      await second.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: PASSING }));
      expect(await serve.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).toMatchObject({
        name,
        definition: PASSING,
      });
      const { executionArn } = await second.sfn.send(
        new StartExecutionCommand({ stateMachineArn, name: 'via-second', input: '{}' }),
      );
      const done = await eventually(async () => {
        const d = await serve.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      }, 'the execution to end');
      expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"mark":"done"}' });
    } finally {
      expect(await second.process.stop()).toBe(0);
    }
  }, 60_000);

  it('keeps machines, revisions, activities, tags and executions across a restart of serve', async () => {
    const name = uniqueId('durable');
    const { stateMachineArn } = await serve.sfn.send(
      new CreateStateMachineCommand({
        name,
        definition: WAITING,
        roleArn: ROLE,
        tags: [{ key: 'keep', value: 'me' }],
      }),
    );
    const { revisionId } = await serve.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, roleArn: `${ROLE}-updated` }),
    );
    const { executionArn } = await serve.sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'survivor', input: '{"n":1}' }),
    );
    const activityName = uniqueId('durable-activity');
    const { activityArn } = await serve.sfn.send(
      new CreateActivityCommand({ name: activityName, tags: [{ key: 'team', value: 'ops' }] }),
    );

    expect(await serve.process.stop()).toBe(0);
    serve = await startServe(taskQueue);

    const { sfn } = serve;
    expect(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).toMatchObject({
      name,
      definition: WAITING,
      roleArn: `${ROLE}-updated`,
      revisionId,
    });
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags).toEqual([
      { key: 'keep', value: 'me' },
    ]);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      executionArn,
      stateMachineArn,
      name: 'survivor',
      status: 'RUNNING',
      input: '{"n":1}',
    });
    expect(await sfn.send(new DescribeActivityCommand({ activityArn }))).toMatchObject({
      activityArn,
      name: activityName,
    });
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: activityArn }))).tags).toEqual([
      { key: 'team', value: 'ops' },
    ]);
  }, 120_000);
});
