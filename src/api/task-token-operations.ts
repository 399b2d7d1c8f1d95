/** SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, with Step Functions' errors. */
import { TaskTokenError } from '../client/task-tokens';
import { type Operation } from './context';
import { ApiError } from './errors';
import { optionalString, requiredString } from './request';
import {
  completeActivityTask,
  failActivityTask,
  heartbeatActivityTask,
  isActivityToken,
} from './activity-tasks';

async function answering(send: () => Promise<void>): Promise<object> {
  try {
    await send();
    return {};
  } catch (err) {
    if (err instanceof TaskTokenError) throw new ApiError(err.errorName, err.message);
    throw err;
  }
}

const sendTaskSuccess: Operation = (request, context) => {
  const taskToken = requiredString(request, 'taskToken');
  const output = requiredString(request, 'output');
  if (isActivityToken(taskToken)) return completeActivityTask(context.client, taskToken, output);
  return answering(() => context.executions.sendTaskSuccess(taskToken, output));
};

const sendTaskFailure: Operation = (request, context) => {
  const taskToken = requiredString(request, 'taskToken');
  const error = optionalString(request, 'error');
  const cause = optionalString(request, 'cause');
  if (isActivityToken(taskToken)) {
    return failActivityTask(context.client, taskToken, {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  }
  return answering(() =>
    context.executions.sendTaskFailure(taskToken, {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    }),
  );
};

const sendTaskHeartbeat: Operation = (request, context) => {
  const taskToken = requiredString(request, 'taskToken');
  if (isActivityToken(taskToken)) return heartbeatActivityTask(context.client, taskToken);
  return answering(() => context.executions.sendTaskHeartbeat(taskToken));
};

/** The callback operations by name. */
export const TASK_TOKEN_OPERATIONS: Readonly<Record<string, Operation>> = {
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
};
