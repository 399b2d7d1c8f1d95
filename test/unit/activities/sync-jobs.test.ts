import {
  BatchClient,
  DescribeJobsCommand,
  SubmitJobCommand,
  TerminateJobCommand,
} from '@aws-sdk/client-batch';
import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { batchCall } from '../../../activities/aws/batch';
import { ecsCall } from '../../../activities/aws/ecs';
import { sdkExceptionName, sdkServiceName } from '../../../activities/aws/sdk-errors';
import { failureOf, meta, serviceCall, testContext } from './service-context';

const ecs = mockClient(ECSClient);
const batch = mockClient(BatchClient);
beforeEach(() => {
  ecs.reset();
  batch.reset();
});

const started = { taskArn: 'arn:task/1', clusterArn: 'arn:cluster/c', lastStatus: 'PROVISIONING' };
const runTask = serviceCall('ecs', 'runTask', { Cluster: 'c', TaskDefinition: 'td' }, 'sync');

describe('ecs:runTask.sync', () => {
  it('polls DescribeTasks with a heartbeat each poll until STOPPED and returns the task in PascalCase', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [started], failures: [], ...meta(200) });
    ecs
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [{ ...started, lastStatus: 'RUNNING' }] })
      .resolves({
        tasks: [
          {
            ...started,
            lastStatus: 'STOPPED',
            stopCode: 'EssentialContainerExited',
            containers: [{ name: 'app', exitCode: 0 }],
          },
        ],
      });
    const ctx = testContext();
    expect(await ecsCall(runTask, ctx)).toEqual({
      TaskArn: 'arn:task/1',
      ClusterArn: 'arn:cluster/c',
      LastStatus: 'STOPPED',
      StopCode: 'EssentialContainerExited',
      Containers: [{ Name: 'app', ExitCode: 0 }],
    });
    expect(ctx.heartbeats).toBe(2);
    expect(ctx.sleeps).toBe(1);
    expect(ecs.commandCalls(RunTaskCommand)[0].args[0].input.startedBy).toBe('AWS Step Functions');
    expect(ecs.commandCalls(DescribeTasksCommand)[0].args[0].input).toEqual({
      cluster: 'arn:cluster/c',
      tasks: ['arn:task/1'],
    });
  });

  it('fails with AmazonECS.Unknown when RunTask answers with Failures', async () => {
    ecs
      .on(RunTaskCommand)
      .resolves({ tasks: [], failures: [{ arn: 'a', reason: 'RESOURCE:MEMORY' }], ...meta(200) });
    expect(await failureOf(ecsCall(runTask, testContext()))).toEqual({
      error: 'AmazonECS.Unknown',
      cause: JSON.stringify({ Tasks: [], Failures: [{ Arn: 'a', Reason: 'RESOURCE:MEMORY' }] }),
    });
  });

  it('fails with States.TaskFailed, the task as cause, when an essential container exits non-zero', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [started], failures: [], ...meta(200) });
    const stopped = { ...started, lastStatus: 'STOPPED', containers: [{ name: 'app', exitCode: 3 }] };
    ecs.on(DescribeTasksCommand).resolves({ tasks: [stopped] });
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { containerDefinitions: [{ name: 'app' }] } });
    const failure = await failureOf(ecsCall(runTask, testContext()));
    expect(failure.error).toBe('States.TaskFailed');
    expect(JSON.parse(failure.cause)).toMatchObject({ LastStatus: 'STOPPED', Containers: [{ ExitCode: 3 }] });
  });

  it('ignores a non-essential sidecar that exits non-zero', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [started], failures: [], ...meta(200) });
    const containers = [
      { name: 'app', exitCode: 0 },
      { name: 'sidecar', exitCode: 1 },
    ];
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ ...started, lastStatus: 'STOPPED', containers }] });
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { containerDefinitions: [{ name: 'app' }, { name: 'sidecar', essential: false }] },
    });
    expect(await ecsCall(runTask, testContext())).toMatchObject({ LastStatus: 'STOPPED' });
  });

  it('stops the task when the wait is cancelled', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [started], failures: [], ...meta(200) });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ ...started, lastStatus: 'RUNNING' }] });
    ecs.on(StopTaskCommand).resolves({});
    const ctx = { ...testContext(), sleep: () => Promise.reject(new Error('cancelled')) };
    await expect(ecsCall(runTask, ctx)).rejects.toThrow('cancelled');
    expect(ecs.commandCalls(StopTaskCommand)[0].args[0].input).toMatchObject({
      cluster: 'arn:cluster/c',
      task: 'arn:task/1',
    });
  });
});

describe('batch:submitJob.sync', () => {
  const submit = serviceCall(
    'batch',
    'submitJob',
    { JobName: 'j', JobQueue: 'q', JobDefinition: 'd' },
    'sync',
  );

  it('polls DescribeJobs until SUCCEEDED and returns the job description', async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: 'job-1', jobName: 'j', ...meta(200) });
    batch
      .on(DescribeJobsCommand)
      .resolvesOnce({ jobs: [{ jobId: 'job-1', status: 'RUNNING' } as never] })
      .resolves({
        jobs: [{ jobId: 'job-1', jobName: 'j', status: 'SUCCEEDED', parameters: { myKey: 'v' } } as never],
      });
    const ctx = testContext();
    expect(await batchCall(submit, ctx)).toEqual({
      JobId: 'job-1',
      JobName: 'j',
      Status: 'SUCCEEDED',
      Parameters: { myKey: 'v' },
    });
    expect(ctx.heartbeats).toBe(2);
    expect(batch.commandCalls(SubmitJobCommand)[0].args[0].input.containerOverrides).toEqual({
      environment: [{ name: 'MANAGED_BY_AWS', value: 'STARTED_BY_STEP_FUNCTIONS' }],
    });
  });

  it('fails a FAILED job with States.TaskFailed and the job description as cause', async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: 'job-2', jobName: 'j', ...meta(200) });
    const job = { jobId: 'job-2', status: 'FAILED', statusReason: 'Essential container in task exited' };
    batch.on(DescribeJobsCommand).resolves({ jobs: [job as never] });
    expect(await failureOf(batchCall(submit, testContext()))).toEqual({
      error: 'States.TaskFailed',
      cause: JSON.stringify({
        JobId: 'job-2',
        Status: 'FAILED',
        StatusReason: 'Essential container in task exited',
      }),
    });
  });

  it('terminates the job when the wait is cancelled', async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: 'job-3', jobName: 'j', ...meta(200) });
    batch.on(DescribeJobsCommand).resolves({ jobs: [{ jobId: 'job-3', status: 'RUNNABLE' } as never] });
    batch.on(TerminateJobCommand).resolves({});
    const ctx = { ...testContext(), sleep: () => Promise.reject(new Error('cancelled')) };
    await expect(batchCall(submit, ctx)).rejects.toThrow('cancelled');
    expect(batch.commandCalls(TerminateJobCommand)[0].args[0].input.jobId).toBe('job-3');
  });
});

describe('SDK integration names', () => {
  it.each([
    ['DynamoDB', 'DynamoDb'],
    ['SQS', 'Sqs'],
    ['SFN', 'Sfn'],
    ['S3', 'S3'],
    ['ACM PCA', 'AcmPca'],
    ['CloudWatch Logs', 'CloudWatchLogs'],
    ['EventBridge', 'EventBridge'],
    ['API Gateway', 'ApiGateway'],
    ['Secrets Manager', 'SecretsManager'],
    ['EC2', 'Ec2'],
    ['Database Migration Service', 'DatabaseMigration'],
    ['Elastic Load Balancing v2', 'ElasticLoadBalancingV2'],
  ])('service id %s names errors %s', (id, name) => {
    expect(sdkServiceName(id)).toBe(name);
  });

  it.each([
    ['ConditionalCheckFailedException', 'ConditionalCheckFailedException'],
    ['NoSuchKey', 'NoSuchKeyException'],
    ['QueueDoesNotExist', 'QueueDoesNotExistException'],
    ['DBInstanceNotFoundFault', 'DbInstanceNotFoundException'],
    ['KMSInvalidStateException', 'KmsInvalidStateException'],
    ['EC2AccessDeniedException', 'Ec2AccessDeniedException'],
  ])('error shape %s is %s', (shape, name) => {
    expect(sdkExceptionName(shape)).toBe(name);
  });
});
