import { type Json, type StateMachine } from '../../../src/asl/types';
import { ExecutionInputTooLarge, MAX_PAYLOAD_BYTES } from '../../../src/dataflow/limits';
import { type TaskRequest } from '../../../src/interpreter/runtime';
import { runLocally } from '../../../src/runtimes/run-local';

/** A string whose JSON text (with its quotes) is `bytes` long. */
const text = (bytes: number): string => 'x'.repeat(bytes - 2);
const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:big';

function taskMachine(
  task: Record<string, Json>,
  language: 'JSONPath' | 'JSONata' = 'JSONPath',
): StateMachine {
  return {
    QueryLanguage: language,
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', End: true, ...task },
      Caught: { Type: 'Pass', End: true },
    },
  } as unknown as StateMachine;
}

const returning =
  (value: Json) =>
  (_request: TaskRequest): Promise<Json> =>
    Promise.resolve(value);

describe('States.DataLimitExceeded', () => {
  it('fails a Task whose result is over 256 KiB, naming the function ARN, and records TaskFailed', async () => {
    const { result, trace } = await runLocally(
      taskMachine({ Resource: LAMBDA }),
      {},
      {
        runTask: returning(text(MAX_PAYLOAD_BYTES + 1)),
      },
    );
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${LAMBDA}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
    expect(trace.find((e) => e.type === 'TaskFailed')).toMatchObject({ error: 'States.DataLimitExceeded' });
    expect(trace.map((e) => e.type)).not.toContain('TaskSucceeded');
  });

  it('accepts a result of exactly 256 KiB, counted in UTF-8 bytes', async () => {
    const exact = await runLocally(
      taskMachine({ Resource: LAMBDA }),
      {},
      {
        runTask: returning(text(MAX_PAYLOAD_BYTES)),
      },
    );
    expect(exact.result.status).toBe('SUCCEEDED');
    const wide = await runLocally(
      taskMachine({ Resource: LAMBDA }),
      {},
      {
        runTask: returning('é'.repeat(MAX_PAYLOAD_BYTES / 2)),
      },
    );
    expect(wide.result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it("names an optimized integration's service, in JSONata too", async () => {
    const machine = taskMachine(
      { Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f' } },
      'JSONata',
    );
    const { result } = await runLocally(
      machine,
      {},
      { runTask: returning({ Payload: text(MAX_PAYLOAD_BYTES) }) },
    );
    expect(result).toMatchObject({
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('is not caught by States.ALL (nor retried), but a catcher naming it catches it', async () => {
    const all = taskMachine({
      Resource: LAMBDA,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
    });
    let calls = 0;
    const big = (): Promise<Json> => {
      calls += 1;
      return Promise.resolve(text(MAX_PAYLOAD_BYTES + 1));
    };
    expect((await runLocally(all, {}, { runTask: big })).result).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
    });
    expect(calls).toBe(1);

    const named = taskMachine({
      Resource: LAMBDA,
      Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught' }],
    });
    expect((await runLocally(named, {}, { runTask: big })).result).toEqual({
      status: 'SUCCEEDED',
      output: {
        Error: 'States.DataLimitExceeded',
        Cause: `The state/task '${LAMBDA}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      },
    });
  });

  it('fails a state whose output is over 256 KiB with its name, past its own Catch', async () => {
    const machine = {
      StartAt: 'Grow',
      States: {
        Grow: {
          Type: 'Parallel',
          Branches: [0, 1].map(() => ({ StartAt: 'Half', States: { Half: { Type: 'Pass', End: true } } })),
          Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    } as unknown as StateMachine;
    const { result } = await runLocally(machine, text(MAX_PAYLOAD_BYTES / 2 + 10));
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'Grow' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('fails a Task whose Parameters are over 256 KiB before it is scheduled', async () => {
    const machine = taskMachine({ Resource: LAMBDA, Parameters: { 'a.$': '$', 'b.$': '$' } });
    let called = false;
    const { result, trace } = await runLocally(machine, text(MAX_PAYLOAD_BYTES / 2 + 10), {
      runTask: () => {
        called = true;
        return Promise.resolve(null);
      },
    });
    expect(result).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'Work' has an input with a size exceeding the maximum number of bytes service limit.",
    });
    expect(called).toBe(false);
    expect(trace.map((e) => e.type)).not.toContain('TaskScheduled');
  });

  it('refuses an execution input over 256 KiB before anything runs, as StartExecution does', async () => {
    const machine = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } as StateMachine;
    await expect(runLocally(machine, text(MAX_PAYLOAD_BYTES + 1))).rejects.toThrow(ExecutionInputTooLarge);
    await expect(runLocally(machine, text(MAX_PAYLOAD_BYTES + 1))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
    expect((await runLocally(machine, text(MAX_PAYLOAD_BYTES))).result.status).toBe('SUCCEEDED');
  });
});
