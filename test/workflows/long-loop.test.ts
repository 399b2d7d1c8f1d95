/** An unbounded polling loop through continue-as-new, in a file of its own: it keeps its server busy for minutes. */
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type StateMachine } from '../../src/asl/types';
import { createWorker } from '../../src/worker';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

describe('a long Choice/Wait loop on its own time-skipping server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnv();
  }, 60_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a Choice/Wait loop of 20,000 iterations through continue-as-new', async () => {
    const definition: StateMachine = {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.count', NumericGreaterThanEquals: 20000, Next: 'Done' }],
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
    const args: StateMachineWorkflowInput = { definition, input: { count: 0 }, stateMachineName: 'poller' };
    const handle = await env.client.workflow.start('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: uniqueId('loop'),
    });
    await worker.runUntil(async () => {
      await expect(handle.result()).resolves.toEqual({ count: 20000 });
    });
    const description = await handle.describe();
    // Each Wait costs Temporal history: the 20,000 waits spread over many runs of the same workflow id.
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
  }, 600_000);
});
