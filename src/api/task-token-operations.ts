/** SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, with Step Functions' errors. */
import { TaskTokenError } from '../client/task-tokens';
import { type Operation } from './context';
import { ApiError } from './errors';
import { optionalString, requiredString } from './request';

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
  return answering(() => context.executions.sendTaskSuccess(taskToken, output));
};

const sendTaskFailure: Operation = (request, context) => {
  const taskToken = requiredString(request, 'taskToken');
  const error = optionalString(request, 'error');
  const cause = optionalString(request, 'cause');
  return answering(() =>
    context.executions.sendTaskFailure(taskToken, {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    }),
  );
};

const sendTaskHeartbeat: Operation = (request, context) => {
  const taskToken = requiredString(request, 'taskToken');
  return answering(() => context.executions.sendTaskHeartbeat(taskToken));
};

/** The callback operations by name. */
export const TASK_TOKEN_OPERATIONS: Readonly<Record<string, Operation>> = {
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
};
