/**
 * `.sync` jobs (ECS runTask, Batch submitJob) and the generic AWS SDK integration over real HTTP: the `stateMachine`
 * workflow on the shared time-skipping server calls moto (started by the jest global setup, `AWS_ENDPOINT_URL`).
 * The activities poll in real time; nothing here waits on a workflow timer.
 */
import {
  BatchClient,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateClusterCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { sharedSetting } from '../support/shared-env';
import { uniqueId } from '../support/temporal';

const region = 'us-east-1';
const ecs = new ECSClient({ region });
const batch = new BatchClient({ region });
const dynamodb = new DynamoDBClient({ region });
const sqs = new SQSClient({ region });
const s3 = new S3Client({ region, forcePathStyle: true });

/** A Task state going to `next` (or ending), for machines written inline. */
function task(
  resource: string,
  parameters: Record<string, Json>,
  extra: Record<string, unknown> = {},
): State {
  return { Type: 'Task', Resource: resource, Parameters: parameters, End: true, ...extra } as State;
}

/** moto's own API: a POST to `/moto-api/<path>` with a JSON body. */
async function motoApi(path: string, body: Json): Promise<void> {
  const res = await fetch(`${sharedSetting('awsEndpoint')}/moto-api/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`moto-api/${path}: ${res.status} ${await res.text()}`);
}

/**
 * A raw Query-protocol call to moto (IAM, EC2): the setup needs a role and a subnet, and @aws-sdk/client-iam and
 * client-ec2 are not dependencies. moto reads the service from the credential scope and does not check signatures.
 */
async function motoQuery(service: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(sharedSetting('awsEndpoint'), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20240101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} ${params.Action}: ${res.status} ${text}`);
  return text;
}

/** The first value of an XML element in a Query response. */
function xmlValue(xml: string, element: string): string {
  const value = new RegExp(`<${element}>([^<]+)</${element}>`).exec(xml)?.[1];
  if (!value) throw new Error(`no <${element}> in ${xml.slice(0, 300)}`);
  return value;
}

describe('.sync jobs and AWS SDK integrations against moto', () => {
  let machines: MachineWorker;
  beforeAll(async () => {
    machines = await startMachineWorker({
      name: 'aws-jobs',
      server: 'time-skipping',
      activities: { pollIntervalMs: 200 },
    });
  });
  afterAll(() => machines?.stop());

  const execute = (definition: StateMachine, input: Json = {}) => machines.execute(definition, input);

  it('runs an ECS task with runTask.sync, keeps polling while it runs, and returns the stopped task', async () => {
    const cluster = uniqueId('cluster');
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const family = uniqueId('job');
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        // moto sums the containers' own cpu and memory, so give them.
        containerDefinitions: [{ name: 'app', image: 'busybox', essential: true, cpu: 256, memory: 512 }],
      }),
    );
    // Fargate tasks need a real subnet and security group: moto's default VPC has them.
    const ec2 = { Version: '2016-11-15' };
    const subnet = xmlValue(await motoQuery('ec2', { ...ec2, Action: 'DescribeSubnets' }), 'subnetId');
    const group = xmlValue(await motoQuery('ec2', { ...ec2, Action: 'DescribeSecurityGroups' }), 'groupId');
    const machine: StateMachine = {
      StartAt: 'Run',
      States: {
        Run: task('arn:aws:states:::ecs:runTask.sync', {
          Cluster: cluster,
          TaskDefinition: family,
          LaunchType: 'FARGATE',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [subnet], SecurityGroups: [group] } },
        }),
      },
    };
    const result = execute(machine);
    // moto's tasks never stop by themselves: stop the task once the workflow has started it and is polling.
    let taskArn: string | undefined;
    for (let i = 0; i < 100 && !taskArn; i++) {
      taskArn = (await ecs.send(new ListTasksCommand({ cluster }))).taskArns?.[0];
      if (!taskArn) await new Promise((r) => setTimeout(r, 100));
    }
    expect(taskArn).toBeDefined();
    await new Promise((r) => setTimeout(r, 600));
    await ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason: 'done by the test' }));
    const output = (await result) as Record<string, Json>;
    // moto forgets StopTask's reason (StoppedReason comes back empty), so it is not asserted.
    expect(output).toMatchObject({
      TaskArn: taskArn,
      LastStatus: 'STOPPED',
      StartedBy: 'AWS Step Functions',
    });
    expect(output).not.toHaveProperty('SdkHttpMetadata');
  });

  it('submits a Batch job with submitJob.sync and returns the SUCCEEDED job (moto without Docker)', async () => {
    await motoApi('config', { batch: { use_docker: false } });
    const role = xmlValue(
      await motoQuery('iam', {
        Action: 'CreateRole',
        Version: '2010-05-08',
        RoleName: uniqueId('batch-role'),
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      }),
      'Arn',
    );
    const computeEnvironmentName = uniqueId('ce');
    const ce = await batch.send(
      new CreateComputeEnvironmentCommand({ computeEnvironmentName, type: 'UNMANAGED', serviceRole: role }),
    );
    const queue = await batch.send(
      new CreateJobQueueCommand({
        jobQueueName: uniqueId('queue'),
        state: 'ENABLED',
        priority: 1,
        computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce.computeEnvironmentArn }],
      }),
    );
    const definition = await batch.send(
      new RegisterJobDefinitionCommand({
        jobDefinitionName: uniqueId('def'),
        type: 'container',
        containerProperties: { image: 'busybox', vcpus: 1, memory: 128, command: ['echo', 'hi'] },
      }),
    );
    const machine: StateMachine = {
      StartAt: 'Submit',
      States: {
        Submit: task('arn:aws:states:::batch:submitJob.sync', {
          JobName: 'nightly',
          JobQueue: queue.jobQueueArn ?? '',
          JobDefinition: definition.jobDefinitionArn ?? '',
          'Parameters.$': '$.params',
        }),
      },
    };
    const output = (await execute(machine, { params: { day: 'monday' } })) as Record<string, Json>;
    expect(output).toMatchObject({ JobName: 'nightly', Status: 'SUCCEEDED', Parameters: { day: 'monday' } });
    expect(output.JobId).toEqual(expect.any(String));
  });

  it('calls DynamoDB, SQS and S3 through aws-sdk and catches the errors moto answers with by their SDK names', async () => {
    const table = uniqueId('items');
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueId('q') }))).QueueUrl ?? '';
    const bucket = uniqueId('bucket').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const caught = (next: string, resultPath: string) => ({
      End: undefined,
      Next: next,
      ResultPath: resultPath,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next }],
    });
    const machine: StateMachine = {
      StartAt: 'Put',
      States: {
        Put: task(
          'arn:aws:states:::aws-sdk:dynamodb:putItem',
          { TableName: table, Item: { id: { S: 'a' }, n: { N: '1' } } },
          { End: undefined, Next: 'Get', ResultPath: null },
        ),
        Get: task(
          'arn:aws:states:::aws-sdk:dynamodb:getItem',
          { TableName: table, Key: { id: { S: 'a' } } },
          { End: undefined, Next: 'MissingTable', ResultPath: '$.got' },
        ),
        MissingTable: task(
          'arn:aws:states:::aws-sdk:dynamodb:getItem',
          { TableName: `${table}-missing`, Key: { id: { S: 'a' } } },
          caught('Send', '$.missingTable'),
        ),
        Send: task(
          'arn:aws:states:::aws-sdk:sqs:sendMessage',
          { QueueUrl: queueUrl, MessageBody: 'hello queue' },
          { End: undefined, Next: 'Receive', ResultPath: '$.sent' },
        ),
        Receive: task(
          'arn:aws:states:::aws-sdk:sqs:receiveMessage',
          { QueueUrl: queueUrl, MaxNumberOfMessages: 1 },
          { End: undefined, Next: 'MissingQueue', ResultPath: '$.received' },
        ),
        MissingQueue: task(
          'arn:aws:states:::aws-sdk:sqs:getQueueUrl',
          { QueueName: 'no-such-queue' },
          caught('PutObject', '$.missingQueue'),
        ),
        PutObject: task(
          'arn:aws:states:::aws-sdk:s3:putObject',
          { Bucket: bucket, Key: 'greeting.txt', Body: 'hello object' },
          { End: undefined, Next: 'GetObject', ResultPath: null },
        ),
        GetObject: task(
          'arn:aws:states:::aws-sdk:s3:getObject',
          { Bucket: bucket, Key: 'greeting.txt' },
          {
            End: undefined,
            Next: 'MissingKey',
            ResultSelector: { 'Body.$': '$.Body' },
            ResultPath: '$.object',
          },
        ),
        MissingKey: task(
          'arn:aws:states:::aws-sdk:s3:getObject',
          { Bucket: bucket, Key: 'absent.txt' },
          { ...caught('Done', '$.missingKey'), Next: 'Done' },
        ),
        Done: { Type: 'Succeed' },
      },
    };
    const out = (await execute(machine)) as Record<string, Record<string, Json>>;
    expect(out.got).toEqual({ Item: { id: { S: 'a' }, n: { N: '1' } } });
    expect(out.missingTable.Error).toBe('DynamoDb.ResourceNotFoundException');
    expect(out.missingTable.Cause).toMatch(/\(Service: DynamoDb, Status Code: 400, Request ID: .+\)$/);
    expect(out.sent.MessageId).toEqual(expect.any(String));
    expect((out.received.Messages as Json[])[0]).toMatchObject({ Body: 'hello queue' });
    expect(out.missingQueue.Error).toBe('Sqs.QueueDoesNotExistException');
    expect(out.object).toEqual({ Body: 'hello object' });
    expect(out.missingKey.Error).toBe('S3.NoSuchKeyException');
  });
});
