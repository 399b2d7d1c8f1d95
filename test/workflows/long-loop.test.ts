/**
 * An unbounded polling loop through continue-as-new. The run is forced to continue every few hundred events, so a
 * few hundred iterations prove the hand-over many times; the scale figures belong to the benchmarks (`bench/`).
 */
import { type StateMachine } from '../../src/asl/types';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { runChain } from '../support/temporal';

describe('a long Choice/Wait loop on its own time-skipping server', () => {
  let machine: MachineWorker;

  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'poller', server: 'time-skipping' });
  }, 60_000);
  afterAll(async () => {
    await machine?.stop();
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
    const handle = await machine.start(definition, { count: 0 }, { continueAsNewAfterEvents: 300 });
    await expect(handle.result()).resolves.toEqual({ count: 600 });
    // Each Wait costs Temporal history: the 600 waits spread over many runs of the same workflow id.
    const runs = await runChain(machine.env.client, handle.workflowId, handle.firstExecutionRunId);
    for (const events of runs) expect(events.length).toBeLessThan(400);
    expect(runs.length).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
