/**
 * Step Functions activities through @aws-sdk/client-sfn against `asl-temporal serve`: their records, and a Task
 * whose Resource is an activity ARN waiting for an activity worker that polls GetActivityTask and answers with
 * SendTask*, with HeartbeatSeconds and TimeoutSeconds enforced.
 */
import {
  ActivityDoesNotExist,
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListTagsForResourceCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { runCli } from '../support/cli';
import { uniqueId } from '../support/temporal';
import { eventually, ROLE, type Serve, startServe } from './api-support';

/** A machine whose one Task is the activity, on part of its input. */
async function activityMachine(sfn: SFNClient, activityArn: string, task: object = {}): Promise<string> {
  const definition = JSON.stringify({
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: activityArn, InputPath: '$.job', End: true, ...task } },
  });
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: uniqueId('activity-machine'), definition, roleArn: ROLE }),
  );
  return stateMachineArn!;
}

async function finished(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, `the end of ${executionArn}`);
}

describe('Step Functions API: activities', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe(uniqueId('api-act'));
  }, 120_000);
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  it('creates (idempotently), describes, lists, tags and deletes an activity', async () => {
    const { sfn } = serve;
    const name = uniqueId('activity');
    const created = await sfn.send(
      new CreateActivityCommand({ name, tags: [{ key: 'team', value: 'ops' }] }),
    );
    expect(created.activityArn).toBe(`arn:aws:states:us-east-1:123456789012:activity:${name}`);
    expect(created.creationDate).toBeInstanceOf(Date);
    expect(await sfn.send(new CreateActivityCommand({ name }))).toMatchObject({
      activityArn: created.activityArn,
      creationDate: created.creationDate,
    });
    expect(await sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn }))).toMatchObject({
      activityArn: created.activityArn,
      name,
      creationDate: created.creationDate,
    });
    const listed = await eventually(async () => {
      const { activities } = await sfn.send(new ListActivitiesCommand({}));
      return activities?.find((a) => a.name === name);
    }, 'the activity in ListActivities');
    expect(listed).toEqual({ activityArn: created.activityArn, name, creationDate: created.creationDate });

    await sfn.send(
      new TagResourceCommand({ resourceArn: created.activityArn, tags: [{ key: 'env', value: 'dev' }] }),
    );
    expect(
      (await sfn.send(new ListTagsForResourceCommand({ resourceArn: created.activityArn }))).tags,
    ).toEqual([
      { key: 'team', value: 'ops' },
      { key: 'env', value: 'dev' },
    ]);

    await sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    const gone = sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn }));
    await expect(gone).rejects.toThrow(ActivityDoesNotExist);
    await expect(gone).rejects.toThrow(`Activity Does Not Exist: '${created.activityArn}'`);
    await expect(sfn.send(new GetActivityTaskCommand({ activityArn: created.activityArn }))).rejects.toThrow(
      ActivityDoesNotExist,
    );
  });

  it('hands a Task to an activity worker and takes its success, heartbeat and failure', async () => {
    const { sfn } = serve;
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: uniqueId('worker') }));
    const stateMachineArn = await activityMachine(sfn, activityArn!, { HeartbeatSeconds: 30 });

    const ok = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"job":{"n":21}}' }));
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'test-worker' }));
    expect(task.taskToken).toEqual(expect.any(String));
    expect(JSON.parse(task.input!)).toEqual({ n: 21 });
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"doubled":42}' }));
    expect(await finished(sfn, ok.executionArn!)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"doubled":42}',
    });
    // Answered: the token is spent.
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })),
    ).rejects.toThrow(TaskTimedOut);

    const bad = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"job":{"n":0}}' }));
    const failing = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: failing.taskToken, error: 'Zero', cause: 'n is 0' }),
    );
    expect(await finished(sfn, bad.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'Zero',
      cause: 'n is 0',
    });

    // The history names them Activity* events, as AWS records an activity Task (test_activities' recordings).
    const succeeded = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: ok.executionArn })))
      .events!;
    expect(succeeded.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'ActivityScheduled'],
      [4, 3, 'ActivityStarted'],
      [5, 4, 'ActivitySucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(succeeded[2].activityScheduledEventDetails).toEqual({
      resource: activityArn,
      input: '{"n":21}',
      inputDetails: { truncated: false },
      heartbeatInSeconds: 30,
    });
    expect(succeeded[3].activityStartedEventDetails).toEqual({});
    expect(succeeded[4].activitySucceededEventDetails).toEqual({
      output: '{"doubled":42}',
      outputDetails: { truncated: false },
    });
    const failed = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: bad.executionArn })))
      .events!;
    expect(failed.slice(-2).map((e) => [e.type, e.previousEventId])).toEqual([
      ['ActivityFailed', 4],
      ['ExecutionFailed', 5],
    ]);
    expect(failed.at(-2)!.activityFailedEventDetails).toEqual({ error: 'Zero', cause: 'n is 0' });
  });

  it('enforces HeartbeatSeconds and TimeoutSeconds', async () => {
    const { sfn } = serve;
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: uniqueId('slow') }));
    const beating = await activityMachine(sfn, activityArn!, { HeartbeatSeconds: 1 });
    const quiet = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: beating, input: '{"job":{}}' }),
    );
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(task.taskToken).toEqual(expect.any(String));
    expect(await finished(sfn, quiet.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'States.HeartbeatTimeout',
    });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }))).rejects.toThrow(
      TaskTimedOut,
    );

    // Nobody polls: TimeoutSeconds counts from the Task's start, waiting included.
    const { activityArn: idle } = await sfn.send(new CreateActivityCommand({ name: uniqueId('idle') }));
    const bounded = await activityMachine(sfn, idle!, { TimeoutSeconds: 2 });
    const waited = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: bounded, input: '{"job":{}}' }),
    );
    expect(await finished(sfn, waited.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'States.Timeout',
    });
    const timedOut = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: waited.executionArn })))
      .events!;
    expect(timedOut.find((e) => e.type === 'ActivityTimedOut')!.activityTimedOutEventDetails).toMatchObject({
      error: 'States.Timeout',
    });
    expect(timedOut.find((e) => e.type === 'ActivityScheduled')!.activityScheduledEventDetails).toMatchObject(
      {
        timeoutInSeconds: 2,
      },
    );
  });

  it('cancels the poll of a caller that hung up, so the task goes to the next poll', async () => {
    const { sfn } = serve;
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: uniqueId('hangup') }));
    const stateMachineArn = await activityMachine(sfn, activityArn!);
    const abandoned = new AbortController();
    const gone = sfn.send(new GetActivityTaskCommand({ activityArn }), { abortSignal: abandoned.signal });
    await new Promise((r) => setTimeout(r, 500));
    abandoned.abort();
    await expect(gone).rejects.toThrow();
    // Let serve see the hang-up before the task exists.
    await new Promise((r) => setTimeout(r, 500));
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"job":{"v":1}}' }),
    );
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(JSON.parse(task.input!)).toEqual({ v: 1 });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '"ok"' }));
    expect(await finished(sfn, executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '"ok"' });
  }, 30_000);
});

describe('Step Functions API: GetActivityTask with nothing to hand out', () => {
  let serve: Serve;

  beforeAll(async () => {
    // AWS waits 60 s before its empty answer; --activity-poll-seconds shortens the wait for this test.
    serve = await startServe(uniqueId('api-act-empty'), ['--activity-poll-seconds', '3']);
  }, 120_000);
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  it('answers without a task token once its long poll ends, then still hands out a task that arrives', async () => {
    const { sfn } = serve;
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: uniqueId('idle') }));
    const empty = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'idle-worker' }));
    // AWS answers `{}` here (the SDK then reads taskToken and input as absent); an empty token would do as well.
    expect(empty.taskToken ?? '').toBe('');
    expect(empty.input).toBeUndefined();
    // The empty answer took nothing away: a Task started now reaches the next poll.
    const stateMachineArn = await activityMachine(sfn, activityArn!);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"job":{"after":"empty"}}' }),
    );
    const task = await eventually(
      async () => {
        const polled = await sfn.send(new GetActivityTaskCommand({ activityArn }));
        return polled.taskToken ? polled : undefined;
      },
      'the task after an empty poll',
      10,
    );
    expect(JSON.parse(task.input!)).toEqual({ after: 'empty' });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"done":true}' }));
    expect(await finished(sfn, executionArn!)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":true}',
    });
  }, 60_000);

  it('refuses a poll length the server cannot keep', async () => {
    const refused = await runCli(['serve', '--port', '0', '--activity-poll-seconds', '1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '--activity-poll-seconds takes a whole number of seconds from 2 to 60, not 1',
    );
  });
});
