import { ExecutionError } from '../../src/asl/errors';
import { type Json } from '../../src/asl/types';
import { HistoryCounter } from '../../src/interpreter/history';
import { VariableScope } from '../../src/interpreter/scope';
import { LocalRuntime } from '../../src/runtimes/local';
import { Machine } from '../../workflows/lib/machine';
import { booleanEquals, isNumeric, isPresent, numericEquals } from '../../workflows/lib/conditions';
import { refPath } from '../../workflows/lib/path-ref';
import { retry, withCatch } from '../../workflows/lib/policies';
import { $ } from '../../workflows/lib/template';

/** A machine handle on the in-process runtime: the one exported code gets, without Temporal. */
function handle(runTask: (parameters: Json) => Json = () => null): Machine {
  const runtime = new LocalRuntime({
    runTask: async (request) => runTask(request.parameters ?? null),
    startTime: Date.UTC(2026, 0, 1),
  });
  return new Machine({
    runtime,
    execution: {
      id: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
      name: 'e',
      input: {},
      startTime: '2026-01-01T00:00:00.000Z',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      stateMachineId: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
      stateMachineName: 'm',
    },
    scope: VariableScope.root(),
    nested: false,
    history: new HistoryCounter(),
  });
}

describe('the machine handle of exported code', () => {
  it('evaluate: JSONPath, intrinsics and JSONata over the input, with the interpreter errors', async () => {
    const m = handle();
    const input = { order: { id: 'o-1', items: [1, 2, 3] } };
    await expect(m.evaluate('$.order.id', input)).resolves.toBe('o-1');
    await expect(m.evaluate('States.ArrayLength($.order.items)', input)).resolves.toBe(3);
    await expect(m.evaluate('{% $sum($states.input.order.items) %}', input)).resolves.toBe(6);
    await expect(m.evaluate('$.order.missing', input)).rejects.toMatchObject({ error: 'States.Runtime' });
  });

  it('format: a payload template with paths, intrinsics and $$, and a JSONata template', async () => {
    const m = handle();
    const input = { a: 1, name: 'x' };
    await expect(
      m.format(
        {
          'v.$': '$.a',
          'greeting.$': "States.Format('hi {}', $.name)",
          'machine.$': '$$.StateMachine.Name',
          fixed: true,
        },
        input,
      ),
    ).resolves.toEqual({ v: 1, greeting: 'hi x', machine: 'm', fixed: true });
    await expect(m.format({ doubled: '{% $states.input.a * 2 %}' }, input)).resolves.toEqual({ doubled: 2 });
  });

  it('runs states through the interpreter: a Task with ResultSelector/ResultPath, a Choice step and its errors', async () => {
    const m = handle((parameters) => ({ echoed: parameters }));
    const output = await m.task(
      'Call',
      {
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'echo', 'Payload.$': '$.x' },
        ResultSelector: { 'got.$': '$.echoed.Payload' },
        ResultPath: '$.result',
      },
      { x: 5 },
    );
    expect(output).toEqual({ x: 5, result: { got: 5 } });
    const choice = await m.choice('Pick', { n: 1 });
    expect(choice.has('$.n')).toBe(true);
    expect(() => choice.at('$.missing')).toThrow(
      "Invalid path '$.missing': The choice state's condition path references an invalid value.",
    );
    expect(choice.noMatch()).toMatchObject({ error: 'States.NoChoiceMatched' });
    await expect(m.fail('Stop', { Error: 'Custom', Cause: 'because' }, {})).rejects.toMatchObject({
      error: 'Custom',
      causeText: 'because',
    });
  });

  it("a Choice's input references resolve as JSONPath does, not as JavaScript property access would", async () => {
    const m = handle(() => null);
    const choice = await m.choice('Pick', { n: 3, name: 'abc', items: [10, 20], nested: { ok: true } });
    expect(numericEquals(choice.input.n, 3)).toBe(true);
    expect(numericEquals(choice.input.items[1], 20)).toBe(true);
    expect(booleanEquals(choice.input.nested.ok, true)).toBe(true);
    expect(isPresent(choice.input.nested.ok)).toBe(true);
    expect(isPresent(choice.input.nested.missing)).toBe(false);
    // A string has no properties in JSONPath, an array no `length`: each fails as the Choice fails.
    for (const [ref, path] of [
      [choice.input.name.length, '$.name.length'],
      [choice.input.items.length, '$.items.length'],
      [choice.input.missing.deeper, '$.missing.deeper'],
    ] as const) {
      expect(() => isNumeric(ref)).toThrow(
        `Invalid path '${path}': The choice state's condition path references an invalid value.`,
      );
    }
    // The variable resolves before a Path operand, as the state reads them.
    expect(() => numericEquals(choice.input.absent, choice.input.gone)).toThrow("'$.absent'");
    expect(refPath(choice.input.items[0])).toBe('$.items[0]');
  });

  it('a state call runs once however often it is awaited, and retry/withCatch give it its Retry and Catch', async () => {
    let calls = 0;
    const m = handle(() => {
      calls += 1;
      if (calls < 3) throw new ExecutionError('Busy', 'busy');
      return { ok: calls };
    });
    const call = retry(
      [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 5 }],
      m.task('Call', { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' } }, {}),
    );
    const first = await call;
    expect(await call).toBe(first);
    expect(calls).toBe(3);
    const caught = await withCatch(
      m.task(
        'Again',
        { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' } },
        { a: 1 },
      ),
      [{ ErrorEquals: ['States.ALL'], ResultPath: $.error, Next: 'Handle' }],
    );
    expect(caught.next ?? null).toBeNull();
    const failing = handle(() => {
      throw new ExecutionError('Broken', 'nope');
    });
    const handled = await withCatch(
      failing.task(
        'Boom',
        { Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' } },
        { a: 1 },
      ),
      [{ ErrorEquals: ['Broken'], ResultPath: $.error, Next: 'Handle' }],
    );
    expect(handled).toMatchObject({ next: 'Handle', output: { a: 1, error: { Error: 'Broken' } } });
  });
});
