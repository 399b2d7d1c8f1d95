/**
 * GetActivityTask and the SendTask* answers to it, over Temporal's own activity task protocol: an activity Task is
 * a Temporal activity on the activity's task queue (workflows/activity-task.ts), polled here with
 * PollActivityTaskQueue and answered with RespondActivityTask*, so Temporal keeps the timeouts and heartbeats.
 */
import { type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  decodeFromPayloadsAtIndex,
  encodeErrorToFailure,
  encodeToPayloads,
} from '@temporalio/common/lib/internal-non-workflow';
import { type Json } from '../asl/types';
import { type TaskRequest } from '../interpreter/runtime';
import { taskOutputOf, TaskTokenError } from '../client/task-tokens';
import { activityTaskQueue } from '../../workflows/activity-task';
import { ApiError } from './errors';

const PREFIX = 'asl-act1:';

/** gRPC status codes the answers map. */
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;

/** GetActivityTask's long poll on AWS, in seconds. */
export const DEFAULT_ACTIVITY_POLL_SECONDS = 60;

/**
 * The Temporal server answers a long poll empty about a second before the caller's deadline (its tail room), and
 * refuses one whose deadline is under 2 s: the poll's deadline is the wait plus that second.
 */
const SERVER_TAIL_ROOM_MS = 1_000;

/** Whether a task token is one GetActivityTask handed out. */
export function isActivityToken(token: string): boolean {
  return token.startsWith(PREFIX);
}

function temporalToken(token: string): Uint8Array {
  const bytes = Buffer.from(token.slice(PREFIX.length), 'base64url');
  if (bytes.length === 0) throw new ApiError('InvalidToken', 'Invalid token');
  return bytes;
}

/**
 * The activity's next task (`{taskToken, input}`), or `{}` when none arrives within `waitSeconds` (AWS's 60 s; the
 * server's own long poll ends at about a minute too); `signal` cancels the poll.
 */
export async function pollActivityTask(
  client: Client,
  activityName: string,
  workerName: string | undefined,
  signal: AbortSignal,
  waitSeconds = DEFAULT_ACTIVITY_POLL_SECONDS,
): Promise<{ taskToken?: string; input?: string }> {
  let response;
  try {
    // A caller that hung up must not be handed a task (it would wait for its timeouts): the poll is cancelled.
    response = await client.withAbortSignal(signal, () =>
      client.withDeadline(Date.now() + waitSeconds * 1000 + SERVER_TAIL_ROOM_MS, () =>
        client.workflowService.pollActivityTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: activityTaskQueue(activityName) },
          identity: workerName ?? 'asl-temporal serve',
        }),
      ),
    );
  } catch (err) {
    // A server that kept the poll to the deadline instead of answering empty: nothing arrived either.
    if ((err as { code?: number }).code === DEADLINE_EXCEEDED && !signal.aborted) return {};
    throw err;
  }
  if (!response.taskToken || response.taskToken.length === 0) return {};
  const request = await decodeFromPayloadsAtIndex<TaskRequest>(
    client.options.loadedDataConverter,
    0,
    response.input?.payloads,
  );
  return {
    taskToken: PREFIX + Buffer.from(response.taskToken).toString('base64url'),
    input: JSON.stringify(request.parameters ?? null),
  };
}

async function answering(call: () => Promise<unknown>): Promise<object> {
  try {
    await call();
    return {};
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === NOT_FOUND) {
      throw new ApiError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    if (code === INVALID_ARGUMENT) throw new ApiError('InvalidToken', 'Invalid token');
    if (err instanceof TaskTokenError) throw new ApiError(err.errorName, err.message);
    throw err;
  }
}

/** SendTaskSuccess for an activity task: completes the Temporal activity with the output. */
export function completeActivityTask(client: Client, token: string, output: string): Promise<object> {
  return answering(async () => {
    const taskToken = temporalToken(token);
    const value: Json = taskOutputOf(output);
    await client.workflowService.respondActivityTaskCompleted({
      namespace: client.options.namespace,
      taskToken,
      result: { payloads: await encodeToPayloads(client.options.loadedDataConverter, value) },
    });
  });
}

/** SendTaskFailure for an activity task: fails it with the ASL error (the Retry and Catch name) and cause. */
export function failActivityTask(
  client: Client,
  token: string,
  failure: { readonly error?: string; readonly cause?: string },
): Promise<object> {
  return answering(async () => {
    const taskToken = temporalToken(token);
    const error = ApplicationFailure.create({
      type: failure.error ?? '',
      message: failure.cause ?? '',
      nonRetryable: true,
    });
    await client.workflowService.respondActivityTaskFailed({
      namespace: client.options.namespace,
      taskToken,
      failure: await encodeErrorToFailure(client.options.loadedDataConverter, error),
    });
  });
}

/** SendTaskHeartbeat for an activity task: resets its HeartbeatSeconds. */
export function heartbeatActivityTask(client: Client, token: string): Promise<object> {
  return answering(async () => {
    await client.workflowService.recordActivityTaskHeartbeat({
      namespace: client.options.namespace,
      taskToken: temporalToken(token),
    });
  });
}
