import { type Json, type StateMachine } from '../../../src/asl/types';
import { taskParameterProblems } from '../../../src/interpreter/integrations/check';
import { type TaskRequest } from '../../../src/interpreter/runtime';
import { runLocally } from '../../../src/runtimes/run-local';

const APIGW = 'arn:aws:states:::apigateway:invoke';
const HTTP = 'arn:aws:states:::http:invoke';

/** One Task with a Catch on everything, so a test sees whether the failure is catchable. */
function taskMachine(
  task: Record<string, Json>,
  language: 'JSONPath' | 'JSONata' = 'JSONPath',
): StateMachine {
  return {
    QueryLanguage: language,
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Catch: [{ ErrorEquals: ['States.ALL', 'States.Runtime'], Next: 'Caught' }],
        End: true,
        ...task,
      },
      Caught: { Type: 'Pass', End: true },
    },
  } as unknown as StateMachine;
}

describe("an optimized integration's Parameters, read before the Task starts", () => {
  it("fails the state with States.Runtime and AWS's message, before scheduling and past any Catch", async () => {
    const parameters = {
      ApiEndpoint: 'abc.execute-api.us-east-1.amazonaws.com',
      Method: 'POST',
      Headers: { TaskToken: 'token' },
    };
    let called = false;
    const { result, trace } = await runLocally(
      taskMachine({ Resource: APIGW, Parameters: parameters }),
      {},
      {
        runTask: () => {
          called = true;
          return Promise.resolve({});
        },
      },
    );
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'Call' (entered at the event id #2). The Parameters " +
        `'${JSON.stringify(parameters)}' could not be used to start the Task: ` +
        "[The value of the field 'Headers' has an invalid format]",
    });
    expect(called).toBe(false);
    expect(trace.map((e) => e.type)).not.toContain('TaskScheduled');
  });

  it('checks the evaluated Arguments of a JSONata Task the same way, listing every reason', async () => {
    const machine = taskMachine({ Resource: APIGW, Arguments: '{% $states.input %}' }, 'JSONata');
    const input = { Method: 'get', QueryParameters: '?a=1', AuthType: 'NONE' };
    const { result } = await runLocally(machine, input);
    expect(result).toMatchObject({
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'Call' (entered at the event id #2). The Parameters " +
        `'${JSON.stringify(input)}' could not be used to start the Task: [The field 'ApiEndpoint' is required ` +
        "but was missing, The value of the field 'Method' has an invalid format, The value of the field " +
        "'QueryParameters' has an invalid format, The value of the field 'AuthType' has an invalid format]",
    });
  });

  it('lets valid parameters through to the call, Jackson coercions included', async () => {
    const requests: TaskRequest[] = [];
    const machine = taskMachine({
      Resource: APIGW,
      Parameters: {
        ApiEndpoint: 'abc.execute-api.us-east-1.amazonaws.com',
        Method: 'GET',
        Headers: { 'X-Count': [1, true, 'a'] },
        QueryParameters: { q: ['x'] },
        AllowNullValues: 'true',
        RequestBody: { any: ['json'] },
      },
    });
    const { result } = await runLocally(
      machine,
      {},
      {
        runTask: (request) => {
          requests.push(request);
          return Promise.resolve({ StatusCode: 200 });
        },
      },
    );
    expect(result).toEqual({ status: 'SUCCEEDED', output: { StatusCode: 200 } });
    expect(requests).toHaveLength(1);
  });

  it('skips the check when a mock answers the Task, as a mock stands for the whole call', async () => {
    const { result } = await runLocally(
      taskMachine({ Resource: APIGW }),
      {},
      {
        mocks: { Call: [{ Return: { StatusCode: 200 } }] },
      },
    );
    expect(result).toEqual({ status: 'SUCCEEDED', output: { StatusCode: 200 } });
  });

  it('requires what each integration cannot start without', () => {
    expect(taskParameterProblems('arn:aws:states:::lambda:invoke', { Payload: {} })).toEqual([
      "The field 'FunctionName' is required but was missing",
    ]);
    expect(
      taskParameterProblems('arn:aws:states:::lambda:invoke.waitForTaskToken', { FunctionName: null }),
    ).toEqual(["The field 'FunctionName' is required but was missing"]);
    expect(taskParameterProblems(HTTP, { ApiEndpoint: 'https://x.example', Method: 'GET' })).toEqual([
      "The field 'Authentication' is required but was missing",
    ]);
    expect(
      taskParameterProblems(HTTP, { ApiEndpoint: 'https://x.example', Method: 'FETCH', Authentication: {} }),
    ).toEqual([
      "The value of the field 'Method' has an invalid format",
      "The field 'ConnectionArn' is required but was missing",
    ]);
    expect(
      taskParameterProblems(HTTP, {
        ApiEndpoint: 'https://x.example',
        Method: 'POST',
        InvocationConfig: { ConnectionArn: 'arn:aws:events:us-east-1:1:connection/c/1' },
        Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: 'PIPES' } },
      }),
    ).toEqual(["The value of the field 'ArrayFormat' has an invalid format"]);
  });

  it('leaves required-ness to the services that judge it themselves, but not a field of the wrong kind', () => {
    // DynamoDB answers a null Item itself (the corpus's errorhandling/invalid_param), SNS a FIFO topic's group.
    expect(
      taskParameterProblems('arn:aws:states:::dynamodb:putItem', { TableName: 't', Item: null }),
    ).toEqual([]);
    expect(taskParameterProblems('arn:aws:states:::dynamodb:getItem', { TableName: 't', Key: 'k' })).toEqual([
      "The value of the field 'Key' has an invalid format",
    ]);
    expect(
      taskParameterProblems('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'q', MessageBody: { a: 1 } }),
    ).toEqual([]);
    expect(
      taskParameterProblems('arn:aws:states:::sqs:sendMessage', { QueueUrl: ['q'], DelaySeconds: 'soon' }),
    ).toEqual([
      "The value of the field 'QueueUrl' has an invalid format",
      "The value of the field 'DelaySeconds' has an invalid format",
    ]);
    expect(
      taskParameterProblems('arn:aws:states:::sns:publish', { TopicArn: 't', Message: { m: 1 } }),
    ).toEqual([]);
    expect(taskParameterProblems('arn:aws:states:::events:putEvents', { Entries: { Source: 's' } })).toEqual([
      "The value of the field 'Entries' has an invalid format",
    ]);
    expect(
      taskParameterProblems('arn:aws:states:::s3:putObject', { Bucket: 'b', Key: 'k', Body: { a: 1 } }),
    ).toEqual([]);
    expect(
      taskParameterProblems('arn:aws:states:::ecs:runTask.sync', { TaskDefinition: 'td', Count: '2' }),
    ).toEqual([]);
    expect(taskParameterProblems('arn:aws:states:::ecs:runTask.sync', { Overrides: [] })).toEqual([
      "The value of the field 'Overrides' has an invalid format",
    ]);
    expect(
      taskParameterProblems('arn:aws:states:::batch:submitJob.sync', { JobName: 'j', Parameters: 'p' }),
    ).toEqual(["The value of the field 'Parameters' has an invalid format"]);
    expect(
      taskParameterProblems('arn:aws:states:::states:startExecution.sync:2', {
        StateMachineArn: {},
        Input: 'text',
      }),
    ).toEqual(["The value of the field 'StateMachineArn' has an invalid format"]);
  });

  it('takes Lambda functions by ARN, activities and aws-sdk integrations as they are', () => {
    expect(taskParameterProblems('arn:aws:lambda:us-east-1:1:function:f', 'anything')).toEqual([]);
    expect(taskParameterProblems('arn:aws:states:us-east-1:1:activity:a', { Headers: 'x' })).toEqual([]);
    expect(taskParameterProblems('arn:aws:states:::aws-sdk:dynamodb:getItem', { Key: 'k' })).toEqual([]);
  });
});
