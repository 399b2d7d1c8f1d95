import { type Json } from '../../../src/asl/types';
import { processorReadsExecutionInput, stateNamesOf } from '../../../src/interpreter/states/processor-scan';

/** A processor of one Pass state whose Parameters hold `value` under `x`. */
function passWith(value: Json, key = 'x.$'): object {
  return { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { [key]: value }, End: true } } };
}

describe('processorReadsExecutionInput', () => {
  it('is false for a processor with no context reference or only named members other than Execution.Input', () => {
    expect(processorReadsExecutionInput({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).toBe(
      false,
    );
    for (const path of [
      '$$.Map.Item.Value',
      '$$.State.Name',
      '$$.Execution.Name',
      '$$.Execution.Id',
      '$$.StateMachine.Id',
      "States.Format('{} {}', $$.Execution.StartTime, $.a)",
      '{% $states.input.a & $states.context.Execution.Name & $states.context.Map.Item.Index %}',
      '{% $states.result %}',
    ])
      expect([path, processorReadsExecutionInput(passWith(path))]).toEqual([path, false]);
  });

  it('is true for anything that can reach $$.Execution.Input, however it is spelled', () => {
    for (const path of [
      '$$',
      '$$.Execution',
      '$$.Execution.Input',
      '$$.Execution.Input.blob',
      "$$.Execution['Input']",
      '$$..Input',
      '$$.*',
      '$$.Execution.*',
      'States.JsonToString($$)',
      'States.Array($$.Execution)',
      '{% $states.context %}',
      '{% $states.context.Execution.Input.a %}',
      '{% $lookup($states.context.Execution, "Input") %}',
      '{% $states %}',
      '{% $states["context"] %}',
      '{% $eval("1") %}',
    ])
      expect([path, processorReadsExecutionInput(passWith(path))]).toEqual([path, true]);
  });

  it('looks into nested states: Parallel branches, inner Maps, Choice rules, Catch, Assign', () => {
    const nested = {
      StartAt: 'Par',
      States: {
        Par: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Inner',
              States: {
                Inner: {
                  Type: 'Map',
                  ItemProcessor: {
                    StartAt: 'C',
                    States: {
                      C: {
                        Type: 'Choice',
                        Choices: [{ Variable: '$$.Execution.Input.flag', IsPresent: true, Next: 'D' }],
                      },
                      D: { Type: 'Succeed' },
                    },
                  },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    };
    expect(processorReadsExecutionInput(nested)).toBe(true);
    expect(
      processorReadsExecutionInput({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Assign: { v: '{% $states.context %}' }, End: true } },
      }),
    ).toBe(true);
  });
});

describe('stateNamesOf', () => {
  it('lists every state of the processor, nested ones included', () => {
    const names = stateNamesOf({
      StartAt: 'A',
      States: {
        A: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'C', States: { C: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    expect([...names].sort()).toEqual(['A', 'B', 'C', 'M']);
  });
});
