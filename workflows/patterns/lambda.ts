import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * The activity behind a Lambda Task. One attempt per call: ASL's Retry decides about retries, in the workflow.
 */
export const { invokeFunction } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  retry: { maximumAttempts: 1 },
});

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
