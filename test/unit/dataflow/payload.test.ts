import { evaluatePayloadTemplate } from '../../../src/dataflow/payload';
import { testEnv } from './support/env';

const env = testEnv({ variables: { result: 'foobar' } });

describe('payload templates', () => {
  it('evaluates .$ keys at any depth, inside arrays too, and copies the rest', () => {
    const template = {
      literal: '$.not.a.path',
      'fromInput.$': '$.a',
      'fromContext.$': '$$.Execution.Name',
      'fromVariable.$': '$result',
      nested: { 'deep.$': "States.Format('{}!', $.a)", list: [{ 'x.$': '$.a' }, '$.a'] },
      Comment: 'kept',
    };
    expect(evaluatePayloadTemplate(template, { a: 1 }, env, 'Parameters')).toEqual({
      literal: '$.not.a.path',
      fromInput: 1,
      fromContext: 'exec',
      fromVariable: 'foobar',
      nested: { deep: '1!', list: [{ x: 1 }, '$.a'] },
      Comment: 'kept',
    });
  });

  it("names the key and the input in AWS's message when a path finds nothing", () => {
    expect(() => evaluatePayloadTemplate({ 'value.$': '$.no_such' }, { i: 0 }, env, 'Parameters')).toThrow(
      expect.objectContaining({
        error: 'States.Runtime',
        causeText:
          "The JSONPath '$.no_such' specified for the field 'value.$' could not be found in the input '{\"i\":0}'",
      }),
    );
  });

  it('gives [] for indefinite paths that match nothing', () => {
    expect(evaluatePayloadTemplate({ 'item.$': '$.items[*]' }, {}, env, 'Parameters')).toEqual({ item: [] });
  });
});
