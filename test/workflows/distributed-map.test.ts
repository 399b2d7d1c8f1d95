import { type HandlerMap } from '../../activities/local/handlers';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { DISTRIBUTED_BATCH_SIZE } from '../../src/interpreter/states/distributed-map';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';

const ITEMS = 250;
const BATCHES = Math.ceil(ITEMS / DISTRIBUTED_BATCH_SIZE);
const values = Array.from({ length: ITEMS }, (_, i) => i);

/** A failure a handler throws, carrying an ASL error name. */
function failure(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

const handlers: HandlerMap = {
  // Every tenth item fails, so the failures spread over all the batches.
  work: (event) => {
    const { index, value } = event as { index: number; value: number };
    if (value % 10 === 0) throw failure('ItemBroke', `item ${index} broke`);
    return { index, doubled: value * 2 };
  },
};

/** A DISTRIBUTED Map over `$.values` whose processor calls the `work` handler on `{index, value}`. */
function distributedMap(extra: Partial<Record<string, Json>> = {}, processor?: SubStates): StateMachine {
  return {
    StartAt: 'Items',
    States: {
      Items: {
        Type: 'Map',
        ItemsPath: '$.values',
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: processor?.startAt ?? 'Work',
          States: processor?.states ?? {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
              End: true,
            },
          },
        },
        End: true,
        ...extra,
      } as State,
    },
  };
}

interface SubStates {
  readonly startAt: string;
  readonly states: Record<string, State>;
}

describe('a DISTRIBUTED Map on the time-skipping server', () => {
  let machine: MachineWorker;

  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'distributed', server: 'time-skipping', handlers });
  });
  afterAll(() => machine?.stop());

  const start = (definition: StateMachine, input: Json, extra: Partial<StateMachineWorkflowInput> = {}) =>
    machine.start(definition, input, extra);

  async function childIds(handle: Awaited<ReturnType<typeof start>>): Promise<string[]> {
    const events = (await handle.fetchHistory()).events ?? [];
    return events
      .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
      .filter((id): id is string => typeof id === 'string');
  }

  /** A child's status once it stops running: cancellation reaches it a moment after the parent has failed. */
  async function settledStatus(workflowId: string): Promise<string | undefined> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { status } = await machine.env.client.workflow.getHandle(workflowId).describe();
      if (status.name !== 'RUNNING') return status.name;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return 'RUNNING';
  }

  it(`runs ${ITEMS} iterations as ${BATCHES} child workflows and returns their outputs in item order`, async () => {
    const passThrough: SubStates = { startAt: 'Echo', states: { Echo: { Type: 'Pass', End: true } } };
    const handle = await start(distributedMap({ MaxConcurrency: 40 }, passThrough), { values });
    const output = (await handle.result()) as { index: number; value: number }[];
    expect(output).toEqual(values.map((value, index) => ({ index, value })));
    const ids = await childIds(handle);
    expect(ids).toHaveLength(BATCHES);
    // Child ids derive from the parent's id, the state, its run and the batch index.
    expect(ids).toEqual(
      Array.from({ length: BATCHES }, (_, b) => `${handle.workflowId}:map:Items:2.0:batch-${b}`),
    );
  });

  it('runs Task iterations in children, each answering its own item, with tolerated failures', async () => {
    const handle = await start(distributedMap({ ToleratedFailureCount: ITEMS / 10 }), { values });
    const output = (await handle.result()) as Json[];
    expect(output).toHaveLength(ITEMS);
    for (const [i, item] of output.entries()) {
      if (i % 10 === 0) {
        expect(item).toMatchObject({ Error: 'ItemBroke' });
        expect(JSON.parse((item as { Cause: string }).Cause)).toMatchObject({
          errorMessage: `item ${i} broke`,
        });
      } else {
        expect(item).toEqual({ index: i, doubled: i * 2 });
      }
    }
    expect(await childIds(handle)).toHaveLength(BATCHES);
  });

  it('counts tolerated failures across batches: one more than tolerated fails the Map', async () => {
    const byCount = await start(distributedMap({ ToleratedFailureCount: ITEMS / 10 - 1 }), { values });
    expect((await failureOf(byCount.result())).type).toBe('States.ExceedToleratedFailureThreshold');
    const byPercent = await start(distributedMap({ ToleratedFailurePercentage: 9.9 }), { values });
    expect((await failureOf(byPercent.result())).type).toBe('States.ExceedToleratedFailureThreshold');
    const withinPercent = await start(distributedMap({ ToleratedFailurePercentage: 10 }), { values });
    await expect(withinPercent.result()).resolves.toHaveLength(ITEMS);
  });

  it("fails the Map with the iteration's own error when nothing is tolerated, cancelling the other children", async () => {
    // Item 150 fails at once; every other item waits a day, which the cancelled children never see end.
    const processor: SubStates = {
      startAt: 'Pick',
      states: {
        Pick: {
          Type: 'Choice',
          Choices: [{ Variable: '$.index', NumericEquals: 150, Next: 'Broken' }],
          Default: 'Linger',
        },
        Broken: { Type: 'Fail', Error: 'ItemBroke', Cause: 'item 150 broke' },
        Linger: { Type: 'Wait', Seconds: 86_400, End: true },
      },
    };
    const handle = await start(distributedMap({}, processor), { values });
    const failed = await failureOf(handle.result());
    expect(failed.type).toBe('ItemBroke');
    expect(failed.message).toBe('item 150 broke');
    const ids = await childIds(handle);
    expect(ids).toHaveLength(BATCHES);
    for (const id of ids) {
      const status = await settledStatus(id);
      expect(['CANCELLED', 'TERMINATED', 'COMPLETED']).toContain(status);
      if (status === 'COMPLETED') {
        // Only the failing batch completes (it reports its failure); its lingering items were cancelled.
        expect(id).toMatch(/batch-1$/);
        const events = (await machine.env.client.workflow.getHandle(id).fetchHistory()).events ?? [];
        expect(events.some((e) => e.timerFiredEventAttributes)).toBe(false);
      }
    }
  });

  /** A child workflow's input (its WorkflowExecutionStarted payload): its size in bytes and its decoded value. */
  async function childPayload(
    workflowId: string,
    which: 'input' | 'result',
  ): Promise<{ bytes: number; value: unknown }> {
    const events = (await machine.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const payload =
      which === 'input'
        ? events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]
        : events.find((e) => e.workflowExecutionCompletedEventAttributes)
            ?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
    const data = payload?.data ?? new Uint8Array();
    return { bytes: data.length, value: JSON.parse(Buffer.from(data).toString('utf8')) as unknown };
  }

  const blob = 'x'.repeat(50_000);

  it('copies a large execution input into the children only when the processor can read $$.Execution.Input', async () => {
    const passThrough: SubStates = { startAt: 'Echo', states: { Echo: { Type: 'Pass', End: true } } };
    const without = await start(distributedMap({}, passThrough), { values, blob });
    await expect(without.result()).resolves.toEqual(values.map((value, index) => ({ index, value })));
    for (const id of await childIds(without)) {
      const { bytes, value } = await childPayload(id, 'input');
      expect(bytes).toBeLessThan(20_000);
      expect(value).toMatchObject({ execution: { input: null } });
    }

    const reading: SubStates = {
      startAt: 'Echo',
      states: {
        Echo: {
          Type: 'Pass',
          Parameters: {
            'index.$': '$.index',
            'size.$': "States.ArrayLength(States.StringSplit($$.Execution.Input.blob, '-'))",
            'name.$': '$$.Execution.Name',
          },
          End: true,
        },
      },
    };
    const withInput = await start(distributedMap({}, reading), { values, blob });
    const output = (await withInput.result()) as { index: number; size: number; name: string }[];
    expect(output.map((o) => o.index)).toEqual(values);
    expect(output.every((o) => o.size === 1 && o.name.length > 0)).toBe(true);
    const ids = await childIds(withInput);
    expect(ids).toHaveLength(BATCHES);
    for (const id of ids) {
      const { bytes, value } = await childPayload(id, 'input');
      expect(bytes).toBeGreaterThan(blob.length);
      expect(value).toMatchObject({ execution: { input: { blob } } });
    }
  });

  it('with ResultPath null, the children report statuses and failures but no outputs', async () => {
    const handle = await start(distributedMap({ ToleratedFailureCount: ITEMS / 10, ResultPath: null }), {
      values,
      keep: 'me',
    });
    await expect(handle.result()).resolves.toEqual({ values, keep: 'me' });
    const ids = await childIds(handle);
    expect(ids).toHaveLength(BATCHES);
    for (const id of ids) {
      const results = (await childPayload(id, 'result')).value as Record<string, unknown>[];
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        expect(result).not.toHaveProperty('output');
        if (result.status === 'FAILED') expect(result).toMatchObject({ error: 'ItemBroke' });
        else expect(result).toEqual({ status: 'SUCCEEDED' });
      }
    }
    // Without ResultPath null the outputs come back as before.
    const kept = await start(distributedMap({ ToleratedFailureCount: ITEMS / 10 }), { values });
    await kept.result();
    const results = (await childPayload(`${kept.workflowId}:map:Items:2.0:batch-0`, 'result'))
      .value as Record<string, unknown>[];
    expect(results[1]).toEqual({ status: 'SUCCEEDED', output: { index: 1, doubled: 2 } });
  });

  it("in JSONata, children send no outputs when the Map's Output and Assign never read $states.result", async () => {
    const jsonataMap = (output: string): StateMachine => {
      const base = distributedMap({
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.values %}',
        ItemSelector: {
          index: '{% $states.context.Map.Item.Index %}',
          value: '{% $states.context.Map.Item.Value %}',
        },
        ToleratedFailureCount: ITEMS / 10,
        Output: output,
      });
      const map = base.States.Items as unknown as Record<string, unknown>;
      const { ItemsPath: _itemsPath, ...rest } = map;
      return { ...base, States: { Items: rest as unknown as State } };
    };
    const handle = await start(jsonataMap('{% {"n": $count($states.input.values)} %}'), { values });
    await expect(handle.result()).resolves.toEqual({ n: ITEMS });
    const batch0 = (await childPayload(`${handle.workflowId}:map:Items:2.0:batch-0`, 'result'))
      .value as Record<string, unknown>[];
    expect(batch0[1]).toEqual({ status: 'SUCCEEDED' });
    // Reading the result keeps the outputs.
    const counted = await start(jsonataMap('{% $count($states.result) %}'), { values });
    await expect(counted.result()).resolves.toBe(ITEMS);
    const kept = (await childPayload(`${counted.workflowId}:map:Items:2.0:batch-0`, 'result'))
      .value as Record<string, unknown>[];
    expect(kept[1]).toEqual({ status: 'SUCCEEDED', output: { index: 1, doubled: 2 } });
  });

  it('passes Task mocks through to the children', async () => {
    const handle = await start(
      distributedMap({}),
      { values },
      { mocks: { Work: [{ Return: { mocked: true } }] } },
    );
    await expect(handle.result()).resolves.toEqual(values.map(() => ({ mocked: true })));
  });
});
