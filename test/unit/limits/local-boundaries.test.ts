/**
 * Every 256 KiB and 1 MiB boundary of AWS Step Functions on the in-process runtime: the exact error and cause on
 * each side of the limit (docs/reliability.md, "Limits").
 */
import { ExecutionError } from '../../../src/asl/errors';
import { type Json, type StateMachine } from '../../../src/asl/types';
import { MAX_DEFINITION_BYTES, MAX_PAYLOAD_BYTES, ValidationException } from '../../../src/dataflow/limits';
import { type TaskRequest } from '../../../src/interpreter/runtime';
import { runLocally } from '../../../src/runtimes/run-local';

/** A string whose JSON text (with its quotes) is `bytes` long. */
const text = (bytes: number): string => 'x'.repeat(bytes - 2);
const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:big';
const returned = (state: string) =>
  `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`;

const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}): StateMachine =>
  ({ StartAt: Object.keys(states)[0], States: states, ...extra }) as unknown as StateMachine;

const run = (definition: StateMachine, input: Json = {}, result?: Json) =>
  runLocally(definition, input, {
    runTask: (_request: TaskRequest) => Promise.resolve(result ?? {}),
  });

describe('limits on the local runtime', () => {
  it('StartExecution: an input over 262,144 bytes is a ValidationException, one of exactly that passes', async () => {
    const pass = machine({ P: { Type: 'Pass', End: true } });
    await expect(run(pass, text(MAX_PAYLOAD_BYTES + 1))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
    expect((await run(pass, text(MAX_PAYLOAD_BYTES))).result.status).toBe('SUCCEEDED');
  });

  it('a definition over 1,048,576 bytes is refused as CreateStateMachine refuses it', async () => {
    const padded = (bytes: number) => {
      const base = machine({ P: { Type: 'Pass', Comment: '', End: true } });
      const overhead = JSON.stringify(base).length;
      return machine({ P: { Type: 'Pass', Comment: 'c'.repeat(bytes - overhead), End: true } });
    };
    await expect(run(padded(MAX_DEFINITION_BYTES + 1))).rejects.toThrow(ValidationException);
    await expect(run(padded(MAX_DEFINITION_BYTES + 1))).rejects.toMatchObject({
      message:
        "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    });
    expect((await run(padded(MAX_DEFINITION_BYTES))).result.status).toBe('SUCCEEDED');
  });

  it("a Pass state's output over the quota fails the execution, naming the state", async () => {
    const big = machine({ Big: { Type: 'Pass', Result: text(MAX_PAYLOAD_BYTES + 1), End: true } });
    expect((await run(big)).result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: returned('Big'),
    });
    const exact = machine({ Big: { Type: 'Pass', Result: text(MAX_PAYLOAD_BYTES), End: true } });
    expect((await run(exact)).result).toEqual({ status: 'SUCCEEDED', output: text(MAX_PAYLOAD_BYTES) });
  });

  it("a Task's JSONata Arguments over the quota fail it before it is scheduled", async () => {
    const task = machine(
      {
        Work: { Type: 'Task', Resource: LAMBDA, Arguments: { a: '{% $states.input %}', b: 'x' }, End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    const { result, trace } = await run(task, text(MAX_PAYLOAD_BYTES));
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'Work' has an input with a size exceeding the maximum number of bytes service limit.",
    });
    expect(trace.map((e) => e.type)).not.toContain('TaskScheduled');
  });

  it('a Task result over the quota fails the Task even when ResultSelector would shrink it', async () => {
    const task = machine({
      Work: { Type: 'Task', Resource: LAMBDA, ResultSelector: { 'n.$': '$.n' }, End: true },
    });
    const { result } = await run(task, {}, { n: 1, pad: text(MAX_PAYLOAD_BYTES) });
    expect(result).toEqual({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: returned(LAMBDA) });
  });

  it("an inline Map's output over the quota fails the Map, naming it, though each iteration is small", async () => {
    const map = machine({
      Fan: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Grow',
          States: { Grow: { Type: 'Pass', Result: text(70_000), End: true } },
        },
        End: true,
      },
    });
    expect((await run(map, [1, 2, 3, 4])).result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: returned('Fan'),
    });
    expect((await run(map, [1, 2, 3])).result.status).toBe('SUCCEEDED');
  });

  it("a Parallel's output over the quota fails it, past a catcher for States.ALL", async () => {
    const branch = { StartAt: 'B', States: { B: { Type: 'Pass', Result: text(140_000), End: true } } };
    const parallel = machine({
      Both: {
        Type: 'Parallel',
        Branches: [branch, branch],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    expect((await run(parallel)).result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: returned('Both'),
    });
  });

  it('a catcher whose ResultPath puts the error into an input near the quota fails the state', async () => {
    const failing = machine({
      Work: {
        Type: 'Task',
        Resource: LAMBDA,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
        End: true,
      },
      Done: { Type: 'Pass', End: true },
    });
    const { result } = await runLocally(
      failing,
      { pad: text(MAX_PAYLOAD_BYTES - 20) },
      { runTask: () => Promise.reject(new ExecutionError('Oops', 'boom')) },
    );
    expect(result).toEqual({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: returned('Work') });
  });

  it('a variable over 256 KiB, or one Assign over 256 KiB in all, fails with States.DataLimitExceeded', async () => {
    const one = machine({ A: { Type: 'Pass', Assign: { big: text(MAX_PAYLOAD_BYTES + 1) }, End: true } });
    expect((await run(one)).result).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: expect.stringContaining(
        `The variable 'big' has a size of ${MAX_PAYLOAD_BYTES + 1} bytes, exceeding the maximum of 262144 bytes.`,
      ),
    });
    const half = text(MAX_PAYLOAD_BYTES / 2 + 1);
    const both = machine({ A: { Type: 'Pass', Assign: { a: half, b: half }, End: true } });
    expect((await run(both)).result).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: expect.stringContaining(
        `The variables assigned by the state have a combined size of ${MAX_PAYLOAD_BYTES + 2} bytes, exceeding the maximum of 262144 bytes.`,
      ),
    });
    // Two states may each assign 256 KiB: the per-Assign quota is not a per-execution one.
    const apart = machine({
      A: { Type: 'Pass', Assign: { a: text(MAX_PAYLOAD_BYTES) }, Next: 'B' },
      B: { Type: 'Pass', Assign: { b: text(MAX_PAYLOAD_BYTES) }, End: true },
    });
    expect((await run(apart)).result.status).toBe('SUCCEEDED');
  });

  it('a token-waiting Task answered with over 256 KiB fails as any Task result does', async () => {
    const wait = machine({
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
        End: true,
      },
    });
    const { result } = await run(wait, {}, text(MAX_PAYLOAD_BYTES + 1));
    expect(result).toEqual({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: returned('sqs') });
  });
});
