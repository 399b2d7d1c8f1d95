import {
  evaluateJsonataCondition,
  evaluateJsonataTemplate,
  evaluateJsonataTyped,
  type StatesBinding,
} from '../../../src/dataflow/jsonata';
import type { Json } from '../../../src/asl/types';
import { testEnv } from './support/env';

const env = testEnv({ variables: { x: 2, items: [1, 2, 3] }, random: 0.25 });
const states: StatesBinding = {
  input: { a: 1, list: [1, 2, 3] },
  result: { r: true },
  context: { State: { Name: 'S' } },
};

describe('JSONata', () => {
  it('evaluates only strings that are exactly {% ... %}, at any depth', async () => {
    const value = {
      sum: '{% $sum($states.input.list) + $x %}',
      plain: ' {% 1 %} ',
      list: ['{% $states.result.r %}', 2],
    };
    expect(await evaluateJsonataTemplate(value, states, env, 'Output')).toEqual({
      sum: 8,
      plain: ' {% 1 %} ',
      list: [true, 2],
    });
    expect(await evaluateJsonataTemplate('{% $states.context.State.Name %}', states, env, 'Output')).toBe(
      'S',
    );
  });

  it("adds AWS's functions: $partition, $range, $hash, $random, $uuid, $parse", async () => {
    const run = (e: string): Promise<unknown> => evaluateJsonataTemplate(`{% ${e} %}`, states, env, 'Output');
    expect(await run('$partition($items, 2)')).toEqual([[1, 2], [3]]);
    expect(await run('$range(0, 6, 2)')).toEqual([0, 2, 4, 6]);
    expect(await run("$hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(await run('$random()')).toBe(0.25);
    expect(await run('$uuid()')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await run('$parse(\'{"k": [1]}\')')).toEqual({ k: [1] });
  });

  it("reports undefined results and errors with AWS's wording", async () => {
    await expect(
      evaluateJsonataTemplate({ result: '{% $doesNotExist %}' }, states, env, 'Output'),
    ).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
      causeText:
        "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    });
    await expect(
      evaluateJsonataTemplate('{% $randomSeeded(1) %}', states, env, 'Output'),
    ).rejects.toMatchObject({
      causeText:
        "The JSONata expression '$randomSeeded(1)' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    });
    await expect(evaluateJsonataTemplate('{% $eval("1") %}', states, env, 'Output')).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
    });
  });

  it('checks result types where a field needs one', async () => {
    await expect(evaluateJsonataTyped('{% true %}', states, env, 'Items', 'array')).rejects.toMatchObject({
      causeText:
        "The JSONata expression 'true' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'boolean' for value: true",
    });
    await expect(
      evaluateJsonataTyped('{% $fn := function($x){$x} %}', states, env, 'Items', 'array'),
    ).rejects.toMatchObject({
      causeText:
        "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
    });
  });

  it('evaluates conditions, which must be boolean', async () => {
    expect(await evaluateJsonataCondition('{% $states.input.a = 1 %}', states, env)).toBe(true);
    expect(await evaluateJsonataCondition(false, states, env)).toBe(false);
    await expect(evaluateJsonataCondition('{% $states.input.a %}', states, env)).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
    });
  });

  describe('results as JSONata returns them, copied into plain JSON', () => {
    const data: StatesBinding = {
      input: { one: [{ c: 1 }], many: [{ v: 1 }, { v: 2 }], none: [], n: 1 },
      context: {},
    };
    const run = (e: string): Promise<Json> => evaluateJsonataTemplate(`{% ${e} %}`, data, env, 'Output');

    it('gives sequences as plain arrays, singleton sequences as their value, [] keeping the array', async () => {
      const many = await run('$states.input.many.v');
      expect(many).toEqual([1, 2]);
      expect(Object.keys(many as object)).toEqual(['0', '1']);
      expect(await run('$states.input.one.c')).toBe(1);
      // A singleton array of the data is not a sequence: it stays an array.
      expect(await run('$states.input.one')).toEqual([{ c: 1 }]);
      expect(await run('[$states.input.n]')).toEqual([1]);
      const kept = await run('$states.input.one.c[]');
      expect(kept).toEqual([1]);
      expect(Object.keys(kept as object)).toEqual(['0']);
      expect(await run('$states.input.none')).toEqual([]);
      expect(await run('[[1], []]')).toEqual([[1], []]);
    });

    it("gives objects JSONata builds without a prototype as ordinary objects, keeping a '__proto__' key", async () => {
      const merged = await run("$merge([{'a': 1}, {'b': [2]}])");
      expect(merged).toEqual({ a: 1, b: [2] });
      expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      const parsed = (await run('$parse(\'{"__proto__": {"x": 1}}\')')) as Record<string, Json>;
      expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
      expect(Object.keys(parsed)).toEqual(['__proto__']);
      expect(JSON.stringify(parsed)).toBe('{"__proto__":{"x":1}}');
      expect(await run("$match('abc', /b/)")).toEqual({ match: 'b', index: 1, groups: [] });
    });

    it('drops what JSON has no place for inside a result, as JSON serialization does', async () => {
      expect(await run("{'a': $nothing, 'b': 1}")).toEqual({ b: 1 });
      expect(await run('[1, $nothing, 2]')).toEqual([1, 2]);
    });

    it('refuses functions, regular expressions and non-finite numbers, at any depth', async () => {
      for (const e of ['$string', '/ab/', "{'f': function($x){$x}}", '[1, $sum]', '1/0', '{"n": -1/0}']) {
        await expect(run(e)).rejects.toMatchObject({
          error: 'States.QueryEvaluationError',
          causeText: `The JSONata expression '${e}' specified for the field 'Output' returned an unsupported result type.`,
        });
      }
    });

    it("reports JSONata's runtime errors with their code, as AWS does", async () => {
      await expect(run("'a' + 1")).rejects.toMatchObject({
        error: 'States.QueryEvaluationError',
        causeText:
          "The JSONata expression ''a' + 1' specified for the field 'Output' threw an error during evaluation. " +
          'T2001: The left side of the "+" operator must evaluate to a number',
      });
      await expect(run('$sum("a")')).rejects.toMatchObject({
        causeText: expect.stringContaining(
          'threw an error during evaluation. T0412: Argument 1 of function "sum" must be an array of "numbers"',
        ),
      });
      await expect(run('$range(0, "4", 1)')).rejects.toMatchObject({
        causeText: expect.stringContaining(
          'threw an error during evaluation. T0410: Argument 2 of function "range" does not match function signature',
        ),
      });
      await expect(run('$states.input.none.x')).rejects.toMatchObject({
        causeText:
          "The JSONata expression '$states.input.none.x' specified for the field 'Output' returned nothing (undefined).",
      });
    });
  });
});
