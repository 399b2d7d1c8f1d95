import { type HandlerMap } from '../../activities/local/handlers';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { activityTaskRunner } from '../../src/runtimes/activity-tasks';
import { runLocally } from '../../src/runtimes/run-local';
import { DISTRIBUTED_BATCH_SIZE } from '../../src/interpreter/states/distributed-map';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { runChain } from '../support/temporal';

/** A failure a handler throws, carrying an ASL error name; no call stack, which differs between the runtimes. */
function failure(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, stack: `${name}: ${message}` });
}

const handlers: HandlerMap = {
  // Every 97th item fails, so tolerated failures fall in batches of different runs.
  work: (event) => {
    const { index, value } = event as { index: number; value: number };
    if (value % 97 === 5) throw failure('ItemBroke', `item ${index} broke`);
    return { index, tripled: value * 3 };
  },
};

/** A top-level DISTRIBUTED Map over `$.values` whose processor calls `work`, then a Pass that reads its result. */
function machineOf(map: Partial<Record<string, Json>>): StateMachine {
  return {
    StartAt: 'Before',
    States: {
      Before: { Type: 'Pass', Result: 'kept', ResultPath: '$.before', Next: 'Items' },
      Items: {
        Type: 'Map',
        ItemsPath: '$.values',
        ItemSelector: {
          'index.$': '$$.Map.Item.Index',
          'value.$': '$$.Map.Item.Value',
          'entered.$': '$$.State.EnteredTime',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
              ResultSelector: { 'index.$': '$.index', 'tripled.$': '$.tripled' },
              End: true,
            },
          },
        },
        ResultPath: '$.results',
        Next: 'After',
        ...map,
      } as State,
      After: {
        Type: 'Pass',
        Parameters: {
          'before.$': '$.before',
          'count.$': 'States.ArrayLength($.results)',
          'results.$': '$.results',
        },
        End: true,
      },
    },
  };
}

const ITEMS = 1_250;
const BATCHES = Math.ceil(ITEMS / DISTRIBUTED_BATCH_SIZE);
const input = { values: Array.from({ length: ITEMS }, (_, i) => i) };

describe('a top-level DISTRIBUTED Map continues as new between batches', () => {
  let machine: MachineWorker;

  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'map-can', server: 'time-skipping', handlers });
  });
  afterAll(() => machine?.stop());

  /** Runs the machine with continue-as-new forced early, and returns the output and each run's history. */
  async function runForced(definition: StateMachine) {
    const handle = await machine.start(definition, input, { continueAsNewAfterEvents: 40 });
    const output = await handle.result();
    const runs = await runChain(machine.env.client, handle.workflowId, handle.firstExecutionRunId);
    const children = runs.map(
      (events) => events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length,
    );
    return { output, runs, children };
  }

  it(`runs ${ITEMS} items as ${BATCHES} children over several runs, with the output the local runtime gives`, async () => {
    const definition = machineOf({ ToleratedFailureCount: 20 });
    const { output, runs, children } = await runForced(definition);
    const local = (await runLocally(definition, input, { runTask: activityTaskRunner(handlers) })).result;

    expect(local.status).toBe('SUCCEEDED');
    expect(output).toEqual(local.status === 'SUCCEEDED' ? local.output : undefined);
    const results = (output as { results: Json[] }).results;
    expect(results).toHaveLength(ITEMS);
    expect(results[6]).toEqual({ index: 6, tripled: 18 });
    expect(results[5]).toMatchObject({ Error: 'ItemBroke' });
    expect((output as { before: string }).before).toBe('kept');
    // Every batch ran exactly once, spread over more than one run.
    expect(children.reduce((a, b) => a + b, 0)).toBe(BATCHES);
    expect(runs.length).toBeGreaterThan(1);
    expect(children.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it('counts tolerated failures across runs: one more than tolerated fails the Map after it continued as new', async () => {
    // Items 5, 102, ..., 1169: 13 failures, so a tolerance of 12 fails, and only in a late batch.
    const definition = machineOf({ ToleratedFailureCount: 12 });
    const handle = await machine.start(definition, input, { continueAsNewAfterEvents: 40 });
    await expect(handle.result()).rejects.toMatchObject({
      cause: { type: 'States.ExceedToleratedFailureThreshold' },
    });
    const runs = await runChain(machine.env.client, handle.workflowId, handle.firstExecutionRunId);
    expect(runs.length).toBeGreaterThan(1);
    const local = (await runLocally(definition, input, { runTask: activityTaskRunner(handlers) })).result;
    expect(local).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });

  it('fails with States.DataLimitExceeded once the results outgrow 256 KiB, as the local runtime does at the end', async () => {
    // 1,250 results of about 300 bytes: over the quota long before the last batch.
    const base = machineOf({ ToleratedFailureCount: 20 });
    const map = base.States.Items as unknown as Record<string, unknown>;
    const padded = {
      ...map,
      ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', pad: 'x'.repeat(300) },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Echo',
        States: { Echo: { Type: 'Pass', End: true } },
      },
    };
    const definition: StateMachine = {
      ...base,
      States: { ...base.States, Items: padded as unknown as State },
    };
    const handle = await machine.start(definition, input, { continueAsNewAfterEvents: 40 });
    const cause =
      "The state/task 'Items' returned a result with a size exceeding the maximum number of bytes service limit.";
    await expect(handle.result()).rejects.toMatchObject({
      cause: { type: 'States.DataLimitExceeded', message: cause },
    });
    // It failed at a pause, before running every batch.
    const runs = await runChain(machine.env.client, handle.workflowId, handle.firstExecutionRunId);
    const started = runs.flat().filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;
    expect(started).toBeLessThan(BATCHES);
    const local = (await runLocally(definition, input, {})).result;
    expect(local).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause });
  });

  it('with ResultPath null carries no results across runs, and the state after the Map sees its input', async () => {
    const base = machineOf({ ResultPath: null, ToleratedFailurePercentage: 5 });
    const after: State = {
      Type: 'Pass',
      Parameters: { 'before.$': '$.before', 'n.$': 'States.ArrayLength($.values)' },
      End: true,
    };
    const definition: StateMachine = { ...base, States: { ...base.States, After: after } };
    const { output, runs } = await runForced(definition);
    expect(output).toEqual({ before: 'kept', n: ITEMS });
    expect(runs.length).toBeGreaterThan(1);
    // The resumed runs carry the Map Run's progress, never the items' results.
    for (const events of runs.slice(1)) {
      const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      const args = JSON.parse(Buffer.from(started ?? new Uint8Array()).toString()) as {
        resume?: { mapRun?: { nextBatch: number; results?: unknown } };
      };
      expect(args.resume?.mapRun?.nextBatch).toBeGreaterThan(0);
      expect(args.resume?.mapRun?.results).toBeUndefined();
    }
  });
});
