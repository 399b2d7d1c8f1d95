import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { type LocalHandler } from '../../activities/local/handlers';
import { comparable } from '../support/comparable';
import { loadExample, runBoth } from '../support/parity';
import { exampleHandlers, timeSkippingEnv } from '../support/temporal';
import { type RunningWorker, startPatternWorker } from '../support/pattern-worker';

const example = loadExample('input-output-processing');
const input = example.input as { rawData: Record<string, Json> };

describe('input-output-processing: the ASL machine and inputOutputProcessing agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;
  // What ProcessData received, by call, so the test can look at FormatData's output (timestamp included).
  const received: unknown[] = [];

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const handlers = exampleHandlers('input-output-processing');
    const recording: LocalHandler = (event, context) => {
      received.push(event);
      return handlers['process-data'](event, context);
    };
    worker = await startPatternWorker(env, 'input-output-processing', {
      ...handlers,
      'process-data': recording,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  // The CLI names the machine after its folder; the parity run uses the same name for $$.StateMachine.Name.
  const both = (override?: Json) =>
    runBoth(env, worker.taskQueue, {
      example,
      workflowType: 'inputOutputProcessing',
      input: override,
      stateMachineName: 'input-output-processing',
    });

  it('adds processed.formattedData and returns expected-output.json', async () => {
    received.length = 0;
    const { asl, code } = await both();
    expect(asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(code).toEqual(asl);
    expect(asl.calls).toEqual(['process-data']);
    // FormatData's own output, timestamp included, is the same shape on both sides: an ISO time from the
    // workflow clock (the two runs enter the state at different times, so only the form is compared).
    expect(received).toHaveLength(2);
    for (const event of received) {
      expect(event).toEqual({
        ...input,
        processed: {
          formattedData: {
            id: 'rec-7731',
            timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            processedBy: 'input-output-processing',
          },
        },
      });
    }
  });

  it('keeps a null id: a present null is a value for $.rawData.id', async () => {
    const { asl, code } = await both({ rawData: { ...input.rawData, id: null } });
    expect(asl.outcome).toMatchObject({ status: 'SUCCEEDED', output: { id: null } });
    expect(code).toEqual(asl);
  });

  it('fails with ProcessData function error for a record without numeric readings', async () => {
    const { asl, code } = await both({ rawData: { ...input.rawData, readings: ['n/a'] } });
    expect(asl.outcome).toMatchObject({ status: 'FAILED', error: 'MalformedRecord' });
    expect(asl.calls).toEqual(['process-data']);
    expect(comparable(code)).toEqual(comparable(asl));
  });

  it('fails States.Runtime in FormatData when $.rawData.id is missing, without calling ProcessData', async () => {
    const { asl, code } = await both({ raw: { id: 'x' } });
    const message = `The JSONPath '$.rawData.id' specified for the field 'id.$' could not be found in the input '{"raw":{"id":"x"}}'`;
    expect(asl).toEqual({
      calls: [],
      outcome: {
        status: 'FAILED',
        error: 'States.Runtime',
        cause: `An error occurred while executing the state 'FormatData' (entered at the event id #2). ${message}`,
      },
    });
    // AWS prefixes a state's own error with the id of the event the state was entered at; code does not count those.
    expect(code).toEqual({ calls: [], outcome: { ...asl.outcome, cause: message } });
  });
});
