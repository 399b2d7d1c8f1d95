/**
 * The 256 KiB limit on a Map iteration's or Parallel branch's built input and AWS's 10 MiB of variables per
 * execution, on Temporal (time-skipping server): the local runtime's errors, and a patch marker recorded only by
 * an execution the new checks fail, so no other execution's commands change (docs/reliability.md, "Limits").
 */
import { type temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { type Json, type StateMachine } from '../../src/asl/types';
import { BRANCH_INPUT_LIMIT_PATCH, MAX_PAYLOAD_BYTES } from '../../src/dataflow/limits';
import { MAX_TOTAL_VARIABLE_BYTES, VARIABLES_TOTAL_LIMIT_PATCH } from '../../src/dataflow/variables';
import { runLocally } from '../../src/runtimes/run-local';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { workflowBundle } from '../support/temporal';

const VALUE = 250_000;
const variableBytes = VALUE + 2;

/** P0..P(count-1), each assigning the input's pad to a variable of its own. */
function variableChain(count: number): StateMachine {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    states[`P${i}`] = {
      Type: 'Pass',
      Assign: { [`v${i}.$`]: '$.pad' },
      ResultPath: null,
      ...(i + 1 < count ? { Next: `P${i + 1}` } : { End: true }),
    };
  }
  return { StartAt: 'P0', States: states } as unknown as StateMachine;
}

/** A Map whose ItemSelector doubles the input's pad for each item, then a tail of `tail` characters. */
function selectorMap(tail: number): StateMachine {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'a.$': '$.pad', 'b.$': '$.pad', c: 'x'.repeat(tail) },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Small',
          States: { Small: { Type: 'Pass', Parameters: { n: 1 }, End: true } },
        },
        End: true,
      },
    },
  } as unknown as StateMachine;
}

const PAD = 131_000;
// {"a": pad, "b": pad, "c": tail} is 2 * (PAD + 2) + tail + 18 bytes.
const tailFor = (size: number) => size - (2 * (PAD + 2) + 18);

/** The ids of the patch markers in a history (the `patched()` calls the workflow made). */
const patchIds = (events: temporal.api.history.v1.IHistoryEvent[]): string[] =>
  events.flatMap((e) => {
    const details = e.markerRecordedEventAttributes?.details?.['patch-data'];
    const data = details?.payloads?.[0]?.data;
    if (!data) return [];
    const decoded = JSON.parse(Buffer.from(data).toString('utf8')) as { id?: string };
    return decoded.id ? [decoded.id] : [];
  });

describe('branch inputs and 10 MiB of variables on the time-skipping server', () => {
  let machine: MachineWorker;

  beforeAll(async () => {
    machine = await startMachineWorker({ name: 'limits-vars', server: 'time-skipping' });
  });
  afterAll(() => machine?.stop());

  it('fails the 42nd 250,002-byte variable as the local runtime does, recording the patch only then', async () => {
    const input: Json = { pad: 'x'.repeat(VALUE) };
    const over = variableChain(42);
    const local = await runLocally(over, input, { runTask: () => Promise.resolve({}) });
    expect(local.result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    const handle = await machine.start(over, input);
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('States.DataLimitExceeded');
    expect(failure.message).toBe((local.result as { cause: string }).cause);
    expect(failure.message).toContain(
      `combined size of ${42 * variableBytes} bytes, exceeding the maximum of ${MAX_TOTAL_VARIABLE_BYTES} bytes.`,
    );
    const events = (await handle.fetchHistory()).events ?? [];
    expect(patchIds(events)).toContain(VARIABLES_TOTAL_LIMIT_PATCH);

    // Within the limit: no such marker, so executions that never reach it issue the same commands as before.
    const within = await machine.start(variableChain(41), input);
    await expect(within.result()).resolves.toEqual(input);
    expect(patchIds((await within.fetchHistory()).events ?? [])).not.toContain(VARIABLES_TOTAL_LIMIT_PATCH);
  });

  it("fails a Map whose ItemSelector builds an input over 256 KiB, with the local runtime's error", async () => {
    const input: Json = { pad: 'x'.repeat(PAD), items: [1, 2] };
    const local = await runLocally(selectorMap(tailFor(MAX_PAYLOAD_BYTES + 1)), input, {
      runTask: () => Promise.resolve({}),
    });
    const handle = await machine.start(selectorMap(tailFor(MAX_PAYLOAD_BYTES + 1)), input);
    const failure = await failureOf(handle.result());
    expect({ status: 'FAILED', error: failure.type, cause: failure.message }).toEqual(local.result);
    expect(failure.message).toBe(
      "The state/task 'Fan' has an input with a size exceeding the maximum number of bytes service limit.",
    );
    const history = await handle.fetchHistory();
    expect(patchIds(history.events ?? [])).toContain(BRANCH_INPUT_LIMIT_PATCH);
    // The history with its marker replays on the same workflow code (the marker is where the code asks for it).
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, handle.workflowId);

    // Exactly 262,144 bytes runs, with no such marker.
    const exact = await machine.start(selectorMap(tailFor(MAX_PAYLOAD_BYTES)), input);
    await expect(exact.result()).resolves.toEqual([{ n: 1 }, { n: 1 }]);
    expect(patchIds((await exact.fetchHistory()).events ?? [])).not.toContain(BRANCH_INPUT_LIMIT_PATCH);
  });
});
