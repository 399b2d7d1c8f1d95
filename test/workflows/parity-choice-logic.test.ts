import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type Example, loadExample, runBoth } from '../support/parity';
import { comparable } from '../support/comparable';
import { timeSkippingEnv } from '../support/temporal';
import { type RunningWorker, startPatternWorker } from '../support/pattern-worker';

const example = loadExample('choice-logic');
const order = example.input as Record<string, Json>;

describe('choice-logic: the ASL machine and choiceLogic agree', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startPatternWorker(env, 'choice-logic');
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  const both = (input?: Json) =>
    runBoth(env, worker.taskQueue, { example, workflowType: 'choiceLogic', input });

  it('routes an order above 1000 to HighValueProcess and returns expected-output.json', async () => {
    const { asl, code } = await both();
    expect(asl.outcome).toEqual({ status: 'SUCCEEDED', output: example.expected });
    expect(code).toEqual(asl);
    expect(asl.calls).toEqual(['high-value-process']);
  });

  it('checks the rules in order: a high-value express order still goes to HighValueProcess', async () => {
    const { asl, code } = await both({ ...order, orderType: 'express' });
    expect(asl.calls).toEqual(['high-value-process']);
    expect(code).toEqual(asl);
  });

  it('routes an express order of 1000 or less to ExpressProcess', async () => {
    const { asl, code } = await both({ ...order, orderValue: 1000, orderType: 'express' });
    expect(asl.outcome).toEqual({
      status: 'SUCCEEDED',
      output: { orderId: 'ORD-2001', route: 'EXPRESS', reviewRequired: false, shipping: 'next-day' },
    });
    expect(asl.calls).toEqual(['express-process']);
    expect(code).toEqual(asl);
  });

  it('routes everything else to the Default, StandardProcess (a non-numeric orderValue matches no numeric rule)', async () => {
    for (const input of [
      { ...order, orderValue: 20 },
      { ...order, orderValue: '5000' },
    ]) {
      const { asl, code } = await both(input);
      expect(asl.outcome).toEqual({
        status: 'SUCCEEDED',
        output: { orderId: 'ORD-2001', route: 'STANDARD', reviewRequired: false, shipping: 'ground' },
      });
      expect(asl.calls).toEqual(['standard-process']);
      expect(code).toEqual(asl);
    }
  });

  it('fails with the branch function error when ExpressProcess throws', async () => {
    const { asl, code } = await both({
      ...order,
      orderValue: 80,
      orderType: 'express',
      destination: 'remote',
    });
    expect(asl.outcome).toMatchObject({ status: 'FAILED', error: 'ExpressUnavailable' });
    expect(asl.calls).toEqual(['express-process']);
    expect(comparable(code)).toEqual(comparable(asl));
  });

  it('fails States.NoChoiceMatched when a machine without Default gets an order no rule matches', async () => {
    const { Default: _default, ...evaluate } = example.machine.States.EvaluateOrder as unknown as Record<
      string,
      Json
    >;
    const withoutDefault = {
      ...example.machine,
      States: { ...example.machine.States, EvaluateOrder: evaluate },
    } as unknown as StateMachine;
    const variant: Example = { ...example, machine: withoutDefault };
    const input = { ...order, orderValue: 20 };
    const { asl, code } = await runBoth(env, worker.taskQueue, {
      example: variant,
      workflowType: 'choiceLogicWithoutDefault',
      input,
    });
    const noMatch = "No Matches! An error occurred while executing the state 'EvaluateOrder'.";
    expect(asl.outcome).toEqual({
      status: 'FAILED',
      error: 'States.NoChoiceMatched',
      cause: `An error occurred while executing the state 'EvaluateOrder' (entered at the event id #2). ${noMatch}`,
    });
    expect(asl.calls).toEqual([]);
    // The one known difference: AWS prefixes a state's own error with the event id the state was entered at,
    // which hand-written code does not count; the library's choice() gives the rest of the message.
    expect(code).toEqual({ calls: [], outcome: { ...asl.outcome, cause: noMatch } });
  });
});
