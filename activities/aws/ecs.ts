import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  type RunTaskCommandInput,
  type RunTaskCommandOutput,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { type Json } from '../../src/asl/types';
import { aslFailure, serviceFailure } from '../errors';
import { pollJob } from './poll';
import {
  fromSdkOutput,
  listItemSchema,
  operationSchemas,
  schemaReaderFor,
  toSdkInput,
  withPascalSdkMetadata,
} from './sdk-shapes';
import { parametersOf, type ServiceCall, type ServiceContext, syncOnly, unsupportedAction } from './service';

const PACKAGE = '@aws-sdk/client-ecs';

/** What Step Functions sets as `StartedBy` on the tasks a `.sync` state runs (AWS records it in TaskScheduled). */
export const ECS_STARTED_BY = 'AWS Step Functions';

function ecsFailure(err: unknown) {
  return serviceFailure('ECS', 'AmazonECS', err);
}

/**
 * `arn:aws:states:::ecs:runTask[.sync|.waitForTaskToken]`. Request-response returns RunTask's response (with the
 * SDK metadata) even when it lists `Failures`; `.sync` and `.waitForTaskToken` fail such a response with
 * `AmazonECS.Unknown`. `.sync` then polls DescribeTasks until the task is STOPPED and returns its description; a
 * task that failed to start or whose essential container exited non-zero fails with `States.TaskFailed`, the
 * description as the cause.
 */
export async function ecsCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'runTask') throw unsupportedAction(call, ['runTask']);
  if (call.pattern === 'sync:2') throw syncOnly(call);
  const params = parametersOf(call);
  const sync = call.pattern === 'sync';
  const request = sync && params.StartedBy === undefined ? { ...params, StartedBy: ECS_STARTED_BY } : params;
  const read = schemaReaderFor(PACKAGE);
  const schemas = operationSchemas(read, new RunTaskCommand({} as RunTaskCommandInput));
  const client = ctx.clients.get(ECSClient, 'ecs', call.credentials);
  let response: RunTaskCommandOutput;
  try {
    response = await client.send(
      new RunTaskCommand(toSdkInput(schemas.input, request) as RunTaskCommandInput),
    );
  } catch (err) {
    throw ecsFailure(err);
  }
  const output = await withPascalSdkMetadata(schemas.output, response);
  if (call.pattern === 'request-response') return output;
  if ((response.failures?.length ?? 0) > 0 || (response.tasks?.length ?? 0) === 0) {
    const { SdkHttpMetadata: _h, SdkResponseMetadata: _r, ...plain } = output as Record<string, Json>;
    throw aslFailure('AmazonECS.Unknown', JSON.stringify(plain));
  }
  if (!sync) return output;
  const tasks = await waitForTasks(ctx, client, response.tasks ?? []);
  const describeSchemas = operationSchemas(read, new DescribeTasksCommand({ tasks: [] }));
  const taskSchema = listItemSchema(describeSchemas.output, 'tasks');
  const described = (await fromSdkOutput(taskSchema, tasks[0])) as Json;
  for (const task of tasks) {
    if (await taskFailed(client, task)) {
      const cause = task === tasks[0] ? described : await fromSdkOutput(taskSchema, task);
      throw aslFailure('States.TaskFailed', JSON.stringify(cause));
    }
  }
  return described;
}

/** Polls until every task RunTask started is STOPPED; stops them if the wait is cancelled. */
async function waitForTasks(ctx: ServiceContext, client: ECSClient, started: Task[]): Promise<Task[]> {
  const cluster = started[0].clusterArn;
  const arns = started.map((t) => t.taskArn).filter((a): a is string => typeof a === 'string');
  return pollJob(ctx, {
    check: async () => {
      let out;
      try {
        out = await client.send(new DescribeTasksCommand({ cluster, tasks: arns }));
      } catch (err) {
        throw ecsFailure(err);
      }
      if ((out.failures?.length ?? 0) > 0) {
        // A task that DescribeTasks no longer knows cannot be waited for.
        throw aslFailure('States.TaskFailed', JSON.stringify(await fromSdkOutput(undefined, out.failures)));
      }
      const tasks = out.tasks ?? [];
      return tasks.length === arns.length && tasks.every((t) => t.lastStatus === 'STOPPED')
        ? tasks
        : undefined;
    },
    onCancel: async () => {
      await Promise.all(
        arns.map((task) =>
          client.send(
            new StopTaskCommand({ cluster, task, reason: 'Stopped by the state machine (asl-temporal)' }),
          ),
        ),
      );
    },
  });
}

/**
 * Whether a stopped task failed: it never started, or an essential container (the default) exited non-zero. The
 * task definition is read only when some container exited non-zero, to tell essential containers from sidecars.
 */
async function taskFailed(client: ECSClient, task: Task): Promise<boolean> {
  if (task.stopCode === 'TaskFailedToStart') return true;
  const nonZero = (task.containers ?? []).filter((c) => typeof c.exitCode === 'number' && c.exitCode !== 0);
  if (nonZero.length === 0) return false;
  let essential: Set<string> | undefined;
  try {
    const def = await client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }),
    );
    essential = new Set(
      (def.taskDefinition?.containerDefinitions ?? [])
        .filter((c) => c.essential !== false)
        .map((c) => c.name ?? ''),
    );
  } catch {
    // Without the definition every container counts as essential, ECS's default.
    return true;
  }
  return nonZero.some((c) => essential.has(c.name ?? ''));
}
