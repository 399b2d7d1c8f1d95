import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { liveActivityOptions } from '../activity-options';

/**
 * The activity behind any service-integration Task (`arn:aws:states:::<service>:<action>`), the very one the generic
 * workflow schedules, with AWS's default Task timeout: Temporal runs it again only when its worker is lost, since
 * ASL's Retry decides about the service's errors in the workflow. Call it with `{ stateName, resource, parameters }`,
 * the Task's effective parameters.
 */
export const { runTask } = proxyActivities<Activities>(liveActivityOptions('99999999 seconds'));
