/**
 * The limits on inputs a Map or Parallel builds for its iterations or branches (256 KiB, as every state's input)
 * and on all the variables an execution stores (10 MiB), on the in-process runtime (docs/reliability.md, "Limits").
 */
import { type Json, type StateMachine } from '../../../src/asl/types';
import {
  BRANCH_INPUT_LIMIT_PATCH,
  checkBranchInput,
  MAX_PAYLOAD_BYTES,
  payloadSize,
} from '../../../src/dataflow/limits';
import { MAX_TOTAL_VARIABLE_BYTES, VARIABLES_TOTAL_LIMIT_PATCH } from '../../../src/dataflow/variables';
import { VariableScope } from '../../../src/interpreter/scope';
import { runLocally } from '../../../src/runtimes/run-local';

/** A string whose JSON text (with its quotes) is `bytes` long. */
const text = (bytes: number): string => 'x'.repeat(bytes - 2);
const inputTooLarge = (state: string) =>
  `The state/task '${state}' has an input with a size exceeding the maximum number of bytes service limit.`;

const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}): StateMachine =>
  ({ StartAt: Object.keys(states)[0], States: states, ...extra }) as unknown as StateMachine;

const run = (definition: StateMachine, input: Json = {}) =>
  runLocally(definition, input, { runTask: () => Promise.resolve({}) });

// The iteration's or branch's input {"a": pad, "b": pad, "c": tail}: 2 * (PAD + 2) + (tail + 2) + 16 bytes.
const PAD = 131_000;
const built = (tailBytes: number) => ({ 'a.$': '$.pad', 'b.$': '$.pad', c: text(tailBytes) });
const tailFor = (size: number) => size - (2 * (PAD + 2) + 16);
const padded = { pad: 'x'.repeat(PAD), items: [1, 2] };

// The first state of the iteration or branch would shrink its input: before the check, the execution succeeded.
const shrinking = { StartAt: 'Small', States: { Small: { Type: 'Pass', Parameters: { n: 1 }, End: true } } };

describe("a Map iteration's and a Parallel branch's built input", () => {
  it('sizes the test inputs as intended', () => {
    const input = { a: padded.pad, b: padded.pad, c: text(tailFor(MAX_PAYLOAD_BYTES)) };
    expect(payloadSize(input)).toBe(MAX_PAYLOAD_BYTES);
    expect(payloadSize(padded)).toBeLessThan(MAX_PAYLOAD_BYTES);
  });

  it('an ItemSelector result over 262,144 bytes fails the Map, past a catcher for States.ALL', async () => {
    const map = (size: number) =>
      machine({
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: built(tailFor(size)),
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...shrinking },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      });
    const over = await run(map(MAX_PAYLOAD_BYTES + 1), padded);
    expect(over.result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: inputTooLarge('Fan'),
    });
    expect(over.trace.map((e) => e.type)).not.toContain('MapIterationStarted');
    const exact = await run(map(MAX_PAYLOAD_BYTES), padded);
    expect(exact.result).toEqual({ status: 'SUCCEEDED', output: [{ n: 1 }, { n: 1 }] });
  });

  it("a Distributed Map's ItemSelector (run in the parent) over the quota fails the Map the same way", async () => {
    const map = machine({
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: built(tailFor(MAX_PAYLOAD_BYTES + 1)),
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...shrinking },
        End: true,
      },
    });
    const { result, trace } = await run(map, padded);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: inputTooLarge('Fan'),
    });
    expect(trace.map((e) => e.type)).toContain('MapRunFailed');
  });

  it('a JSONata ItemSelector result over the quota fails the Map the same way', async () => {
    const map = machine(
      {
        Fan: {
          Type: 'Map',
          Items: '{% $states.input.items %}',
          ItemSelector: { a: '{% $states.input.pad %}', b: '{% $states.input.pad %}', c: text(200) },
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...shrinking },
          End: true,
        },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect((await run(map, padded)).result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: inputTooLarge('Fan'),
    });
  });

  it("a Parallel's Parameters over the quota fail it before any branch starts, past States.ALL", async () => {
    const parallel = (size: number) =>
      machine({
        Both: {
          Type: 'Parallel',
          Parameters: built(tailFor(size)),
          Branches: [shrinking, shrinking],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      });
    const over = await run(parallel(MAX_PAYLOAD_BYTES + 1), padded);
    expect(over.result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: inputTooLarge('Both'),
    });
    expect(over.trace.map((e) => e.type)).not.toContain('ParallelStateStarted');
    const exact = await run(parallel(MAX_PAYLOAD_BYTES), padded);
    expect(exact.result).toEqual({ status: 'SUCCEEDED', output: [{ n: 1 }, { n: 1 }] });
  });

  it("a Parallel's JSONata Arguments over the quota fail it; a catcher naming the error catches it", async () => {
    const parallel = machine(
      {
        Both: {
          Type: 'Parallel',
          Arguments: { a: '{% $states.input.pad %}', b: '{% $states.input.pad %}', c: text(200) },
          Branches: [shrinking],
          Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught', Output: 'caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect((await run(parallel, padded)).result).toEqual({ status: 'SUCCEEDED', output: 'caught' });
  });

  it('a plain item or branch input is not measured: the state input was', async () => {
    const map = machine({
      Fan: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: shrinking, End: true },
    });
    expect((await run(map, padded)).result.status).toBe('SUCCEEDED');
  });
});

// Each state assigns one 250,002-byte variable of its own name: 41 fit in 10 MiB, the 42nd does not.
const VALUE = 250_000;
const chain = (count: number, name: (i: number) => string) => {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    states[`P${i}`] = {
      Type: 'Pass',
      Assign: { [`${name(i)}.$`]: '$.pad' },
      ...(i + 1 < count ? { Next: `P${i + 1}` } : { End: true }),
    };
  }
  return states;
};
const variableBytes = VALUE + 2;

describe("AWS's 10 MiB of variables per execution", () => {
  it('the 42nd variable of 250,002 bytes fails its state with States.DataLimitExceeded, naming it', async () => {
    expect(41 * variableBytes).toBeLessThanOrEqual(MAX_TOTAL_VARIABLE_BYTES);
    const { result, trace } = await run(machine(chain(42, (i) => `v${i}`)), { pad: 'x'.repeat(VALUE) });
    const entered = trace.filter((e) => e.type === 'StateEntered' && e.state === 'P41')[0];
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        `An error occurred while executing the state 'P41' (entered at the event id #${entered?.id}). ` +
        `The variables stored by the execution would have a combined size of ${42 * variableBytes} bytes, ` +
        `exceeding the maximum of ${MAX_TOTAL_VARIABLE_BYTES} bytes.`,
    });
    expect((await run(machine(chain(41, (i) => `v${i}`)), { pad: 'x'.repeat(VALUE) })).result.status).toBe(
      'SUCCEEDED',
    );
  });

  it('assigning a variable again replaces its bytes in the total', async () => {
    const { result } = await run(machine(chain(60, (i) => `v${i % 5}`)), { pad: 'x'.repeat(VALUE) });
    expect(result).toEqual({ status: 'SUCCEEDED', output: { pad: 'x'.repeat(VALUE) } });
  });

  it("a branch's variables count with the outer ones it sees; sibling iterations count apart", async () => {
    const outer = chain(40, (i) => `v${i}`);
    outer.P39 = { ...(outer.P39 as object), End: undefined, Next: 'Fan' };
    const iteration = { StartAt: 'Own', States: chain(2, (i) => `w${i}`) };
    iteration.States.P1 = { ...(iteration.States.P1 as object), End: true };
    const fan = machine({
      ...outer,
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'pad.$': '$.pad' },
        ItemProcessor: { ...iteration, StartAt: 'P0' },
        End: true,
      },
    });
    const input = { pad: 'x'.repeat(VALUE), items: [1, 2, 3] };
    // 40 outer + 2 own = 42 in each iteration's chain: the first iteration's second state fails.
    const failed = await run(fan, input);
    expect(failed.result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect((failed.result as { cause: string }).cause).toContain(
      `combined size of ${42 * variableBytes} bytes`,
    );
    // With one own variable per iteration, three iterations (123 variables in all) stay within each chain's 41.
    const single = { StartAt: 'P0', States: chain(1, (i) => `w${i}`) };
    const ok = machine({
      ...outer,
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'pad.$': '$.pad' },
        ItemProcessor: single,
        // The iterations' outputs (the pad, three times) would be over 256 KiB: nothing reads them.
        ResultPath: null,
        End: true,
      },
    });
    expect((await run(ok, input)).result.status).toBe('SUCCEEDED');
  });
});

describe('executions recorded before the checks (patched() false) go on as they did', () => {
  const big = { v: 'x'.repeat(VALUE) };

  it('VariableScope keeps a running total along its chain and asks the runtime only past 10 MiB', () => {
    const asked: string[] = [];
    const runtime = (answer: boolean) => ({
      isPatched: (id: string) => {
        asked.push(id);
        return answer;
      },
    });
    const scope = VariableScope.root({ a: 'x'.repeat(VALUE) });
    for (let i = 0; i < 40; i++) scope.assign({ [`v${i}`]: big.v }, runtime(true));
    expect(asked).toEqual([]);
    expect(scope.storedBytes()).toBe(41 * variableBytes);
    const child = scope.child();
    expect(child.storedBytes()).toBe(41 * variableBytes);
    expect(() => child.assign({ w: big.v }, runtime(true))).toThrow(
      expect.objectContaining({ error: 'States.DataLimitExceeded' }) as Error,
    );
    expect(asked).toEqual([VARIABLES_TOTAL_LIMIT_PATCH]);
    // Nothing was set by the refused Assign; an old execution's replay takes it and goes on.
    expect(child.storedBytes()).toBe(41 * variableBytes);
    child.assign({ w: big.v }, runtime(false));
    expect(child.storedBytes()).toBe(42 * variableBytes);
    expect(scope.storedBytes()).toBe(41 * variableBytes);
  });

  it('checkBranchInput fails only an execution that runs with the check', () => {
    const over = { a: 'x'.repeat(MAX_PAYLOAD_BYTES) };
    expect(() => checkBranchInput(over, 'Fan', { isPatched: () => true })).toThrow(inputTooLarge('Fan'));
    expect(() => checkBranchInput(over, 'Fan', {})).toThrow(inputTooLarge('Fan'));
    expect(() => checkBranchInput(over, 'Fan', { isPatched: () => false })).not.toThrow();
    const asked: string[] = [];
    checkBranchInput({ a: 1 }, 'Fan', { isPatched: (id) => (asked.push(id), true) });
    expect(asked).toEqual([]);
    checkBranchInput(over, 'Fan', { isPatched: (id) => (asked.push(id), false) });
    expect(asked).toEqual([BRANCH_INPUT_LIMIT_PATCH]);
  });
});
