import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type Json } from '../asl/types';
import {
  checkTaskFailure,
  checkTaskOutput,
  checkTaskOutputText,
  ValidationException,
} from '../dataflow/limits';
import { decodeTaskToken } from '../interpreter/task-token';
import { TASK_RESPONSE_UPDATE, type TaskResponse } from '../../workflows/state-machine-input';

/** The errors of SendTaskSuccess/Failure/Heartbeat, named as Step Functions names them. */
export type TaskTokenErrorName =
  'InvalidToken' | 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidOutput' | 'ValidationException';

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
  ValidationException:
    'Keep the output within 262,144 bytes of UTF-8 JSON (put larger data in S3 and send its key), the error ' +
    'within 256 characters and the cause within 32,768.',
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

const ERROR_NAMES: readonly string[] = [
  'InvalidToken',
  'TaskDoesNotExist',
  'TaskTimedOut',
  'InvalidOutput',
  'ValidationException',
];

/**
 * AWS's length constraints on SendTaskSuccess's output (256 KiB of UTF-8) and SendTaskFailure's error and cause,
 * checked before the token, as the API validates the request first; the update's validator checks them again.
 */
export function checkTaskResponse(response: TaskResponse): void {
  asTaskTokenError(() => {
    if (response.kind === 'success') checkTaskOutput(response.output);
    else if (response.kind === 'failure') checkTaskFailure(response);
  });
}

function asTaskTokenError(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof ValidationException) throw new TaskTokenError('ValidationException', err.message);
    throw err;
  }
}

/** Delivers a SendTask* message to the workflow that holds the token, mapping refusals to Step Functions' errors. */
export async function sendTaskResponse(client: Client, response: TaskResponse): Promise<void> {
  checkTaskResponse(response);
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

/**
 * SendTaskSuccess's output as JSON: a string is measured as sent (over 256 KiB is a ValidationException) and
 * parsed (the API takes a JSON string), anything else passes.
 */
export function taskOutputOf(output: string | Json): Json {
  if (typeof output !== 'string') {
    asTaskTokenError(() => checkTaskOutput(output));
    return output;
  }
  asTaskTokenError(() => checkTaskOutputText(output));
  try {
    return JSON.parse(output) as Json;
  } catch {
    throw new TaskTokenError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
  }
}
