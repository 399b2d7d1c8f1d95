import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * The activity behind any service-integration Task (`arn:aws:states:::<service>:<action>`), the very one the generic
 * workflow schedules: one attempt with AWS's default Task timeout, since ASL's Retry decides about retries in the
 * workflow. Call it with `{ stateName, resource, parameters }`, the Task's effective parameters.
 */
export const { runTask } = proxyActivities<Activities>({
  startToCloseTimeout: '99999999 seconds',
  retry: { maximumAttempts: 1 },
});
