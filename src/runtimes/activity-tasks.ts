import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import { type HandlerMap } from '../../activities/local/handlers';
import { ExecutionError } from '../asl/errors';
import { type Json } from '../asl/types';
import { type LocalTaskRunner } from './local';

/**
 * Runs Tasks in-process with the worker's own activity code, so `--local` calls the same handlers and services a
 * worker would; an activity's ApplicationFailure becomes the ASL error it carries.
 */
export function activityTaskRunner(handlers: HandlerMap): LocalTaskRunner {
  const activities = createActivities({ handlers });
  return async (request) => {
    // Both wait on the world through Temporal: a signal-like answer, or a child workflow.
    if (request.taskToken !== undefined || /:states:startExecution/.test(request.resource)) {
      throw new ExecutionError(
        'States.Runtime',
        `The Task '${request.stateName}' ${request.taskToken !== undefined ? 'waits for a task token' : 'starts a nested execution'}, ` +
          'which needs a Temporal worker: run without --local, or mock this state (--mock-config).',
        true,
      );
    }
    try {
      return (await activities.runTask(request)) as Json;
    } catch (err) {
      if (err instanceof ApplicationFailure)
        throw new ExecutionError(err.type ?? 'States.TaskFailed', err.message, true);
      throw err;
    }
  };
}
