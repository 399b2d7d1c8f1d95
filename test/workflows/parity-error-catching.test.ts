import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { NOT_PROCESSED } from '../../workflows/patterns/error-catching';
import { loadExample, runBoth } from '../support/parity';
import { expectParity, type RunningWorker, startPatternWorker } from '../support/pattern-worker';
import { timeSkippingEnv } from '../support/temporal';

const example = loadExample('error-catching');
const transaction = example.input as Record<string, Json>;

describe('error-catching: the ASL machine and errorCatching agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startPatternWorker(env, 'error-catching');
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  const both = (input?: Json) =>
    runBoth(env, worker.taskQueue, { example, workflowType: 'errorCatching', input });

  it('completes a transaction that succeeds, returning expected-output.json', async () => {
    const runs = await both();
    expect(runs.asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(runs.asl.calls).toEqual(['process-transaction', 'complete-transaction']);
    expectParity(runs);
  });

  it('catches TransactionFailure into HandleFailure -> NotifyCustomer, with the error output at $.error', async () => {
    const runs = await both({ ...transaction, amount: 5000 });
    expect(runs.asl.outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        transactionId: 'TX-5001',
        accountId: 'ACC-17',
        status: 'VOIDED',
        reason: 'Transaction TX-5001 exceeds the limit of 1000.',
        notification: {
          to: 'ACC-17',
          message: 'Transaction TX-5001 was declined: Transaction TX-5001 exceeds the limit of 1000.',
        },
      },
    });
    expect(runs.asl.calls).toEqual(['process-transaction', 'handle-failure', 'notify-customer']);
    expectParity(runs);
  });

  it('sends any other error through States.ALL to NotifySupport, then fails TransactionNotProcessed', async () => {
    const runs = await both({ ...transaction, currency: 'XTS' });
    expect(runs.asl.outcome).toEqual({ status: 'FAILED', ...NOT_PROCESSED });
    expect(runs.asl.calls).toEqual(['process-transaction', 'notify-support']);
    expectParity(runs);
  });

  it('does not catch the errors of the success path (CompleteTransaction is outside the Catch)', async () => {
    // A zero-amount transaction is debited, but CompleteTransaction refuses it.
    const runs = await both({ ...transaction, amount: 0 });
    expect(runs.asl.outcome).toMatchObject({ status: 'FAILED', error: 'NothingToComplete' });
    expect(runs.asl.calls).toEqual(['process-transaction', 'complete-transaction']);
    expectParity(runs);
  });
});
