/**
 * An unbounded polling loop through continue-as-new. The run is forced to continue every few hundred events, so a
 * few hundred iterations prove the hand-over many times; the scale figures belong to the benchmarks (`bench/`).
 */
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type StateMachine } from '../../src/asl/types';
import { createWorker } from '../../src/worker';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { runChain, timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

describe('a long Choice/Wait loop on its own time-skipping server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnv();
  }, 60_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a Choice/Wait loop of 600 iterations through a dozen continue-as-new hand-overs', async () => {
    const definition: StateMachine = {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.count', NumericGreaterThanEquals: 600, Next: 'Done' }],
          Default: 'Tick',
        },
        Tick: { Type: 'Wait', Seconds: 60, Next: 'Increment' },
        Increment: {
          Type: 'Pass',
          Parameters: { 'count.$': 'States.MathAdd($.count, 1)' },
          Next: 'Check',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const taskQueue = uniqueId('long-loop');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: workflowBundle(),
    });
    const args: StateMachineWorkflowInput = {
      definition,
      input: { count: 0 },
      stateMachineName: 'poller',
      continueAsNewAfterEvents: 300,
    };
    const handle = await env.client.workflow.start('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: uniqueId('loop'),
    });
    await worker.runUntil(async () => {
      await expect(handle.result()).resolves.toEqual({ count: 600 });
    });
    // Each Wait costs Temporal history: the 600 waits spread over many runs of the same workflow id.
    const runs = await runChain(env.client, handle.workflowId, handle.firstExecutionRunId);
    for (const events of runs) expect(events.length).toBeLessThan(400);
    expect(runs.length).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
