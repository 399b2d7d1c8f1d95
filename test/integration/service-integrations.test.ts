/**
 * The optimized integrations over real HTTP: a generic `stateMachine` workflow on the time-skipping server calls
 * moto's AWS server (started by the jest global setup, `AWS_ENDPOINT_URL`) through the worker's activities.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { uniqueId } from '../support/temporal';

const region = 'us-east-1';
const dynamodb = new DynamoDBClient({ region });
const sqs = new SQSClient({ region });
const sns = new SNSClient({ region });
const s3 = new S3Client({ region, forcePathStyle: true });

/** A machine of one Task (plus what its Catch leads to). */
function oneTask(task: Record<string, Json>, extra: Record<string, State> = {}): StateMachine {
  return { StartAt: 'Call', States: { Call: { Type: 'Task', End: true, ...task } as State, ...extra } };
}

describe('optimized service integrations against moto', () => {
  let machines: MachineWorker;
  beforeAll(async () => {
    machines = await startMachineWorker({ name: 'integrations', server: 'time-skipping' });
  });
  afterAll(() => machines?.stop());

  const execute = (definition: StateMachine, input: Json = {}) => machines.execute(definition, input);

  it('puts with a condition, catches DynamoDB.ConditionalCheckFailedException on the duplicate, gets, updates and deletes the item', async () => {
    const table = uniqueId('orders');
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const put: Record<string, Json> = {
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: table,
        Item: { id: { 'S.$': '$.id' }, total: { 'N.$': "States.Format('{}', $.total)" } },
        ConditionExpression: 'attribute_not_exists(id)',
      },
      ResultPath: '$.put',
    };
    const machine: StateMachine = {
      StartAt: 'Put',
      States: {
        Put: { Type: 'Task', ...put, Next: 'PutAgain' } as State,
        PutAgain: {
          Type: 'Task',
          ...put,
          Catch: [
            {
              ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
              ResultPath: '$.duplicate',
              Next: 'Get',
            },
          ],
          Next: 'Get',
        } as unknown as State,
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName: table, Key: { id: { 'S.$': '$.id' } } },
          ResultSelector: { 'item.$': '$.Item', 'status.$': '$.SdkHttpMetadata.HttpStatusCode' },
          ResultPath: '$.get',
          End: true,
        } as State,
      },
    };
    const output = (await execute(machine, { id: 'o-1', total: 42 })) as Record<string, Json>;
    expect(output.duplicate).toEqual({
      Error: 'DynamoDB.ConditionalCheckFailedException',
      Cause: expect.stringMatching(
        /\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: \S+; Proxy: null\)$/,
      ),
    });
    expect(output.get).toEqual({ item: { id: { S: 'o-1' }, total: { N: '42' } }, status: 200 });
    expect(output.put).toMatchObject({ SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: {} });
    const stored = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'o-1' } } }));
    expect(stored.Item).toEqual({ id: { S: 'o-1' }, total: { N: '42' } });

    // updateItem returns the new values asked for; deleteItem removes the item.
    const updated = (await execute(
      {
        StartAt: 'Update',
        States: {
          Update: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Parameters: {
              TableName: table,
              Key: { id: { S: 'o-1' } },
              UpdateExpression: 'SET #s = :s',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': { 'S.$': '$.status' } },
              ReturnValues: 'ALL_NEW',
            },
            ResultSelector: { 'attributes.$': '$.Attributes' },
            Next: 'Delete',
          },
          Delete: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:deleteItem',
            Parameters: { TableName: table, Key: { id: { S: 'o-1' } } },
            ResultPath: null,
            End: true,
          },
        },
      },
      { status: 'SHIPPED' },
    )) as Record<string, Json>;
    expect(updated).toEqual({
      attributes: { id: { S: 'o-1' }, total: { N: '42' }, status: { S: 'SHIPPED' } },
    });
    const gone = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'o-1' } } }));
    expect(gone.Item).toBeUndefined();
  });

  it('sends a JSON MessageBody to SQS serialized, and names a missing queue SQS.QueueDoesNotExistException', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueId('q') }));
    const output = (await execute(
      oneTask({
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: QueueUrl!, 'MessageBody.$': '$' },
      }),
      { orderId: 'o-2', items: [1, 2] },
    )) as Record<string, Json>;
    expect(output).toMatchObject({ MessageId: expect.any(String), MD5OfMessageBody: expect.any(String) });
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl!, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"orderId":"o-2","items":[1,2]}']);

    const missing = (await execute(
      oneTask(
        {
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: `${QueueUrl!}-missing`, MessageBody: 'x' },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        },
        { Caught: { Type: 'Pass', End: true } },
      ),
    )) as Record<string, Json>;
    expect(missing.Error).toBe('SQS.QueueDoesNotExistException');
  });

  it('publishes to SNS, and the message reaches a subscribed SQS queue', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueId('topic') }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueId('sub') }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: QueueUrl!, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: TopicArn!,
        Protocol: 'sqs',
        Endpoint: Attributes!.QueueArn!,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const output = (await execute(
      oneTask({
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: { TopicArn: TopicArn!, 'Message.$': '$.notice', Subject: 'Order' },
      }),
      { notice: { orderId: 'o-3', status: 'shipped' } },
    )) as Record<string, Json>;
    expect(output).toMatchObject({ MessageId: expect.any(String), SdkHttpMetadata: { HttpStatusCode: 200 } });
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl!, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"orderId":"o-3","status":"shipped"}']);
  });

  it("puts events on EventBridge (the seed's pattern) and returns their ids", async () => {
    const output = (await execute(
      oneTask({
        Resource: 'arn:aws:states:::events:putEvents',
        Parameters: {
          Entries: [
            {
              Source: 'com.example.orders',
              DetailType: 'OrderPlaced',
              'Detail.$': '$',
              EventBusName: 'default',
            },
          ],
        },
      }),
      { orderId: 'o-4' },
    )) as { Entries: { EventId?: string }[]; FailedEntryCount: number };
    expect(output.FailedEntryCount).toBe(0);
    expect(output.Entries).toHaveLength(1);
    expect(output.Entries[0].EventId).toEqual(expect.any(String));
  });

  it('writes an S3 object and reads it back as text', async () => {
    const bucket = uniqueId('bucket').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const output = (await execute(
      {
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: bucket, Key: 'orders/o-5.json', 'Body.$': '$' },
            ResultPath: null,
            Next: 'Get',
          },
          Get: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
            Parameters: { Bucket: bucket, Key: 'orders/o-5.json' },
            ResultSelector: { 'order.$': 'States.StringToJson($.Body)' },
            End: true,
          },
        },
      },
      { orderId: 'o-5' },
    )) as Record<string, Json>;
    expect(output).toEqual({ order: { orderId: 'o-5' } });
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'orders/o-5.json' }));
    expect(await stored.Body?.transformToString()).toBe('{"orderId":"o-5"}');
  });

  it('falls back to real Lambda for a function with no local handler: Lambda.ResourceNotFoundException', async () => {
    const output = (await execute(
      oneTask(
        {
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:nowhere', Payload: {} },
          Catch: [{ ErrorEquals: ['Lambda.ResourceNotFoundException'], Next: 'Caught' }],
        },
        { Caught: { Type: 'Pass', End: true } },
      ),
    )) as Record<string, Json>;
    expect(output.Error).toBe('Lambda.ResourceNotFoundException');
    expect(output.Cause).toMatch(/Service: AWSLambda; Status Code: 404/);
  });
});
