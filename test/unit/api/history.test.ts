/**
 * GetExecutionHistory's ids, links and details from the interpreter's trace, checked against histories AWS recorded
 * (LocalStack's snapshot tests, recorded against AWS Step Functions: test_base_scenarios' test_map_state,
 * test_map_state_break_condition, test_map_state_catch and test_parallel_state, and test_lambda_task's
 * test_invoke_pipe), with the trace our interpreter records for the same machines.
 */
import { type StateMachine } from '../../../src/asl/types';
import { historyEvents } from '../../../src/api/history';
import { type TraceEvent } from '../../../src/interpreter/trace';

type Step = Omit<TraceEvent, 'id' | 'timestamp'>;

/** Trace events numbered from 1, as the interpreter numbers them. */
function trace(steps: readonly Step[]): TraceEvent[] {
  return steps.map((step, i) => ({ ...step, id: i + 1, timestamp: 1_700_000_000_000 + i }));
}

const links = (events: readonly Record<string, unknown>[]) =>
  events.map((e) => [e.id, e.previousEventId, e.type]);

const entered = (state: string, stateType: string): Step => ({ type: 'StateEntered', state, stateType });
const exited = (state: string, stateType: string): Step => ({ type: 'StateExited', state, stateType });
const iteration = (type: TraceEvent['type'], index: number): Step => ({ type, state: 'MapState', index });

const MAP: StateMachine = {
  StartAt: 'StartState',
  States: {
    StartState: { Type: 'Pass', Next: 'MapState' },
    MapState: {
      Type: 'Map',
      MaxConcurrency: 1,
      ItemProcessor: { StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
      Next: 'Final',
    },
    Final: { Type: 'Pass', End: true },
  },
} as unknown as StateMachine;

describe('GetExecutionHistory links events as AWS recorded them', () => {
  it('a Map of eight items run one at a time (test_map_state)', () => {
    const steps: Step[] = [
      { type: 'ExecutionStarted' },
      entered('StartState', 'Pass'),
      exited('StartState', 'Pass'),
      entered('MapState', 'Map'),
      { type: 'MapStateStarted', state: 'MapState' },
    ];
    for (let i = 0; i < 8; i++) {
      steps.push(
        iteration('MapIterationStarted', i),
        entered('HandleItem', 'Pass'),
        exited('HandleItem', 'Pass'),
        iteration('MapIterationSucceeded', i),
      );
    }
    steps.push(
      { type: 'MapStateSucceeded', state: 'MapState' },
      exited('MapState', 'Map'),
      entered('Final', 'Pass'),
      exited('Final', 'Pass'),
      { type: 'ExecutionSucceeded' },
    );
    const events = historyEvents(trace(steps), { includeExecutionData: true, definition: MAP });
    // As recorded: ids 1..42; each iteration starts from the previous one's last inner event.
    const expected: [number, number, string][] = [
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
    ];
    let source = 5;
    for (let i = 0; i < 8; i++) {
      const at = 6 + i * 4;
      expected.push(
        [at, source, 'MapIterationStarted'],
        [at + 1, at, 'PassStateEntered'],
        [at + 2, at + 1, 'PassStateExited'],
        [at + 3, at + 2, 'MapIterationSucceeded'],
      );
      source = at + 2;
    }
    expected.push(
      [38, 37, 'MapStateSucceeded'],
      [39, 37, 'MapStateExited'],
      [40, 39, 'PassStateEntered'],
      [41, 40, 'PassStateExited'],
      [42, 41, 'ExecutionSucceeded'],
    );
    expect(links(events)).toEqual(expected);
    expect(events[4].mapStateStartedEventDetails).toEqual({ length: 8 });
    expect(events[5].mapIterationStartedEventDetails).toEqual({ name: 'MapState', index: 0 });
  });

  it('a Map whose iteration fails (test_map_state_break_condition), and one whose failure is caught', () => {
    const definition = {
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Break', States: { Break: { Type: 'Fail', Error: 'SomeFailure' } } },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'FinalCaught' }],
          End: true,
        },
        FinalCaught: { Type: 'Pass', End: true },
      },
    } as unknown as StateMachine;
    const start: Step[] = [
      { type: 'ExecutionStarted' },
      entered('MapState', 'Map'),
      { type: 'MapStateStarted', state: 'MapState' },
      iteration('MapIterationStarted', 0),
      entered('Break', 'Fail'),
      iteration('MapIterationFailed', 0),
      { type: 'MapStateFailed', state: 'MapState' },
    ];
    const failed = historyEvents(
      trace([...start, { type: 'ExecutionFailed', error: 'SomeFailure', cause: 'x' }]),
      { includeExecutionData: true, definition },
    );
    // As recorded: MapIterationFailed and MapStateFailed both follow the Fail state's entry.
    expect(links(failed).slice(3)).toEqual([
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'FailStateEntered'],
      [6, 5, 'MapIterationFailed'],
      [7, 5, 'MapStateFailed'],
      [8, 7, 'ExecutionFailed'],
    ]);
    expect(failed[5].mapIterationFailedEventDetails).toEqual({ name: 'MapState', index: 0 });
    const caught = historyEvents(
      trace([...start, exited('MapState', 'Map'), entered('FinalCaught', 'Pass')]),
      { includeExecutionData: true, definition },
    );
    // As recorded (test_map_state_catch): the Map's exit follows MapStateFailed.
    expect(links(caught).slice(6)).toEqual([
      [7, 5, 'MapStateFailed'],
      [8, 7, 'MapStateExited'],
      [9, 8, 'PassStateEntered'],
    ]);
  });

  it('a Parallel of three branches (test_parallel_state): branches start from ParallelStateStarted', () => {
    const definition = {
      StartAt: 'ParallelState',
      States: {
        ParallelState: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Branch1', States: { Branch1: { Type: 'Pass', End: true } } },
            {
              StartAt: 'Branch21',
              States: { Branch21: { Type: 'Pass', Next: 'Branch22' }, Branch22: { Type: 'Pass', End: true } },
            },
          ],
          End: true,
        },
      },
    } as unknown as StateMachine;
    const events = historyEvents(
      trace([
        { type: 'ExecutionStarted' },
        entered('ParallelState', 'Parallel'),
        { type: 'ParallelStateStarted', state: 'ParallelState' },
        entered('Branch1', 'Pass'),
        entered('Branch21', 'Pass'),
        exited('Branch1', 'Pass'),
        exited('Branch21', 'Pass'),
        entered('Branch22', 'Pass'),
        exited('Branch22', 'Pass'),
        { type: 'ParallelStateSucceeded', state: 'ParallelState' },
        exited('ParallelState', 'Parallel'),
        { type: 'ExecutionSucceeded' },
      ]),
      { includeExecutionData: true, definition },
    );
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ParallelStateEntered'],
      [3, 2, 'ParallelStateStarted'],
      [4, 3, 'PassStateEntered'],
      [5, 3, 'PassStateEntered'],
      [6, 4, 'PassStateExited'],
      [7, 5, 'PassStateExited'],
      [8, 7, 'PassStateEntered'],
      [9, 8, 'PassStateExited'],
      // As recorded: ParallelStateExited follows the branches' latest event. ParallelStateSucceeded is missing
      // from the recording; it links as LocalStack links it (the same event, without becoming the source).
      [10, 9, 'ParallelStateSucceeded'],
      [11, 9, 'ParallelStateExited'],
      [12, 11, 'ExecutionSucceeded'],
    ]);
    expect(events[2].parallelStateStartedEventDetails).toBeUndefined();
  });

  it('a Lambda function Task (test_invoke_pipe): LambdaFunction* events and their details', () => {
    const lambda = 'arn:aws:lambda:us-east-1:111111111111:function:echo';
    const definition = {
      StartAt: 'step1',
      States: { step1: { Type: 'Task', Resource: lambda, TimeoutSeconds: 30, End: true } },
    } as unknown as StateMachine;
    const events = historyEvents(
      trace([
        { type: 'ExecutionStarted', input: {} },
        { ...entered('step1', 'Task'), input: {} },
        { type: 'TaskScheduled', state: 'step1', resource: lambda, input: {} },
        { type: 'TaskStarted', state: 'step1', resource: lambda },
        { type: 'TaskSucceeded', state: 'step1', output: { Return: 'HelloWorld' } },
        { ...exited('step1', 'Task'), output: { Return: 'HelloWorld' } },
        { type: 'ExecutionSucceeded', output: { Return: 'HelloWorld' } },
      ]),
      { includeExecutionData: true, definition },
    );
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(events[2].lambdaFunctionScheduledEventDetails).toEqual({
      resource: lambda,
      input: '{}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 30,
    });
    expect(Object.keys(events[3])).not.toContain('lambdaFunctionStartedEventDetails');
    expect(events[4].lambdaFunctionSucceededEventDetails).toEqual({
      output: '{"Return":"HelloWorld"}',
      outputDetails: { truncated: false },
    });
  });

  it('concurrent iterations each link within their own line', () => {
    const definition = {
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'HandleItem',
            States: { HandleItem: { Type: 'Pass', Next: 'After' }, After: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    } as unknown as StateMachine;
    const events = historyEvents(
      trace([
        { type: 'ExecutionStarted' },
        entered('MapState', 'Map'),
        { type: 'MapStateStarted', state: 'MapState' },
        iteration('MapIterationStarted', 0),
        iteration('MapIterationStarted', 1),
        entered('HandleItem', 'Pass'),
        entered('HandleItem', 'Pass'),
        exited('HandleItem', 'Pass'),
        entered('After', 'Pass'),
        exited('HandleItem', 'Pass'),
        exited('After', 'Pass'),
        iteration('MapIterationSucceeded', 0),
        entered('After', 'Pass'),
        exited('After', 'Pass'),
        iteration('MapIterationSucceeded', 1),
        { type: 'MapStateSucceeded', state: 'MapState' },
        exited('MapState', 'Map'),
      ]),
      { includeExecutionData: true, definition },
    );
    expect(links(events).slice(3)).toEqual([
      [4, 3, 'MapIterationStarted'],
      [5, 3, 'MapIterationStarted'],
      [6, 4, 'PassStateEntered'],
      [7, 5, 'PassStateEntered'],
      [8, 6, 'PassStateExited'],
      [9, 8, 'PassStateEntered'],
      [10, 7, 'PassStateExited'],
      [11, 9, 'PassStateExited'],
      [12, 11, 'MapIterationSucceeded'],
      [13, 10, 'PassStateEntered'],
      [14, 13, 'PassStateExited'],
      [15, 14, 'MapIterationSucceeded'],
      [16, 15, 'MapStateSucceeded'],
      [17, 15, 'MapStateExited'],
    ]);
  });
});
