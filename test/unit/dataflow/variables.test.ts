import { checkResultSize } from '../../../src/dataflow/limits';
import {
  evaluateAssignJsonata,
  evaluateAssignJsonPath,
  variableNameProblem,
} from '../../../src/dataflow/variables';
import { testEnv } from './support/env';

const env = testEnv({ variables: { answer: 42 } });

describe('Assign', () => {
  it('JSONPath: $ is the result when there is one, else the state input; entries see entry-time variables', () => {
    const assign = { 'fromResult.$': '$.r', 'old.$': '$answer', answer: 'new', nested: { 'x.$': '$.r' } };
    expect(
      evaluateAssignJsonPath(assign, { stateInput: { r: 'input' }, result: { r: 'result' } }, env),
    ).toEqual({
      fromResult: 'result',
      old: 42,
      answer: 'new',
      nested: { x: 'result' },
    });
    expect(evaluateAssignJsonPath({ 'v.$': '$.r' }, { stateInput: { r: 'input' } }, env)).toEqual({
      v: 'input',
    });
  });

  it('JSONata: names the field Assign/<name> in messages', async () => {
    const states = { input: {}, context: {} };
    expect(await evaluateAssignJsonata({ a: '{% $answer + 1 %}', b: 'lit' }, states, env)).toEqual({
      a: 43,
      b: 'lit',
    });
    await expect(evaluateAssignJsonata({ result: '{% $doesNotExist %}' }, states, env)).rejects.toMatchObject(
      {
        causeText:
          "The JSONata expression '$doesNotExist' specified for the field 'Assign/result' returned nothing (undefined).",
      },
    );
  });

  it('checks variable names', () => {
    expect(variableNameProblem('var_1')).toBeUndefined();
    expect(variableNameProblem('_x')).toBeUndefined();
    expect(variableNameProblem('états')).toBeUndefined();
    expect(variableNameProblem('states')).toBeDefined();
    expect(variableNameProblem('1x')).toBeDefined();
    expect(variableNameProblem('a-b')).toBeDefined();
    expect(variableNameProblem('a'.repeat(81))).toBeDefined();
  });

  it('fails with States.DataLimitExceeded past 256 KiB', () => {
    const big = 'x'.repeat(262144);
    expect(() => evaluateAssignJsonPath({ 'v.$': '$' }, { stateInput: big }, env)).toThrow(
      expect.objectContaining({ error: 'States.DataLimitExceeded' }),
    );
    expect(() => checkResultSize('x'.repeat(262142), 'S')).not.toThrow();
    expect(() => checkResultSize('é'.repeat(131072), 'S')).toThrow(
      expect.objectContaining({ error: 'States.DataLimitExceeded' }),
    );
  });
});
