/**
 * The Step Functions API's errors as AWS sends them (HTTP 400, `{"__type", "message"}`), seen through
 * @aws-sdk/client-sfn's exception classes and, for what an SDK never sends, through raw HTTP; and ARNs in the
 * region and account `serve` was given.
 */
import {
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DeleteStateMachineCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  SendTaskSuccessCommand,
  SFNServiceException,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  GetExecutionHistoryCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  ValidationException,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { runCli } from '../support/cli';
import { uniqueId } from '../support/temporal';
import { approverHandlers, eventually, PASSING, ROLE, type Serve, startServe } from './api-support';

const SCOPE = 'arn:aws:states:eu-west-1:111122223333';

/** The exception a call fails with (failing the test when it succeeds). */
async function failure(call: Promise<unknown>): Promise<SFNServiceException> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(SFNServiceException);
    return err as SFNServiceException;
  }
  throw new Error('the call succeeded');
}

describe('Step Functions API: errors', () => {
  let serve: Serve;
  let machineArn: string;

  beforeAll(async () => {
    serve = await startServe(uniqueId('api-err'), [
      '--handlers',
      approverHandlers(),
      '--region',
      'eu-west-1',
      '--account',
      '111122223333',
    ]);
    const name = uniqueId('errors');
    machineArn = (
      await serve.sfn.send(new CreateStateMachineCommand({ name, definition: PASSING, roleArn: ROLE }))
    ).stateMachineArn!;
  }, 120_000);
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  /** A raw AWS JSON 1.0 request. */
  async function raw(
    target: string,
    body: string,
  ): Promise<{ status: number; json: unknown; type: string | null }> {
    const response = await fetch(serve.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': target },
      body,
    });
    return {
      status: response.status,
      json: await response.json(),
      type: response.headers.get('content-type'),
    };
  }

  it('answers a body that is not JSON with SerializationException, an unknown target with UnknownOperationException', async () => {
    expect(await raw('AWSStepFunctions.ListStateMachines', '{"maxResults": ')).toEqual({
      status: 400,
      type: 'application/x-amz-json-1.0',
      json: { __type: 'SerializationException', message: expect.stringContaining('not valid JSON') },
    });
    expect(await raw('AWSStepFunctions.ListStateMachines', '[1]')).toMatchObject({
      status: 400,
      json: { __type: 'SerializationException' },
    });
    expect(await raw('AWSStepFunctions.DoSomethingElse', '{}')).toMatchObject({
      status: 400,
      json: { __type: 'UnknownOperationException', message: expect.stringContaining('DoSomethingElse') },
    });
    // And a good request gets AWS's content type.
    expect(await raw('AWSStepFunctions.ListStateMachines', '{}')).toMatchObject({
      status: 200,
      type: 'application/x-amz-json-1.0',
      json: { stateMachines: expect.any(Array) },
    });
  });

  it('puts the region and account of serve in every ARN, and in $$.Execution.Id', async () => {
    const { sfn } = serve;
    expect(machineArn).toMatch(new RegExp(`^${SCOPE}:stateMachine:errors-`));
    const context = (
      await sfn.send(
        new CreateStateMachineCommand({
          name: uniqueId('ctx'),
          definition: JSON.stringify({
            StartAt: 'Id',
            States: { Id: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id' }, End: true } },
          }),
          roleArn: ROLE,
        }),
      )
    ).stateMachineArn!;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: context, name: 'x' }),
    );
    expect(executionArn).toMatch(new RegExp(`^${SCOPE}:execution:ctx-[^:]+:x$`));
    const done = await eventually<DescribeExecutionCommandOutput>(async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, 'the execution to end');
    expect(JSON.parse(done.output!)).toEqual({ id: executionArn });
  });

  it('refuses malformed requests with ValidationException, InvalidName, InvalidArn and InvalidDefinition', async () => {
    const { sfn } = serve;
    const missingRole = await failure(
      sfn.send(new CreateStateMachineCommand({ name: uniqueId('x'), definition: PASSING } as never)),
    );
    expect(missingRole).toBeInstanceOf(ValidationException);
    expect(missingRole.message).toBe(
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
    expect(missingRole.$metadata.httpStatusCode).toBe(400);

    const badName = await failure(
      sfn.send(new CreateStateMachineCommand({ name: 'has space', definition: PASSING, roleArn: ROLE })),
    );
    expect(badName).toBeInstanceOf(InvalidName);
    expect(badName.message).toBe("Invalid Name: 'has space'");
    expect(
      await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'a:b' }))),
    ).toBeInstanceOf(InvalidName);

    const badArn = await failure(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })),
    );
    expect(badArn).toBeInstanceOf(InvalidArn);
    expect(badArn.message).toBe("Invalid Arn: 'Invalid ARN prefix: not-an-arn'");
    // A state machine ARN where an execution ARN belongs.
    expect(
      await failure(sfn.send(new DescribeExecutionCommand({ executionArn: machineArn }))),
    ).toBeInstanceOf(InvalidArn);

    const badDefinition = await failure(
      sfn.send(
        new CreateStateMachineCommand({
          name: uniqueId('bad'),
          definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }),
          roleArn: ROLE,
        }),
      ),
    );
    expect(badDefinition).toBeInstanceOf(InvalidDefinition);
    // Every error at once, as AWS lists them: `CODE: message at /path`, comma-separated.
    expect(badDefinition.message).toBe(
      "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next, " +
        'MISSING_END_STATE: No terminal state: at least one state must have "End": true or be a Succeed or Fail ' +
        "state at /States'",
    );
    expect(
      await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{not json' }))),
    ).toBeInstanceOf(InvalidExecutionInput);
    const nothing = await failure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn })));
    expect(nothing).toBeInstanceOf(ValidationException);
    expect(nothing.message).toContain('must be specified');
    expect(await failure(sfn.send(new ListStateMachinesCommand({ nextToken: 'garbage' })))).toBeInstanceOf(
      InvalidToken,
    );
  });

  it('names what does not exist: StateMachineDoesNotExist, ExecutionDoesNotExist, ResourceNotFound', async () => {
    const { sfn } = serve;
    const missing = `${SCOPE}:stateMachine:${uniqueId('missing')}`;
    const noMachine = await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: missing })));
    expect(noMachine).toBeInstanceOf(StateMachineDoesNotExist);
    expect(noMachine.message).toBe(`State Machine Does Not Exist: '${missing}'`);
    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: missing })))).toBeInstanceOf(
      StateMachineDoesNotExist,
    );
    expect(await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn: missing })))).toBeInstanceOf(
      StateMachineDoesNotExist,
    );

    const machine = machineArn.split(':').at(-1)!;
    const noExecution = `${SCOPE}:execution:${machine}:${uniqueId('nobody')}`;
    for (const call of [
      sfn.send(new DescribeExecutionCommand({ executionArn: noExecution })),
      sfn.send(new StopExecutionCommand({ executionArn: noExecution })),
      sfn.send(new GetExecutionHistoryCommand({ executionArn: noExecution })),
    ]) {
      const err = await failure(call);
      expect(err).toBeInstanceOf(ExecutionDoesNotExist);
      expect(err.message).toBe(`Execution Does Not Exist: '${noExecution}'`);
    }

    const noResource = await failure(sfn.send(new ListTagsForResourceCommand({ resourceArn: missing })));
    expect(noResource).toBeInstanceOf(ResourceNotFound);
    expect(noResource.message).toBe(`Resource not found: '${missing}'`);
    expect(
      await failure(
        sfn.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'k', value: 'v' }] })),
      ),
    ).toBeInstanceOf(ResourceNotFound);
    const untagged = await failure(
      sfn.send(new UntagResourceCommand({ resourceArn: missing, tagKeys: ['k'] })),
    );
    expect(untagged).toBeInstanceOf(ResourceNotFound);
    expect(untagged.message).toBe(`Resource not found: '${missing}'`);
    const noActivity = `${SCOPE}:activity:${uniqueId('untag-none')}`;
    const untaggedActivity = await failure(
      sfn.send(new UntagResourceCommand({ resourceArn: noActivity, tagKeys: ['k'] })),
    );
    expect(untaggedActivity).toBeInstanceOf(ResourceNotFound);
    expect(untaggedActivity.message).toBe(`Resource not found: '${noActivity}'`);
    expect(
      await failure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: missing, roleArn: ROLE }))),
    ).toBeInstanceOf(StateMachineDoesNotExist);
    // Only state machines and activities take tags.
    expect(
      await failure(
        sfn.send(new TagResourceCommand({ resourceArn: noExecution, tags: [{ key: 'k', value: 'v' }] })),
      ),
    ).toBeInstanceOf(InvalidArn);
    // Deleting what is not there is not an error, as on AWS.
    await sfn.send(new DeleteActivityCommand({ activityArn: `${SCOPE}:activity:${uniqueId('none')}` }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: missing }));
  });

  it('refuses task tokens: InvalidToken, TaskDoesNotExist, TaskTimedOut', async () => {
    const { sfn } = serve;
    expect(
      await failure(sfn.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' }))),
    ).toBeInstanceOf(InvalidToken);
    const unknown = `asl1:00000000-0000-4000-8000-000000000000:${uniqueId('no-such-workflow')}`;
    expect(
      await failure(sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' }))),
    ).toBeInstanceOf(TaskDoesNotExist);

    // A token whose execution has ended.
    const approval = (
      await sfn.send(
        new CreateStateMachineCommand({
          name: uniqueId('approval'),
          definition: JSON.stringify({
            StartAt: 'Approve',
            States: {
              Approve: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                Parameters: { FunctionName: 'approver', Payload: { 'token.$': '$$.Task.Token' } },
                End: true,
              },
            },
          }),
          roleArn: ROLE,
        }),
      )
    ).stateMachineArn!;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: approval }));
    const token = await eventually(async () => {
      const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const scheduled = events?.find((e) => e.type === 'TaskScheduled');
      return scheduled
        ? (JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { Payload: { token: string } })
            .Payload.token
        : undefined;
    }, 'the task token');
    await sfn.send(new StopExecutionCommand({ executionArn }));
    expect(
      await failure(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))),
    ).toBeInstanceOf(TaskTimedOut);
  });

  it('refuses to listen beyond loopback while requests are not authenticated', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--no-worker']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--host 0.0.0.0 is not a loopback address');
  });
});
