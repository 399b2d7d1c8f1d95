import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type LocalHandler } from '../../activities/local/handlers';
import { comparable } from '../support/comparable';
import { loadExample, runBoth } from '../support/parity';
import { exampleHandlers, timeSkippingEnv } from '../support/temporal';
import { type RunningWorker, startPatternWorker } from '../support/pattern-worker';

// events:putEvents goes to the moto server that the temporal project's global setup started (AWS_ENDPOINT_URL).
const example = loadExample('eventbridge-integration');
const order = example.input as Record<string, unknown>;

describe('eventbridge-integration: the ASL machine and eventbridgeIntegration agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;
  let failFinalize = false;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const handlers = exampleHandlers('eventbridge-integration');
    // A switchable FinalizeOrder, for a failure the catcher does not handle.
    const finalize: LocalHandler = (event, context) => {
      if (failFinalize) throw Object.assign(new Error('ledger offline'), { name: 'LedgerUnavailable' });
      return handlers['finalize-order'](event, context);
    };
    worker = await startPatternWorker(env, 'eventbridge-integration', {
      ...handlers,
      'finalize-order': finalize,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  const both = (input?: Record<string, unknown>) =>
    runBoth(env, worker.taskQueue, {
      example,
      workflowType: 'eventbridgeIntegration',
      input: input as never,
    });

  it('publishes OrderProcessed, finalizes the order and returns expected-output.json', async () => {
    const { asl, code } = await both();
    expect(asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(asl.calls).toEqual(['events:putEvents', 'finalize-order']);
    expect(code).toEqual(asl);
  });

  it('catches OrderAlreadyFinalized from FinalizeOrder and flags the order for review', async () => {
    const { asl, code } = await both({ ...order, status: 'FINALIZED' });
    expect(asl.outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        ...order,
        status: 'NEEDS_REVIEW',
        eventPublished: { failedEntryCount: 0, eventCount: 1 },
        finalizeError: {
          Error: 'OrderAlreadyFinalized',
          Cause: expect.stringContaining('"errorMessage":"Order ORD-3001 is already finalized."'),
        },
      },
    });
    expect(asl.calls).toEqual(['events:putEvents', 'finalize-order']);
    // The caught Cause carries the handler's stack, which names the activity that ran it: compare without it.
    const withoutCause = (output: unknown) => ({
      ...(output as Record<string, unknown>),
      finalizeError: { Error: 'OrderAlreadyFinalized' },
    });
    expect(code.calls).toEqual(asl.calls);
    expect(code.outcome).toMatchObject({ status: 'SUCCEEDED' });
    if (code.outcome.status === 'SUCCEEDED' && asl.outcome.status === 'SUCCEEDED') {
      expect(withoutCause(code.outcome.output)).toEqual(withoutCause(asl.outcome.output));
    }
  });

  it('fails with an error no catcher handles, after the event went out', async () => {
    failFinalize = true;
    try {
      const { asl, code } = await both();
      expect(asl.outcome).toMatchObject({ status: 'FAILED', error: 'LedgerUnavailable' });
      expect(asl.calls).toEqual(['events:putEvents', 'finalize-order']);
      expect(comparable(code)).toEqual(comparable(asl));
    } finally {
      failFinalize = false;
    }
  });
});
