import { BatchClient, ClientException, SubmitJobCommand } from '@aws-sdk/client-batch';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException as DynamoResourceNotFound,
} from '@aws-sdk/client-dynamodb';
import {
  ClusterNotFoundException,
  ECSClient,
  InvalidParameterException,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import {
  EventBridgeClient,
  PutEventsCommand,
  ResourceNotFoundException as EventBusNotFound,
} from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { NotFoundException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueueDoesNotExist, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { batchCall } from '../../../activities/aws/batch';
import { dynamodbCall } from '../../../activities/aws/dynamodb';
import { ecsCall } from '../../../activities/aws/ecs';
import { eventBridgeCall } from '../../../activities/aws/eventbridge';
import { lambdaInvokeCall } from '../../../activities/aws/lambda';
import { s3Call } from '../../../activities/aws/s3';
import { sdkCall } from '../../../activities/aws/sdk';
import { snsCall } from '../../../activities/aws/sns';
import { sqsCall } from '../../../activities/aws/sqs';
import { failureOf, meta, serviceCall, testContext } from './service-context';

const dynamo = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const events = mockClient(EventBridgeClient);
const s3 = mockClient(S3Client);
const lambda = mockClient(LambdaClient);
const ecs = mockClient(ECSClient);
const batch = mockClient(BatchClient);
const mocks = [dynamo, sqs, sns, events, s3, lambda, ecs, batch];

beforeEach(() => mocks.forEach((m) => m.reset()));

/** The metadata Step Functions adds to an optimized integration's output. */
const sdkMetadata = {
  SdkHttpMetadata: expect.objectContaining({ HttpStatusCode: 200 }),
  SdkResponseMetadata: expect.objectContaining({ RequestId: expect.any(String) }),
};

describe('optimized integrations map SDK exceptions to <Service>.<Exception> with the Java SDK 1.x cause', () => {
  it('DynamoDB: ConditionalCheckFailedException, and getItem returns Item with the SDK metadata', async () => {
    dynamo.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        ...meta(400, 'ddb-1'),
      }),
    );
    const failure = await failureOf(
      dynamodbCall(serviceCall('dynamodb', 'putItem', { TableName: 't', Item: {} }), testContext()),
    );
    expect(failure).toEqual({
      error: 'DynamoDB.ConditionalCheckFailedException',
      cause:
        'The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ' +
        'ConditionalCheckFailedException; Request ID: ddb-1; Proxy: null)',
    });
    dynamo.on(GetItemCommand).resolves({ Item: { id: { S: 'a' } }, ...meta(200, 'ddb-2') });
    const out = await dynamodbCall(
      serviceCall('dynamodb', 'getItem', { TableName: 't', Key: {} }),
      testContext(),
    );
    expect(out).toEqual({ Item: { id: { S: 'a' } }, ...sdkMetadata });
  });

  it('SQS: QueueDoesNotExist becomes SQS.QueueDoesNotExistException; sendMessage returns MessageId', async () => {
    sqs
      .on(SendMessageCommand)
      .rejectsOnce(
        new QueueDoesNotExist({ message: 'The specified queue does not exist.', ...meta(400, 'sqs-1') }),
      )
      .resolves({ MessageId: 'm-1', MD5OfMessageBody: 'x', ...meta(200) });
    const call = serviceCall('sqs', 'sendMessage', { QueueUrl: 'q', MessageBody: { a: 1 } });
    const failure = await failureOf(sqsCall(call, testContext()));
    expect(failure.error).toBe('SQS.QueueDoesNotExistException');
    expect(failure.cause).toContain('(Service: AmazonSQS; Status Code: 400; Error Code: QueueDoesNotExist;');
    expect(await sqsCall(call, testContext())).toEqual({
      MessageId: 'm-1',
      MD5OfMessageBody: 'x',
      ...sdkMetadata,
    });
    expect(sqs.commandCalls(SendMessageCommand)[1].args[0].input.MessageBody).toBe('{"a":1}');
  });

  it('SNS: NotFoundException; publish returns MessageId', async () => {
    sns
      .on(PublishCommand)
      .rejectsOnce(new NotFoundException({ message: 'Topic does not exist', ...meta(404) }))
      .resolves({ MessageId: 'm-2', ...meta(200) });
    const call = serviceCall('sns', 'publish', { TopicArn: 'arn', Message: 'hi' });
    const failure = await failureOf(snsCall(call, testContext()));
    expect(failure.error).toBe('SNS.NotFoundException');
    expect(failure.cause).toContain('Service: AmazonSNS; Status Code: 404');
    expect(await snsCall(call, testContext())).toEqual({ MessageId: 'm-2', ...sdkMetadata });
  });

  it('EventBridge: ResourceNotFoundException, failed entries fail with EventBridge.FailedEntry', async () => {
    const call = serviceCall('events', 'putEvents', {
      Entries: [{ Detail: { a: 1 }, DetailType: 't', Source: 's' }],
    });
    const failed = { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'boom' }] };
    events
      .on(PutEventsCommand)
      .rejectsOnce(new EventBusNotFound({ message: 'Event bus x does not exist.', ...meta() }))
      .resolvesOnce({ ...failed, ...meta(200) })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }], ...meta(200) });
    expect((await failureOf(eventBridgeCall(call, testContext()))).error).toBe(
      'EventBridge.ResourceNotFoundException',
    );
    expect(await failureOf(eventBridgeCall(call, testContext()))).toEqual({
      error: 'EventBridge.FailedEntry',
      cause: JSON.stringify(failed),
    });
    expect(await eventBridgeCall(call, testContext())).toEqual({
      FailedEntryCount: 0,
      Entries: [{ EventId: 'e-1' }],
    });
  });

  it('EventBridge: sends Detail serialized and appends the execution and machine ARNs to Resources', async () => {
    events.reset();
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }], ...meta(200) });
    const call = {
      ...serviceCall('events', 'putEvents', {
        Entries: [
          { Detail: { orderId: 'o-1' }, DetailType: 'OrderProcessed', Source: 's', Resources: ['r-1'] },
        ],
      }),
      execution: { executionArn: 'arn:exec', stateMachineArn: 'arn:machine' },
    };
    await eventBridgeCall(call, testContext());
    expect(events.commandCalls(PutEventsCommand)[0].args[0].input.Entries).toEqual([
      {
        Detail: '{"orderId":"o-1"}',
        DetailType: 'OrderProcessed',
        Source: 's',
        Resources: ['r-1', 'arn:exec', 'arn:machine'],
      },
    ]);
  });

  it('S3 (short form): NoSuchKey becomes S3.NoSuchKeyException; getObject returns the body as text', async () => {
    const call = serviceCall('s3', 'getObject', { Bucket: 'b', Key: 'k' });
    const body = { transformToString: async () => 'hello' };
    s3.on(GetObjectCommand)
      .rejectsOnce(new NoSuchKey({ message: 'The specified key does not exist.', ...meta(404) }))
      .resolves({ Body: body as never, ContentLength: 5, ...meta(200) });
    expect((await failureOf(s3Call(call, testContext()))).error).toBe('S3.NoSuchKeyException');
    expect(await s3Call(call, testContext())).toEqual({ Body: 'hello', ContentLength: 5 });
  });

  it('Lambda (real Lambda when no local handler): TooManyRequestsException; invoke wraps the payload', async () => {
    const call = serviceCall('lambda', 'invoke', { FunctionName: 'remote-fn', Payload: { n: 1 } });
    lambda
      .on(InvokeCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', ...meta(429, 'lam-1') }));
    expect(await failureOf(lambdaInvokeCall(call, testContext()))).toEqual({
      error: 'Lambda.TooManyRequestsException',
      cause:
        'Rate exceeded (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; ' +
        'Request ID: lam-1; Proxy: null)',
    });
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: Buffer.from('{"doubled":2}') as never,
      ...meta(200),
    });
    expect(await lambdaInvokeCall(call, testContext())).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { doubled: 2 },
      StatusCode: 200,
      ...sdkMetadata,
    });
  });

  it("Lambda: a function error fails with the function's errorType and Lambda's JSON payload as cause", async () => {
    const payload = '{"errorType":"OrderInvalid","errorMessage":"no items"}';
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from(payload) as never });
    const call = serviceCall('lambda', 'invoke', { FunctionName: 'remote-fn', Payload: {} });
    expect(await failureOf(lambdaInvokeCall(call, testContext()))).toEqual({
      error: 'OrderInvalid',
      cause: payload,
    });
  });

  it('ECS: ClusterNotFoundException and InvalidParameterException; runTask returns Tasks and Failures', async () => {
    const call = serviceCall('ecs', 'runTask', { Cluster: 'c', TaskDefinition: 'td' });
    ecs
      .on(RunTaskCommand)
      .rejectsOnce(new ClusterNotFoundException({ message: 'Cluster not found.', ...meta() }))
      .rejectsOnce(new InvalidParameterException({ message: 'bad', ...meta() }))
      .resolves({
        tasks: [{ taskArn: 'arn:task/1', lastStatus: 'PROVISIONING', containers: [{ name: 'app' }] }],
        failures: [],
        ...meta(200),
      });
    const failure = await failureOf(ecsCall(call, testContext()));
    expect(failure.error).toBe('ECS.ClusterNotFoundException');
    expect(failure.cause).toContain(
      '(Service: AmazonECS; Status Code: 400; Error Code: ClusterNotFoundException;',
    );
    expect((await failureOf(ecsCall(call, testContext()))).error).toBe('ECS.InvalidParameterException');
    expect(await ecsCall(call, testContext())).toEqual({
      Tasks: [{ TaskArn: 'arn:task/1', LastStatus: 'PROVISIONING', Containers: [{ Name: 'app' }] }],
      Failures: [],
      ...sdkMetadata,
    });
    // Step Functions' PascalCase Parameters reach the SDK in the model's camelCase.
    expect(ecs.commandCalls(RunTaskCommand)[2].args[0].input).toEqual({ cluster: 'c', taskDefinition: 'td' });
  });

  it('Batch: ClientException; submitJob returns JobId, JobName and JobArn', async () => {
    const call = serviceCall('batch', 'submitJob', { JobName: 'j', JobQueue: 'q', JobDefinition: 'd' });
    batch
      .on(SubmitJobCommand)
      .rejectsOnce(new ClientException({ message: 'Job queue q does not exist', ...meta() }));
    const failure = await failureOf(batchCall(call, testContext()));
    expect(failure.error).toBe('Batch.ClientException');
    expect(failure.cause).toContain('Job queue q does not exist (Service: AWSBatch; Status Code: 400;');
    batch.on(SubmitJobCommand).resolves({ jobId: 'job-1', jobName: 'j', jobArn: 'arn:job/1', ...meta(200) });
    expect(await batchCall(call, testContext())).toEqual({
      JobId: 'job-1',
      JobName: 'j',
      JobArn: 'arn:job/1',
      ...sdkMetadata,
    });
  });
});

describe('AWS SDK integrations name errors <ServiceName>.<ExceptionName> as the Java SDK 2.x does', () => {
  it('DynamoDB is DynamoDb, with the SDK 2.x cause; getItem returns the bare response', async () => {
    dynamo
      .on(GetItemCommand)
      .rejectsOnce(
        new DynamoResourceNotFound({ message: 'Requested resource not found', ...meta(400, 'ddb-3') }),
      );
    const call = serviceCall('aws-sdk:dynamodb', 'getItem', {
      TableName: 'missing',
      Key: { id: { S: 'a' } },
    });
    expect(await failureOf(sdkCall(call, testContext()))).toEqual({
      error: 'DynamoDb.ResourceNotFoundException',
      cause: 'Requested resource not found (Service: DynamoDb, Status Code: 400, Request ID: ddb-3)',
    });
    dynamo.on(GetItemCommand).resolves({ Item: { id: { S: 'a' } }, ...meta(200) });
    expect(await sdkCall(call, testContext())).toEqual({ Item: { id: { S: 'a' } } });
  });

  it('S3 is S3, NoSuchKey gains Exception, and the extended request id is in the cause', async () => {
    s3.on(GetObjectCommand).rejectsOnce(
      new NoSuchKey({ message: 'The specified key does not exist.', ...meta(404, 's3-1', 'ext-1') }),
    );
    const call = serviceCall('aws-sdk:s3', 'getObject', { Bucket: 'b', Key: 'k' });
    expect(await failureOf(sdkCall(call, testContext()))).toEqual({
      error: 'S3.NoSuchKeyException',
      cause:
        'The specified key does not exist. (Service: S3, Status Code: 404, Request ID: s3-1, Extended Request ID: ext-1)',
    });
    s3.on(GetObjectCommand).resolves({
      Body: { transformToString: async () => 'text' } as never,
      ...meta(200),
    });
    expect(await sdkCall(call, testContext())).toEqual({ Body: 'text' });
  });

  it('SQS is Sqs (QueueDoesNotExist -> Sqs.QueueDoesNotExistException)', async () => {
    sqs
      .on(SendMessageCommand)
      .rejects(new QueueDoesNotExist({ message: 'The specified queue does not exist.', ...meta() }));
    const call = serviceCall('aws-sdk:sqs', 'sendMessage', { QueueUrl: 'q', MessageBody: 'x' });
    expect((await failureOf(sdkCall(call, testContext()))).error).toBe('Sqs.QueueDoesNotExistException');
  });

  it('an error the service model does not declare is <ServiceName>.<ServiceName>Exception', async () => {
    const undeclared = Object.assign(new Error('User is not authorized'), {
      name: 'AccessDeniedException',
      ...meta(),
    });
    dynamo.on(GetItemCommand).rejects(undeclared);
    const call = serviceCall('aws-sdk:dynamodb', 'getItem', { TableName: 't', Key: {} });
    expect((await failureOf(sdkCall(call, testContext()))).error).toBe('DynamoDb.DynamoDbException');
  });

  it('ECS through aws-sdk: PascalCase in, PascalCase out, Ecs.<Exception> errors', async () => {
    ecs
      .on(RunTaskCommand)
      .rejectsOnce(new ClusterNotFoundException({ message: 'Cluster not found.', ...meta() }));
    const call = serviceCall('aws-sdk:ecs', 'runTask', { Cluster: 'c', TaskDefinition: 'td' });
    expect((await failureOf(sdkCall(call, testContext()))).error).toBe('Ecs.ClusterNotFoundException');
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 't' }], failures: [], ...meta(200) });
    expect(await sdkCall(call, testContext())).toEqual({ Tasks: [{ TaskArn: 't' }], Failures: [] });
    expect(ecs.commandCalls(RunTaskCommand)[1].args[0].input).toEqual({ cluster: 'c', taskDefinition: 'td' });
  });

  it('a client package that is not installed is a States.Runtime error naming the npm install', async () => {
    const call = serviceCall('aws-sdk:cloudwatchlogs', 'getLogEvents', {});
    const failure = await failureOf(sdkCall(call, testContext()));
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toContain('npm install @aws-sdk/client-cloudwatch-logs');
  });

  it('an unknown action is a States.Runtime error naming the missing command', async () => {
    const failure = await failureOf(sdkCall(serviceCall('aws-sdk:dynamodb', 'getItems', {}), testContext()));
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toContain('@aws-sdk/client-dynamodb has no GetItemsCommand');
  });
});
