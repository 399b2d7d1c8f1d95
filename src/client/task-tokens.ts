import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type Json } from '../asl/types';
import { decodeTaskToken } from '../interpreter/task-token';
import { TASK_RESPONSE_UPDATE, type TaskResponse } from '../../workflows/state-machine-input';

/** The errors of SendTaskSuccess/Failure/Heartbeat, named as Step Functions names them. */
export type TaskTokenErrorName = 'InvalidToken' | 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidOutput';

/** A SendTask* call that Step Functions would refuse, with its error name. */
export class TaskTokenError extends Error {
  constructor(
    readonly errorName: TaskTokenErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}

/** What the next step is for each refusal, for people at a terminal. */
const HINTS: Record<TaskTokenErrorName, string> = {
  InvalidToken: 'Pass the exact $$.Task.Token the Task sent.',
  TaskDoesNotExist:
    'The token belongs to no waiting Task: check the namespace and that the execution reached it.',
  TaskTimedOut: 'The Task already ended (answered, timed out, or its execution stopped).',
  InvalidOutput: 'The output must be valid JSON.',
};

/** The message of a refusal plus what to do about it. */
export function taskTokenHint(error: TaskTokenError): string {
  return `${error.errorName}: ${error.message}. ${HINTS[error.errorName]}`;
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'WorkflowNotFoundError' || /not found|already completed/i.test(err.message))
  );
}

const ERROR_NAMES: readonly string[] = ['InvalidToken', 'TaskDoesNotExist', 'TaskTimedOut', 'InvalidOutput'];

/** Delivers a SendTask* message to the workflow that holds the token, mapping refusals to Step Functions' errors. */
export async function sendTaskResponse(client: Client, response: TaskResponse): Promise<void> {
  const parts = decodeTaskToken(response.taskToken);
  if (!parts) throw new TaskTokenError('InvalidToken', 'Invalid token');
  const handle = client.workflow.getHandle(parts.workflowId);
  try {
    await handle.executeUpdate(TASK_RESPONSE_UPDATE, { args: [response] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const type = err.cause.type ?? '';
      if (ERROR_NAMES.includes(type)) throw new TaskTokenError(type as TaskTokenErrorName, err.cause.message);
    }
    if (isNotFound(err)) {
      // A token of an execution that has ended is timed out on AWS; one of an unknown execution never existed.
      const ended = await handle.describe().then(
        () => true,
        () => false,
      );
      throw ended
        ? new TaskTokenError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore')
        : new TaskTokenError('TaskDoesNotExist', 'Provided task does not exist');
    }
    throw err;
  }
}

/** SendTaskSuccess's output as JSON: a string is parsed (the API takes a JSON string), anything else passes. */
export function taskOutputOf(output: string | Json): Json {
  if (typeof output !== 'string') return output;
  try {
    return JSON.parse(output) as Json;
  } catch {
    throw new TaskTokenError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
  }
}
