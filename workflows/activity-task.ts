/**
 * A Task whose Resource is a Step Functions activity ARN: one Temporal activity on the activity's own task queue,
 * which no Temporal worker polls; the API's GetActivityTask polls it for an activity worker, and SendTask* answer
 * it. Temporal enforces TimeoutSeconds (schedule to close, waiting for a worker included, as on AWS) and
 * HeartbeatSeconds (the heartbeat timeout, reset by SendTaskHeartbeat).
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { ExecutionError } from '../src/asl/errors';
import { type Json } from '../src/asl/types';
import { type TaskRequest } from '../src/interpreter/runtime';
import { aslErrorOf } from './patterns/lib/errors';

/** The patch id under which activity Tasks run this way (they failed with States.Runtime before). */
export const ACTIVITY_TASK_PATCH = 'asl-activity-task-queue';

/** The activity type of a Step Functions activity's task (no worker registers it). */
export const ACTIVITY_TASK_TYPE = 'aslActivityTask';

/** AWS's default Task timeout: 99999999 seconds. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** The Temporal task queue of a Step Functions activity, by its name. */
export function activityTaskQueue(activityName: string): string {
  return `asl-activity:${activityName}`;
}

/** The name in an activity ARN (`arn:aws:states:<region>:<account>:activity:<name>`). */
export function activityNameOf(activityArn: string): string {
  return activityArn.slice(activityArn.indexOf(':activity:') + ':activity:'.length);
}

/** Runs the Task on its activity's task queue and returns what the activity worker sent with SendTaskSuccess. */
export async function runActivityTask(request: TaskRequest, activityArn: string): Promise<Json> {
  const activities = proxyActivities<Record<string, (input: TaskRequest) => Promise<Json>>>({
    taskQueue: activityTaskQueue(activityNameOf(activityArn)),
    scheduleToCloseTimeout: `${request.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS} seconds`,
    ...(request.heartbeatSeconds !== undefined
      ? { heartbeatTimeout: `${request.heartbeatSeconds} seconds` }
      : {}),
    // An activity worker's answer is final, as on AWS; Retry in the definition decides what happens next.
    retry: { maximumAttempts: 1 },
    summary: request.stateName,
  });
  try {
    return await activities[ACTIVITY_TASK_TYPE](request);
  } catch (err) {
    if (err instanceof ActivityFailure || err instanceof ApplicationFailure) {
      const { error, cause } = aslErrorOf(err);
      throw new ExecutionError(error, cause);
    }
    throw err;
  }
}
