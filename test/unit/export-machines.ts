// Machines whose graphs exercise the exporter's structuring: a counting loop, nested loops (a labelled continue),
// an irreducible graph (the switch state loop), joins, JSONata and Choice operators. Shared by the unit test of
// the generated text and the workflow test that runs the generated code.
import { type StateMachine } from '../../src/asl/types';

/** Counts `$.n` up to `$.limit` through a Choice back edge: `for (;;)` with `continue`. */
export const COUNTING_LOOP = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Parameters: { 'n.$': '$.start', 'limit.$': '$.limit' }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Comment: 'Done once n reaches the limit',
      Choices: [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.limit', Next: 'Done' }],
      Default: 'Increment',
    },
    Increment: {
      Type: 'Pass',
      Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'limit.$': '$.limit' },
      Next: 'Check',
    },
    Done: { Type: 'Succeed', OutputPath: '$.n' },
  },
} as unknown as StateMachine;

/** An outer loop over rows with an inner loop over columns that jumps back to the outer header. */
export const NESTED_LOOPS = {
  StartAt: 'Row',
  States: {
    Row: {
      Type: 'Choice',
      Choices: [{ Variable: '$.row', NumericGreaterThanEquals: 2, Next: 'Finished' }],
      Default: 'ResetColumn',
    },
    ResetColumn: { Type: 'Pass', Result: 0, ResultPath: '$.col', Next: 'Column' },
    Column: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.col', IsPresent: true },
            { Variable: '$.col', NumericLessThan: 3 },
          ],
          Next: 'Cell',
        },
      ],
      Default: 'NextRow',
    },
    Cell: {
      Type: 'Pass',
      Parameters: {
        'row.$': '$.row',
        'col.$': 'States.MathAdd($.col, 1)',
        'cells.$': 'States.MathAdd($.cells, 1)',
      },
      Next: 'Column',
    },
    NextRow: {
      Type: 'Pass',
      Parameters: { 'row.$': 'States.MathAdd($.row, 1)', 'cells.$': '$.cells' },
      Next: 'Row',
    },
    Finished: { Type: 'Pass', End: true },
  },
} as unknown as StateMachine;

/** A loop between Left and Right entered at both: no `for (;;)` can say it, so a switch state loop runs it. */
export const IRREDUCIBLE = {
  StartAt: 'Enter',
  States: {
    Enter: {
      Type: 'Choice',
      Choices: [{ Variable: '$.side', StringEquals: 'left', Next: 'Left' }],
      Default: 'Right',
    },
    Left: {
      Type: 'Pass',
      Parameters: { 'side.$': '$.side', 'steps.$': 'States.MathAdd($.steps, 1)' },
      Next: 'LeftCheck',
    },
    LeftCheck: {
      Type: 'Choice',
      Choices: [{ Variable: '$.steps', NumericGreaterThan: 4, Next: 'Out' }],
      Default: 'Right',
    },
    Right: {
      Type: 'Pass',
      Parameters: { 'side.$': '$.side', 'steps.$': 'States.MathAdd($.steps, 2)' },
      Next: 'Left',
    },
    Out: { Type: 'Fail', Error: 'Walked', CausePath: "States.Format('after {} steps', $.steps)" },
  },
} as unknown as StateMachine;

/** JSONata throughout, a Choice rule with Assign, and a join (Merge reached from two branches). */
export const JSONATA_JOIN = {
  QueryLanguage: 'JSONata',
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.kind = "a" %}', Assign: { picked: 'A' }, Next: 'A' }],
      Default: 'B',
    },
    A: { Type: 'Pass', Output: '{% {"from": "a", "v": $states.input.v * 2} %}', Next: 'Merge' },
    B: { Type: 'Pass', Output: '{% {"from": "b", "v": $states.input.v + 1} %}', Next: 'Merge' },
    Merge: {
      Type: 'Pass',
      Output: '{% $merge([$states.input, {"picked": $exists($picked) ? $picked : null}]) %}',
      End: true,
    },
  },
} as unknown as StateMachine;

/** A Distributed Map over the input's items whose processor fails on odd items (tolerated): batches as code. */
export const DISTRIBUTED_MAP = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ToleratedFailureCount: 100,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Odd',
        States: {
          Odd: {
            Type: 'Choice',
            Choices: [{ Variable: '$.value', NumericGreaterThan: 2, Next: 'TooBig' }],
            Default: 'Double',
          },
          Double: {
            Type: 'Pass',
            Parameters: { 'doubled.$': 'States.MathAdd($.value, $.value)', 'index.$': '$.index' },
            End: true,
          },
          TooBig: { Type: 'Fail', Error: 'TooBig', Cause: 'over two' },
        },
      },
      ResultPath: '$.results',
      Next: 'Count',
    },
    Count: {
      Type: 'Pass',
      Parameters: { 'n.$': 'States.ArrayLength($.results)', 'first.$': '$.results[0]' },
      End: true,
    },
  },
} as unknown as StateMachine;
