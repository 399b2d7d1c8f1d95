import { type Json } from '../../src/asl/types';
import { withCatch } from './lib/catch';
import { failWith } from './lib/errors';
import { asExecution } from './lib/execution';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the seed's Error Catching machine, by the names in their ARNs. */
export const CATCHING_FUNCTIONS = {
  processTransaction: 'process-transaction',
  completeTransaction: 'complete-transaction',
  handleFailure: 'handle-failure',
  notifyCustomer: 'notify-customer',
  notifySupport: 'notify-support',
} as const;

/** The Fail state after NotifySupport: the execution still fails, now that a person knows. */
export const NOT_PROCESSED = {
  error: 'TransactionNotProcessed',
  cause: 'The transaction failed unexpectedly; support has been notified.',
} as const;

/**
 * The seed's Error Catching pattern as plain Temporal code: ProcessTransaction, then CompleteTransaction; a
 * TransactionFailure goes to HandleFailure -> NotifyCustomer, any other error to NotifySupport and then fails
 * TransactionNotProcessed. Both catchers put the error output at `$.error`. Same as `examples/error-catching/`.
 */
export function errorCatching(input: Json): Promise<unknown> {
  return asExecution(() =>
    withCatch(
      () => lambdaTask(CATCHING_FUNCTIONS.processTransaction, input),
      [
        {
          errorEquals: ['TransactionFailure'],
          resultPath: '$.error',
          next: async (failed) => {
            const handled = await lambdaTask(CATCHING_FUNCTIONS.handleFailure, failed);
            return lambdaTask(CATCHING_FUNCTIONS.notifyCustomer, handled);
          },
        },
        {
          errorEquals: ['States.ALL'],
          resultPath: '$.error',
          next: async (failed) => {
            await lambdaTask(CATCHING_FUNCTIONS.notifySupport, failed);
            throw failWith(NOT_PROCESSED);
          },
        },
      ],
      { input, next: (debited: unknown) => lambdaTask(CATCHING_FUNCTIONS.completeTransaction, debited) },
    ),
  );
}
