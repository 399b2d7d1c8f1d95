/** GetExecutionHistory and DescribeExecution of an execution that continued as new: one history, as on AWS. */
import { type StateMachine } from '../../src/asl/types';
import { StateMachineClient } from '../../src/client/state-machine-client';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';

const ITERATIONS = 12;

/** A Choice/Wait/Pass loop: each iteration is 6 Step Functions events and one Temporal timer. */
const loop: StateMachine = {
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericGreaterThanEquals: ITERATIONS, Next: 'Done' }],
      Default: 'Tick',
    },
    Tick: { Type: 'Wait', Seconds: 60, Next: 'Increment' },
    Increment: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Check' },
    Done: { Type: 'Succeed' },
  },
};

describe('the history of an execution that continued as new', () => {
  let machine: MachineWorker;
  let client: StateMachineClient;
  let name: string;
  let runs: number;

  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'looping', server: 'time-skipping' });
    client = new StateMachineClient(machine.env.client, machine.taskQueue);
    // A low ceiling forces a new run every few iterations.
    const handle = await machine.start(loop, { count: 0 }, { continueAsNewAfterEvents: 12 });
    await expect(handle.result()).resolves.toEqual({ count: ITERATIONS });
    name = handle.workflowId;
    let runId: string | undefined = (await handle.describe()).runId;
    for (runs = 0; runId; runs++) {
      const first = await machine.env.client.workflow.getHandle(name, runId).fetchHistory();
      runId =
        first.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
  }, 120_000);
  afterAll(() => machine?.stop());

  it('joins the events of every run, numbered as one history from ExecutionStarted to ExecutionSucceeded', async () => {
    expect(runs).toBeGreaterThan(2);
    const history = await client.getExecutionHistory(name);
    expect(history.dropped).toBe(0);
    const ids = history.events.map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    expect(history.events[0].type).toBe('ExecutionStarted');
    expect(history.events[history.events.length - 1].type).toBe('ExecutionSucceeded');
    const waits = history.events.filter((e) => e.type === 'StateEntered' && e.state === 'Tick');
    expect(waits).toHaveLength(ITERATIONS);
  });

  it('keeps the newest events when asked for fewer, and counts the ones before them', async () => {
    const full = await client.getExecutionHistory(name);
    const tail = await client.getExecutionHistory(name, 10);
    expect(tail.events).toEqual(full.events.slice(-10));
    expect(tail.dropped).toBe(full.events.length - 10);
  });

  it('describes the execution with the start date of its first run', async () => {
    const description = await client.describeExecution(name);
    const currentRun = await machine.env.client.workflow.getHandle(name).describe();
    expect(description.status).toBe('SUCCEEDED');
    expect(description.input).toEqual({ count: 0 });
    const events = (await client.getExecutionHistory(name)).events;
    expect(description.startDate.getTime()).toBe(events[0].timestamp);
    // The current (last) run started later, after some of the skipped minutes of Waits.
    expect(currentRun.startTime.getTime()).toBeGreaterThan(description.startDate.getTime());
  });
});
