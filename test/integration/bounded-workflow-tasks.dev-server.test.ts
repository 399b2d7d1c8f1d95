/**
 * Bounded work per workflow task, on the dev server: a Pass/Choice loop that never awaits anything hands its task
 * back every `transitionsPerTask` transitions (a 1 ms timer while the run is young, continue-as-new once it is a
 * second old) instead of running past the sandbox's 5 s task deadline; a loop inside
 * a Parallel branch (which cannot continue as new) yields its task through a 1 ms timer; and a workflow task that
 * can never succeed fails the execution with a named error instead of being retried forever.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { type StateMachine } from '../../src/asl/types';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { runChain } from '../support/temporal';

/** A Pass/Choice loop counting `$.i` up to `n`: two transitions per iteration, no Wait, no Task. */
function counter(n: number): StateMachine {
  return {
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.i', NumericGreaterThanEquals: n, Next: 'Done' }],
        Default: 'Increment',
      },
      Increment: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Done: { Type: 'Succeed' },
    },
  };
}

describe('bounded work per workflow task on the dev server', () => {
  let machine: MachineWorker;
  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'bounded', server: 'dev' });
  });
  afterAll(async () => {
    await machine?.stop();
  });

  it('runs a 50,000-iteration Pass/Choice loop in workflow tasks of at most 10,000 transitions, through a chain of continue-as-new', async () => {
    // Each task that yields through a timer adds 5 events: past 20, the run continues as new whatever its age.
    const handle = await machine.start(counter(50_000), { i: 0 }, { continueAsNewAfterEvents: 20 });
    await expect(handle.result()).resolves.toEqual({ i: 50_000 });
    const runs = await runChain(machine.env.client, handle.workflowId, handle.firstExecutionRunId);
    // 100,001 transitions at most 10,000 per task: at least 11 workflow tasks, never a failed one.
    const tasks = runs.flat().filter((e) => e.workflowTaskCompletedEventAttributes);
    expect(tasks.length).toBeGreaterThanOrEqual(11);
    expect(runs.flat().some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
    // A young run yields through a 1 ms timer, an older one continues as new; either way no run grows long.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const events of runs.slice(0, -1)) {
      expect(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      expect(events.length).toBeLessThanOrEqual(30);
    }
    expect(runs.at(-1)?.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
  }, 240_000);

  it('yields the workflow task of a loop inside a Parallel branch through a 1 ms timer', async () => {
    const branch = counter(3_000);
    const handle = await machine.start(
      { StartAt: 'Fan', States: { Fan: { Type: 'Parallel', Branches: [branch, branch], End: true } } },
      { i: 0 },
      { transitionsPerTask: 1_000 },
    );
    await expect(handle.result()).resolves.toEqual([{ i: 3_000 }, { i: 3_000 }]);
    const [events, ...later] = await runChain(
      machine.env.client,
      handle.workflowId,
      handle.firstExecutionRunId,
    );
    expect(later).toHaveLength(0);
    // 12,002 transitions of both branches together, 1,000 per task: about one timer between two tasks, shared by
    // the branches (one per branch would be twice as many).
    const timers = events.filter((e) => e.timerStartedEventAttributes);
    expect(timers.length).toBeGreaterThanOrEqual(11);
    expect(timers.length).toBeLessThanOrEqual(13);
    expect(events.some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
  }, 120_000);

  it('fails an execution whose workflow task throws on every attempt with the error named, instead of retrying it', async () => {
    // No definition: the workflow's own code (not the interpreter) throws a TypeError, as a bug would.
    const handle = await machine.start(undefined as unknown as StateMachine, {});
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause?.name).toBe('ApplicationFailure');
    expect(cause).toMatchObject({ type: 'TypeError' });
    expect(cause?.message).toMatch(/Cannot read properties of undefined/);
    const history = await handle.fetchHistory();
    expect(history.events?.some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
    expect(history.events?.at(-1)?.workflowExecutionFailedEventAttributes).toBeTruthy();
  }, 60_000);
});
