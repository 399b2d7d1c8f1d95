import {
  evaluateJsonataCondition,
  evaluateJsonataTemplate,
  evaluateJsonataTyped,
  type StatesBinding,
} from '../../../src/dataflow/jsonata';
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
});
