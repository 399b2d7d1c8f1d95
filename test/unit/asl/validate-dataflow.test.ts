import { at, END, errors, findings, machine } from './helpers';

const pass = (fields: Record<string, unknown>) => machine({ P: { ...END, ...fields } });
const jsonata = (fields: Record<string, unknown>) =>
  machine({ P: { ...END, ...fields } }, { QueryLanguage: 'JSONata' });

describe('paths', () => {
  it('accepts the JSONPath forms AWS accepts in InputPath and OutputPath', () => {
    for (const path of [
      '$',
      '$.a.b',
      '$.input-foo-bar',
      "$['a b'][0]",
      '$.books[-2]',
      '$..x',
      '$.a[*]',
      '$.a[1:3]',
      '$[(@.length-1)].bar',
      '$.a[?(@.n > 1)]',
      '$$.Execution.Id',
      '$myVar.x',
    ]) {
      expect([path, errors(pass({ InputPath: path }))]).toEqual([path, []]);
    }
  });

  it('rejects a path that does not start with $', () => {
    expect(at(pass({ InputPath: 'bug$.a' }), '/States/P/InputPath').message).toMatch(
      /must be a valid JSONPath: .*a path must start with '\$'/,
    );
  });

  it('requires a reference path in ResultPath: no wildcard, no deep scan, no variable, no context', () => {
    for (const path of ['.guid', '..guid', '$..a', '$.a[*]', '$foo', '$$.Execution', '$.a[?(@.x)]']) {
      expect([path, findings(pass({ ResultPath: path }))]).toEqual([
        path,
        ['ERROR SCHEMA_VALIDATION_FAILED /States/P/ResultPath'],
      ]);
    }
    expect(errors(pass({ ResultPath: null }))).toEqual([]);
    expect(errors(pass({ ResultPath: "$.a['b'][2]" }))).toEqual([]);
  });

  it('accepts an intrinsic call in a Fail state ErrorPath and CausePath', () => {
    const def = machine({
      F: { Type: 'Fail', ErrorPath: '$.error', CausePath: "States.Format('failed: {}', $.cause)" },
    });
    expect(errors(def)).toEqual([]);
  });
});

describe('payload templates (".$" fields)', () => {
  it('requires each ".$" value to be a path or an intrinsic call', () => {
    const d = at(pass({ Parameters: { 'x.$': 'not a path' } }), '/States/P/Parameters/x.$');
    expect(d.message).toMatch(
      /^The value for the field 'x.\$' must be a valid JSONPath or a valid intrinsic function call/,
    );
  });

  it('checks nested templates, inside arrays too', () => {
    expect(findings(pass({ Parameters: { a: [{ 'b.$': '$..[' }] } }))).toEqual([
      'ERROR SCHEMA_VALIDATION_FAILED /States/P/Parameters/a/0/b.$',
    ]);
  });

  it('rejects "k" and "k.$" in the same object', () => {
    expect(
      at(pass({ Parameters: { 'type.$': '$.t', type: 'x' } }), '/States/P/Parameters/type.$').message,
    ).toBe('"type.$" and "type" both set the field "type"');
  });

  it('checks intrinsic calls: names, arity, literal argument types and escapes', () => {
    const bad = {
      'a.$': 'States.Nope(1)',
      'b.$': 'States.MathAdd(1)',
      'c.$': "States.MathAdd(1, '-1')",
      'd.$': 'States.Format(\'say \\"hi\\"\')',
      'e.$': 'States.ArrayLength($.a',
    };
    expect(findings(pass({ Parameters: bad })).sort()).toEqual(
      Object.keys(bad).map((k) => `ERROR SCHEMA_VALIDATION_FAILED /States/P/Parameters/${k}`),
    );
    const good = {
      'a.$': "States.Format('Hi {}, it\\'s {}', $.name, States.ArrayGetItem($.days, 0))",
      'b.$': 'States.MathAdd(States.ArrayLength($$.Execution.Input.machines), -1)',
      'c.$': "States.Array('Foo', 2020, $.someJson, null)",
      'd.$': 'States.UUID()',
      'e.$': 'States.ArrayGetItem($.Records[?(@.Key == FooBar)].Value, 0)',
    };
    expect(errors(pass({ Parameters: good }))).toEqual([]);
  });

  it('warns NO_DOLLAR when a plain field holds what looks like a path', () => {
    expect(findings(pass({ Parameters: { id: '$.order.id' } }))).toEqual([
      'WARNING NO_DOLLAR /States/P/Parameters/id',
    ]);
  });

  it('warns PASS_RESULT_IS_STATIC when a Pass Result has ".$" keys', () => {
    expect(findings(pass({ Result: { 'x.$': '$.x' } }))).toEqual([
      'WARNING PASS_RESULT_IS_STATIC /States/P/Result/x.$',
    ]);
  });

  it('warns NO_PATH when a field with a ...Path twin holds a path', () => {
    expect(findings(machine({ F: { Type: 'Fail', Error: '$.error' } }))).toEqual([
      'WARNING NO_PATH /States/F/Error',
    ]);
  });

  it('requires Assign keys to be variable names', () => {
    expect(findings(pass({ Assign: { 'my-var': 1, ok_1: 2, 'fine.$': '$.x' } }))).toEqual([
      'ERROR SCHEMA_VALIDATION_FAILED /States/P/Assign/my-var',
    ]);
  });
});

describe('JSONata expressions', () => {
  it('reports a syntax error with its position in the string', () => {
    const d = at(jsonata({ Output: { total: '{% 10 + * 2 %}' } }), '/States/P/Output/total');
    expect(d.message).toMatch(/^invalid JSONata: .* \(at character \d+ of "\{% 10 \+ \* 2 %\}"\)$/);
  });

  it('reports half-delimited expressions', () => {
    expect(findings(jsonata({ Output: '{% 10 %' }))).toEqual([
      'ERROR SCHEMA_VALIDATION_FAILED /States/P/Output',
    ]);
    expect(findings(jsonata({ Output: '10 %}' }))).toEqual([
      'ERROR SCHEMA_VALIDATION_FAILED /States/P/Output',
    ]);
  });

  it('checks expressions in Assign, Choice conditions and catchers, but not in comments', () => {
    const def = machine(
      {
        C: {
          Type: 'Choice',
          Comment: '{% not parsed',
          Choices: [{ Condition: '{% $x > %}', Next: 'T' }],
          Default: 'T',
        },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Assign: { a: '{% ( %}' },
          Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput. %}', Next: 'E' }],
          End: true,
        },
        E: { Type: 'Fail' },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect(findings(def).sort()).toEqual([
      'ERROR SCHEMA_VALIDATION_FAILED /States/C/Choices/0/Condition',
      'ERROR SCHEMA_VALIDATION_FAILED /States/T/Assign/a',
      'ERROR SCHEMA_VALIDATION_FAILED /States/T/Catch/0/Output',
    ]);
  });

  it('accepts regular expressions, functions and blocks', () => {
    const def = jsonata({
      Output: {
        a: '{% $match($states.input.email, /^[a-z]+@[a-z]+\\.[a-z]{2,}$/) %}',
        b: '{% $not(null in $each($states.input, function($v) { $length($trim($v)) > 0 ? $v : null })) %}',
        c: '{% ($x := 1; $y := 2; $x + $y) %}',
        d: '{%10%}',
      },
    });
    expect(errors(def)).toEqual([]);
  });

  it('treats {% %} strings in a JSONPath state as plain text', () => {
    expect(errors(pass({ Parameters: { a: '{% 10 + %}' } }))).toEqual([]);
  });
});
