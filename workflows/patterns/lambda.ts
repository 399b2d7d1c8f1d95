import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { liveActivityOptions } from '../activity-options';

/**
 * The activity behind a Lambda Task, bounded by Lambda's 15 minutes. Temporal runs it again only when its worker is
 * lost: ASL's Retry decides about the function's errors, in the workflow.
 */
export const { invokeFunction } = proxyActivities<Activities>(liveActivityOptions('15 minutes'));

// Pure data, kept with the public library so that the exporter can name it without loading activities.
export { LAMBDA_RETRIER } from '../lib/retriers';
