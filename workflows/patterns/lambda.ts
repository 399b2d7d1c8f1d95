import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { liveActivityOptions } from '../activity-options';

/**
 * The activity behind a Lambda Task, bounded by Lambda's 15 minutes. Temporal runs it again only when its worker is
 * lost: ASL's Retry decides about the function's errors, in the workflow.
 */
export const { invokeFunction } = proxyActivities<Activities>(liveActivityOptions('15 minutes'));

/** The retrier AWS's console adds to Lambda Tasks, plus the seed's transient application error. */
export const LAMBDA_RETRIER = {
  errorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'TransientError',
  ],
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
} as const;
