import { ExecutionError } from '../../../src/asl/errors';
import { type Json, type StateMachine } from '../../../src/asl/types';
import { runLocally } from '../../../src/runtimes/run-local';

/** A JSONata machine of the given states, starting at the first. */
function machine(states: Record<string, Json>): StateMachine {
  return {
    QueryLanguage: 'JSONata',
    StartAt: Object.keys(states)[0],
    States: states,
  } as unknown as StateMachine;
}

/** A Map over `items` whose iterations return their item. */
function mapOver(items: string): StateMachine {
  return machine({
    Each: {
      Type: 'Map',
      Items: items,
      ItemProcessor: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
      End: true,
    },
  });
}

const input = { one: [{ c: 1 }], many: [{ v: 1 }, { v: 2 }], flag: 1 };

describe('JSONata results in the states that use them', () => {
  it("iterates a Map over a sequence, and over a singleton kept as an array by '[]'", async () => {
    expect((await runLocally(mapOver('{% $states.input.many.v %}'), input)).result).toEqual({
      status: 'SUCCEEDED',
      output: [1, 2],
    });
    expect((await runLocally(mapOver('{% $states.input.one.c[] %}'), input)).result).toEqual({
      status: 'SUCCEEDED',
      output: [1],
    });
  });

  it('fails a Map whose Items is a singleton sequence, which JSONata collapses to its value', async () => {
    expect((await runLocally(mapOver('{% $states.input.one.c %}'), input)).result).toEqual({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'Each' (entered at the event id #2). The JSONata expression " +
        "'$states.input.one.c' specified for the field 'Items' returned an unexpected result type. Expected " +
        "'array', but was 'number' for value: 1",
    });
  });

  it('fails a Choice whose Condition is not a boolean', async () => {
    const choice = machine({
      Decide: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input.flag %}', Next: 'Done' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    });
    expect((await runLocally(choice, input)).result).toEqual({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'Decide' (entered at the event id #2). The JSONata expression " +
        "'$states.input.flag' specified for the field 'Choices[0]/Condition' returned an unexpected result type. " +
        "Expected 'boolean', but was 'number' for value: 1",
    });
  });

  it("names a Choice rule's and a catcher's own fields by their place, as AWS does", async () => {
    const choice = machine({
      Pick: {
        Type: 'Choice',
        Choices: [
          { Condition: '{% false %}', Next: 'Done' },
          { Condition: '{% true %}', Assign: { x: '{% $states.input.missing %}' }, Next: 'Done' },
        ],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    });
    expect((await runLocally(choice, input)).result).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining(
        "The JSONata expression '$states.input.missing' specified for the field 'Choices[1]/Assign/x' returned nothing (undefined).",
      ),
    });
    const catcher = machine({
      Boom: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:111111111111:function:f',
        Catch: [
          { ErrorEquals: ['States.Timeout'], Next: 'Done' },
          { ErrorEquals: ['States.ALL'], Output: { v: '{% $states.input.missing %}' }, Next: 'Done' },
        ],
        End: true,
      },
      Done: { Type: 'Succeed' },
    });
    const failing = (): Promise<Json> => Promise.reject(new ExecutionError('Oops', 'no'));
    expect((await runLocally(catcher, input, { runTask: failing })).result).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining(
        "The JSONata expression '$states.input.missing' specified for the field 'Catch[1]/Output/v' returned nothing (undefined).",
      ),
    });
  });

  it('fails an Assign or Output that evaluates to a function, and one that evaluates to nothing', async () => {
    const assign = machine({ P: { Type: 'Pass', Assign: { f: '{% $uppercase %}' }, End: true } });
    expect((await runLocally(assign, input)).result).toEqual({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression " +
        "'$uppercase' specified for the field 'Assign/f' returned an unsupported result type.",
    });
    const output = machine({
      P: { Type: 'Pass', Output: { list: ['{% $states.input.none %}'] }, End: true },
    });
    expect((await runLocally(output, input)).result).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining(
        "The JSONata expression '$states.input.none' specified for the field 'Output/list[0]' returned nothing (undefined).",
      ),
    });
  });

  it('passes plain JSON on: the next state and the execution see no JSONata marks', async () => {
    const chain = machine({
      Pick: { Type: 'Pass', Output: '{% $states.input.many.v %}', Next: 'Count' },
      Count: {
        Type: 'Pass',
        Output: { n: '{% $count($states.input) %}', same: '{% $states.input %}' },
        End: true,
      },
    });
    const { result } = await runLocally(chain, input);
    expect(result).toEqual({ status: 'SUCCEEDED', output: { n: 2, same: [1, 2] } });
    expect(JSON.stringify(result)).toBe('{"status":"SUCCEEDED","output":{"n":2,"same":[1,2]}}');
  });
});
