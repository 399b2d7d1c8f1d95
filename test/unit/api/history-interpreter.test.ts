/**
 * GetExecutionHistory from the trace the interpreter itself records (on the in-process runtime), checked against
 * histories AWS recorded where one exists (LocalStack's snapshot tests, recorded against AWS: test_map_state_retry)
 * and otherwise against the rules of docs/api.md "History links": a retried Map or Parallel, interleaved Map
 * iterations each linked within their own line, a Task's resolved TimeoutSecondsPath, a failed Map Run's error.
 */
import { type Json, type StateMachine } from '../../../src/asl/types';
import { historyEvents } from '../../../src/api/history';
import { executeStateMachine } from '../../../src/interpreter/execute';
import { RETRY_TRACE_PATCH } from '../../../src/interpreter/states/error-handling';
import { type TraceEvent } from '../../../src/interpreter/trace';
import { LocalRuntime } from '../../../src/runtimes/local';
import { runLocally } from '../../../src/runtimes/run-local';

/** A HistoryEvent with the members these tests read typed. */
interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly type: string;
  readonly mapIterationStartedEventDetails?: { readonly index?: number };
  readonly mapIterationSucceededEventDetails?: { readonly index?: number };
  readonly [member: string]: unknown;
}

const machine = (states: Record<string, unknown>): StateMachine =>
  ({ StartAt: Object.keys(states)[0], States: states }) as unknown as StateMachine;

/** Runs `definition` locally (every Task answers `{ok: true}`) and returns its trace and its history. */
async function history(
  definition: StateMachine,
  input: Json = {},
): Promise<{ trace: readonly TraceEvent[]; events: HistoryEvent[] }> {
  const { trace } = await runLocally(definition, input, { runTask: () => Promise.resolve({ ok: true }) });
  const events = historyEvents(trace, { includeExecutionData: true, definition, scope: REGION });
  return { trace, events: events as unknown as HistoryEvent[] };
}

const REGION = { region: 'us-east-1', account: '123456789012' };
const links = (events: readonly HistoryEvent[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

/** The machine of test_map_state_retry: a one-item Map whose iteration fails, retried twice. */
const RETRIED_MAP = machine({
  StartState: { Type: 'Pass', Result: [1], ResultPath: '$.arr', Next: 'MapState' },
  MapState: {
    Type: 'Map',
    InputPath: '$.arr',
    MaxConcurrency: 1,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: 'HandleItemFail',
      States: {
        HandleItemFail: { Type: 'Fail', Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' },
      },
    },
    Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
    Next: 'Final',
  },
  Final: { Type: 'Pass', End: true },
});

describe('GetExecutionHistory from the interpreter trace', () => {
  it('a retried Map records no MapStateFailed before its retries, linked as AWS recorded (test_map_state_retry)', async () => {
    const { events } = await history(RETRIED_MAP);
    // AWS's recording, event for event: three attempts, one MapStateFailed at the end.
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
      [6, 5, 'MapIterationStarted'],
      [7, 6, 'FailStateEntered'],
      [8, 7, 'MapIterationFailed'],
      [9, 7, 'MapStateStarted'],
      [10, 9, 'MapIterationStarted'],
      [11, 10, 'FailStateEntered'],
      [12, 11, 'MapIterationFailed'],
      [13, 11, 'MapStateStarted'],
      [14, 13, 'MapIterationStarted'],
      [15, 14, 'FailStateEntered'],
      [16, 15, 'MapIterationFailed'],
      [17, 15, 'MapStateFailed'],
      [18, 17, 'ExecutionFailed'],
    ]);
    for (const at of [4, 8, 12]) expect(events[at].mapStateStartedEventDetails).toEqual({ length: 1 });
    expect(events[17].executionFailedEventDetails).toEqual({
      error: 'HandleItemFailError',
      cause: 'HandleItemFailCause',
    });
  });

  it('an execution started before the change keeps its MapStateFailed before each retry (replay)', async () => {
    const runtime = new LocalRuntime({ runTask: () => Promise.resolve({}) });
    const asked: string[] = [];
    // An old execution's history has no marker: the patch answers false on replay.
    Object.assign(runtime, { isPatched: (id: string) => (asked.push(id), false) });
    await executeStateMachine(
      RETRIED_MAP,
      {},
      {
        runtime,
        execution: {
          id: 'x',
          name: 'x',
          input: {},
          startTime: '',
          roleArn: '',
          stateMachineId: 'm',
          stateMachineName: 'm',
        },
      },
    );
    const types = runtime.trace.snapshot().events.map((e) => e.type);
    expect(types.filter((t) => t === 'MapStateFailed')).toHaveLength(3);
    expect(asked).toContain(RETRY_TRACE_PATCH);
  });

  it('a retried Parallel records one ParallelStateFailed, after its last attempt (LocalStack model)', async () => {
    const { events } = await history(
      machine({
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } },
            { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'no' } } },
          ],
          Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      }),
    );
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'ParallelStateStarted')).toHaveLength(2);
    expect(types.filter((t) => t === 'ParallelStateFailed')).toHaveLength(1);
    const [first, second] = events.filter((e) => e.type === 'ParallelStateStarted');
    const failed = events.find((e) => e.type === 'ParallelStateFailed')!;
    // The second attempt follows the latest event the first attempt's branches reached, as a failure would.
    const firstAttempt = events.filter((e) => e.id > first.id && e.id < second.id);
    expect(second.previousEventId).toBe(Math.max(...firstAttempt.map((e) => e.id)));
    expect(failed.id).toBeGreaterThan(second.id);
    expect(events.find((e) => e.id === failed.id + 1)).toMatchObject({
      type: 'ParallelStateExited',
      previousEventId: failed.id,
    });
    // The ids run 1..N with no gap (no event counted but left out).
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('links interleaved iterations (MaxConcurrency 0, two states each) within their own iteration', async () => {
    const definition = machine({
      MapState: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Call',
          States: {
            Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Hold' },
            Hold: { Type: 'Wait', Seconds: 1, End: true },
          },
        },
        End: true,
      },
    });
    const { trace, events } = await history(definition, [1, 2, 3, 4]);
    const started = events.filter((e) => e.type === 'MapIterationStarted');
    const ended = events.filter((e) => e.type === 'MapIterationSucceeded');
    expect(started).toHaveLength(4);
    // The iterations really interleave: every one starts before the first one ends.
    expect(Math.max(...started.map((e) => e.id))).toBeLessThan(Math.min(...ended.map((e) => e.id)));
    for (let index = 0; index < 4; index++) {
      const own = trace.filter((e) => e.path?.[0] === index).map((e) => events[e.id! - 1]);
      expect(own.map((e) => e.type)).toEqual([
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'WaitStateEntered',
        'WaitStateExited',
      ]);
      const begin = started.find((e) => e.mapIterationStartedEventDetails?.index === index)!;
      const end = ended.find((e) => e.mapIterationSucceededEventDetails?.index === index)!;
      // Each inner event follows the one before it in its own iteration, the first one its MapIterationStarted.
      expect(own.map((e) => e.previousEventId)).toEqual([begin.id, ...own.slice(0, -1).map((e) => e.id)]);
      expect(end.previousEventId).toBe(own.at(-1)!.id);
    }
    // Without the paths (a trace recorded before them) the guess mislinks this interleaving.
    const guessed = historyEvents(
      trace.map(({ path: _path, ...event }) => event),
      { includeExecutionData: true, definition },
    );
    expect(links(guessed as unknown as HistoryEvent[])).not.toEqual(links(events));
  });

  it('tags events of nested Parallel branches inside Map iterations with their whole path', async () => {
    const { trace, events } = await history(
      machine({
        Outer: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Both',
            States: {
              Both: {
                Type: 'Parallel',
                Branches: [
                  { StartAt: 'A', States: { A: { Type: 'Wait', Seconds: 1, End: true } } },
                  { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 2, End: true } } },
                ],
                End: true,
              },
            },
          },
          End: true,
        },
      }),
      [1, 2],
    );
    const entered = (name: string) => trace.filter((e) => e.type === 'StateEntered' && e.state === name);
    expect(entered('Both').map((e) => e.path)).toEqual([[0], [1]]);
    expect(entered('A').map((e) => e.path)).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(entered('B').map((e) => e.path)).toEqual([
      [0, 1],
      [1, 1],
    ]);
    // Each branch's entry follows its own Parallel's ParallelStateStarted.
    for (const iteration of [0, 1]) {
      const parallel = trace.find((e) => e.type === 'ParallelStateStarted' && e.path?.[0] === iteration)!;
      for (const name of ['A', 'B']) {
        const entry = entered(name).find((e) => e.path![0] === iteration)!;
        expect(events[entry.id! - 1].previousEventId).toBe(parallel.id);
      }
    }
  });

  it("shows a Task's TimeoutSecondsPath and HeartbeatSecondsPath as resolved for the call", async () => {
    const { events } = await history(
      machine({
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f' },
          TimeoutSecondsPath: '$.timeout',
          HeartbeatSecondsPath: '$.beat',
          ResultPath: null,
          Next: 'Plain',
        },
        Plain: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
          TimeoutSecondsPath: '$.timeout',
          End: true,
        },
      }),
      { timeout: 42, beat: 7 },
    );
    expect(events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails).toMatchObject({
      timeoutInSeconds: 42,
      heartbeatInSeconds: 7,
    });
    expect(
      events.find((e) => e.type === 'LambdaFunctionScheduled')!.lambdaFunctionScheduledEventDetails,
    ).toEqual({
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      input: '{"timeout":42,"beat":7}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 42,
    });
  });

  it('gives a failed Map Run the error and cause the Map fails with', async () => {
    const { events } = await history(
      machine({
        Dist: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Boom',
            States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'no' } },
          },
          End: true,
        },
      }),
      [1, 2],
    );
    const failed = events.find((e) => e.type === 'MapRunFailed')!;
    const execution = events.find((e) => e.type === 'ExecutionFailed')!;
    expect(failed.mapRunFailedEventDetails).toEqual(execution.executionFailedEventDetails);
    expect(failed.mapRunFailedEventDetails).toMatchObject({ error: 'Boom', cause: 'no' });
  });
});
