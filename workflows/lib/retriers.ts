import { type Json } from '../../src/asl/types';

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

/**
 * {@link LAMBDA_RETRIER} as a Retry list in ASL's own form: the exporter writes `Retry: LAMBDA_RETRY` for a state
 * whose Retry is exactly this, as the hand-written patterns use `LAMBDA_RETRIER`.
 */
export const LAMBDA_RETRY: Json[] = [
  {
    ErrorEquals: [...LAMBDA_RETRIER.errorEquals],
    IntervalSeconds: LAMBDA_RETRIER.intervalSeconds,
    MaxAttempts: LAMBDA_RETRIER.maxAttempts,
    BackoffRate: LAMBDA_RETRIER.backoffRate,
  },
];
