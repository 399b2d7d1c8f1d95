/**
 * The Step Functions API's execution and callback operations through @aws-sdk/client-sfn against `asl-temporal
 * serve` (with its in-process worker) on the dev server.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { approverHandlers, eventually, PASSING, ROLE, type Serve, startServe, WAITING } from './api-support';

const APPROVAL = JSON.stringify({
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'approver', Payload: { 'token.$': '$$.Task.Token' } },
      HeartbeatSeconds: 600,
      End: true,
    },
  },
});

async function createMachine(sfn: SFNClient, definition: string, prefix = 'exec'): Promise<string> {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: uniqueId(prefix), definition, roleArn: ROLE }),
  );
  return stateMachineArn!;
}

async function finished(sfn: SFNClient, executionArn: string) {
  return eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, `the end of ${executionArn}`);
}

/** The task token the Approve Task handed to its function, read from the execution's history. */
async function tokenOf(sfn: SFNClient, executionArn: string): Promise<string> {
  return eventually(async () => {
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const scheduled = events?.find((e) => e.type === 'TaskScheduled');
    if (!scheduled) return undefined;
    const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as {
      Payload: { token: string };
    };
    return parameters.Payload.token;
  }, 'the task token');
}

describe('Step Functions API: executions', () => {
  let serve: Serve;
  const taskQueue = uniqueId('api-exec');

  beforeAll(async () => {
    serve = await startServe(taskQueue, ['--handlers', approverHandlers()]);
  }, 120_000);
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  it('starts an execution and describes its result, with AWS ARNs and epoch-second dates', async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, PASSING);
    const machine = stateMachineArn.split(':').at(-1)!;
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'first', input: '{"order":7}' }),
    );
    expect(started.executionArn).toBe(`arn:aws:states:us-east-1:123456789012:execution:${machine}:first`);
    expect(started.startDate).toBeInstanceOf(Date);
    const done = await finished(sfn, started.executionArn!);
    expect(done).toMatchObject({
      executionArn: started.executionArn,
      stateMachineArn,
      name: 'first',
      status: 'SUCCEEDED',
      input: '{"order":7}',
      output: '{"order":7,"mark":"done"}',
      startDate: started.startDate,
    });
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());

    // Inside the execution, $$.Execution carries the bare name and the ARN, not the scoped workflow id.
    const context = await createMachine(
      sfn,
      JSON.stringify({
        StartAt: 'Who',
        States: {
          Who: {
            Type: 'Pass',
            Parameters: { 'name.$': '$$.Execution.Name', 'id.$': '$$.Execution.Id' },
            End: true,
          },
        },
      }),
    );
    const who = await sfn.send(new StartExecutionCommand({ stateMachineArn: context, name: 'me' }));
    expect(JSON.parse((await finished(sfn, who.executionArn!)).output!)).toEqual({
      name: 'me',
      id: who.executionArn,
    });

    // A name without one is a UUID.
    const unnamed = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    expect(unnamed.executionArn).toMatch(/:execution:[^:]+:[0-9a-f-]{36}$/);
  });

  it('is idempotent while running, then refuses the name; the same name may exist under two machines', async () => {
    const { sfn } = serve;
    const waiting = await createMachine(sfn, WAITING);
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: waiting, name: 'n', input: '{"a":1}' }),
    );
    const same = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: waiting, name: 'n', input: '{"a":1}' }),
    );
    expect(same).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: waiting, name: 'n', input: '{"a":2}' })),
    ).rejects.toThrow(ExecutionAlreadyExists);

    const other = await createMachine(sfn, PASSING);
    const elsewhere = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: other, name: 'n', input: '{"a":1}' }),
    );
    expect(elsewhere.executionArn).not.toBe(first.executionArn);
    await finished(sfn, elsewhere.executionArn!);
    // Closed: the same name and input is refused too.
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: other, name: 'n', input: '{"a":1}' })),
    ).rejects.toThrow(ExecutionAlreadyExists);
  });

  it('stops an execution with an error and cause', async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, WAITING);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'to-stop' }));
    // Stopped once it waits (api-history.test.ts covers one stopped before it ran at all).
    await eventually(async () => {
      const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return events?.some((e) => e.type === 'WaitStateEntered') ? true : undefined;
    }, 'the Wait state');
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Manual', cause: 'tired of it' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'tired of it' });
    // Its history ends with ExecutionAborted, after the state it was stopped in, as on AWS.
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'WaitStateEntered'],
      [3, 2, 'ExecutionAborted'],
    ]);
    expect(events![2].executionAbortedEventDetails).toEqual({ error: 'Manual', cause: 'tired of it' });
    // At the stop date DescribeExecution gives (the workflow's close; StopExecution's answer is taken just before).
    expect(events![2].timestamp).toEqual(described.stopDate);
  });

  it('lists executions newest first, by status, in pages', async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, WAITING);
    const arns: string[] = [];
    for (const name of ['e1', 'e2', 'e3']) {
      arns.push((await sfn.send(new StartExecutionCommand({ stateMachineArn, name }))).executionArn!);
      // Distinct start times, so "newest first" has one answer.
      await new Promise((r) => setTimeout(r, 20));
    }
    await sfn.send(new StopExecutionCommand({ executionArn: arns[0] }));
    const all = await eventually(async () => {
      const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      return executions?.length === 3 && executions.some((e) => e.status === 'ABORTED')
        ? executions
        : undefined;
    }, 'three executions listed');
    expect(all.map((e) => e.name)).toEqual(['e3', 'e2', 'e1']);
    expect(all[0]).toMatchObject({ executionArn: arns[2], stateMachineArn, status: 'RUNNING' });
    expect(all[0].startDate).toBeInstanceOf(Date);
    expect(all[0].stopDate).toBeUndefined();
    expect(all[2]).toMatchObject({ name: 'e1', status: 'ABORTED', stopDate: expect.any(Date) });

    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    expect(running.executions!.map((e) => e.name)).toEqual(['e3', 'e2']);

    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2 }));
    expect(first.executions!.map((e) => e.name)).toEqual(['e3', 'e2']);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.executions!.map((e) => e.name)).toEqual(['e1']);
    expect(second.nextToken).toBeUndefined();
  });

  it('runs the definition an execution started with, whatever the machine becomes', async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, WAITING);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'before' }));
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: PASSING }));
    // Still the same execution for the same name and input, as AWS compares only those.
    expect(
      (await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'before' }))).executionArn,
    ).toBe(executionArn);
    const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(forExecution).toMatchObject({
      stateMachineArn,
      name: stateMachineArn.split(':').at(-1),
      roleArn: ROLE,
    });
    expect(JSON.parse(forExecution.definition!)).toEqual(JSON.parse(WAITING));
    expect(forExecution.updateDate).toBeInstanceOf(Date);
    // Still waiting: the update did not reach it; a new execution runs the new definition.
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    const after = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'after' }));
    expect((await finished(sfn, after.executionArn!)).status).toBe('SUCCEEDED');
  });

  it('answers a waiting Task with SendTaskHeartbeat, SendTaskSuccess and SendTaskFailure', async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, APPROVAL, 'approval');
    const ok = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ok' }));
    const token = await tokenOf(sfn, ok.executionArn!);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    expect(await finished(sfn, ok.executionArn!)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"approved":true}',
    });

    const no = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'no' }));
    const refused = await tokenOf(sfn, no.executionArn!);
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: refused, error: 'Rejected', cause: 'over budget' }),
    );
    expect(await finished(sfn, no.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'Rejected',
      cause: 'over budget',
    });
  });

  it("gives the history in Step Functions' event types, with or without execution data, in pages", async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, PASSING);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'told', input: '{"x":1}' }),
    );
    await finished(sfn, executionArn!);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const summary = (list: HistoryEvent[]) => list.map((e) => [e.id, e.previousEventId, e.type]);
    expect(summary(events!)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'ExecutionSucceeded'],
    ]);
    expect(events![0].timestamp).toBeInstanceOf(Date);
    expect(events![0].executionStartedEventDetails).toMatchObject({ input: '{"x":1}', roleArn: ROLE });
    expect(events![1].stateEnteredEventDetails).toMatchObject({ name: 'Mark', input: '{"x":1}' });
    expect(events![2].stateExitedEventDetails).toMatchObject({
      name: 'Mark',
      output: '{"x":1,"mark":"done"}',
    });
    expect(events![3].executionSucceededEventDetails).toMatchObject({ output: '{"x":1,"mark":"done"}' });

    // A Map's events, as AWS details them.
    const mapping = await createMachine(
      sfn,
      JSON.stringify({
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      }),
      'map',
    );
    const mapped = await sfn.send(new StartExecutionCommand({ stateMachineArn: mapping, input: '[1,2,3]' }));
    expect((await finished(sfn, mapped.executionArn!)).output).toBe('[1,2,3]');
    const mapEvents = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: mapped.executionArn })))
      .events!;
    const types = mapEvents.map((e) => e.type);
    expect(types.filter((t) => t!.startsWith('MapState'))).toEqual([
      'MapStateEntered',
      'MapStateStarted',
      'MapStateSucceeded',
      'MapStateExited',
    ]);
    expect(mapEvents.find((e) => e.type === 'MapStateStarted')!.mapStateStartedEventDetails).toEqual({
      length: 3,
    });
    expect(
      mapEvents.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails),
    ).toEqual(expect.arrayContaining([0, 1, 2].map((index) => ({ name: 'Each', index }))));
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
    expect(mapEvents.map((e) => e.id)).toEqual(mapEvents.map((_, i) => i + 1));

    const bare = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(bare.events![1].stateEnteredEventDetails).toEqual({ name: 'Mark' });

    const newest = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }),
    );
    expect(newest.events!.map((e) => e.id)).toEqual([4, 3, 2]);
    const rest = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 3,
        nextToken: newest.nextToken,
      }),
    );
    expect(rest.events!.map((e) => e.id)).toEqual([1]);
    expect(rest.nextToken).toBeUndefined();
  });

  it('is one system with the CLI: each sees the executions the other started', async () => {
    const { sfn } = serve;
    const stateMachineArn = await createMachine(sfn, PASSING, 'shared');
    const machine = stateMachineArn.split(':').at(-1)!;
    const address = ['--address', sharedSetting('devServerAddress')];

    // Started through the API: the CLI describes it by its workflow id, <machine>:<name>.
    const viaApi = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'api', input: '{"k":1}' }),
    );
    await finished(sfn, viaApi.executionArn!);
    const described = await runCli(['describe', `${machine}:api`, '--json', ...address]);
    expect(described).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(described.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      output: { k: 1, mark: 'done' },
    });

    // Started by the CLI under the machine's name: the API finds it by its ARN and lists it.
    const file = join(tempDir('api-cli'), `${machine}.asl.json`);
    writeFileSync(file, PASSING);
    const name = uniqueId('cli');
    const started = await runCli([
      'start',
      file,
      '--name',
      name,
      '--input',
      '{"k":2}',
      '--task-queue',
      taskQueue,
      ...address,
    ]);
    expect(started.code).toBe(0);
    const executionArn = `arn:aws:states:us-east-1:123456789012:execution:${machine}:${name}`;
    expect(await finished(sfn, executionArn)).toMatchObject({
      executionArn,
      stateMachineArn,
      name,
      status: 'SUCCEEDED',
      output: '{"k":2,"mark":"done"}',
    });
    const listed = await eventually(async () => {
      const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      return executions?.length === 2 ? executions : undefined;
    }, 'both executions listed');
    expect(listed.map((e) => e.name).sort()).toEqual(['api', name].sort());
  }, 60_000);

  it('lists an execution that continued as new once, with its first start and its end', async () => {
    const { sfn } = serve;
    // 30,000 transitions: the run continues as new at spent transition budgets (10,000 per task, once a second old).
    const loop = await createMachine(
      sfn,
      JSON.stringify({
        StartAt: 'Count',
        States: {
          Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Done?' },
          'Done?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 15000, Next: 'End' }],
            Default: 'Count',
          },
          End: { Type: 'Succeed' },
        },
      }),
      'loop',
    );
    const { executionArn, startDate } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: loop, name: 'long', input: '{"n":0}' }),
    );
    expect(await finished(sfn, executionArn!)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"n":15000}',
      startDate,
    });
    // It did continue as new: its current run is not its first.
    const connection = await Connection.connect({ address: sharedSetting('devServerAddress') });
    try {
      const machine = loop.split(':').at(-1)!;
      const current = await new Client({ connection }).workflow.getHandle(`${machine}:long`).describe();
      expect(current.raw.workflowExecutionInfo?.firstRunId).not.toBe(current.runId);
    } finally {
      await connection.close();
    }
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: loop }));
    expect(executions).toEqual([
      expect.objectContaining({ name: 'long', status: 'SUCCEEDED', startDate, stopDate: expect.any(Date) }),
    ]);
  }, 60_000);
});
