import { exportMachine } from '../../src/export';
import { loopShape } from '../../src/export/graph';
import { conditionExpression } from '../../src/export/choice-expression';
import { type ChoiceCondition, type StateMachine } from '../../src/asl/types';
import { COUNTING_LOOP, IRREDUCIBLE, JSONATA_JOIN, NESTED_LOOPS } from './export-machines';

const workflowOf = async (machine: StateMachine) => (await exportMachine(machine, { name: 'flow' })).workflow;

describe('export: structuring the graph', () => {
  it('a back edge becomes for (;;) with continue, and every state appears once', async () => {
    const code = await workflowOf(COUNTING_LOOP);
    expect(code).toContain('for (;;) {');
    expect(code).toContain('continue;');
    expect(code).not.toContain('switch');
    for (const name of ['Init', 'Check', 'Increment', 'Done'])
      expect(code.split(`// ${name}`)).toHaveLength(2);
    expect(code).toContain('// Check: Done once n reaches the limit');
    expect(code).toContain('numericGreaterThanEquals(check.input.n, check.input.limit)');
  });

  it('an inner loop that jumps to the outer header continues the outer loop by its label', async () => {
    const code = await workflowOf(NESTED_LOOPS);
    expect(code).toMatch(/rowLoop: for \(;;\) \{/);
    expect(code).toContain('continue rowLoop;');
    // The inner loop's label is not used, so it has none (ESLint forbids unused labels).
    expect(code).not.toContain('columnLoop:');
    expect(code).toContain('(isPresent(column.input.col) && numericLessThan(column.input.col, 3))');
  });

  it('an outermost loop of the top level is a function its continued runs start at; inner loops are not', async () => {
    const counting = await workflowOf(COUNTING_LOOP);
    expect(counting).toContain('const fromCheck = async (input: Json): Promise<Json> => {');
    expect(counting).toContain("await m.loopHead('Check', input);");
    expect(counting).toContain("if (m.resumedAt === 'Check') return fromCheck(input);");
    // Init runs before the loop, then hands over to it.
    expect(counting.indexOf('// Init')).toBeGreaterThan(counting.indexOf('if (m.resumedAt'));
    expect(counting).toContain('return fromCheck(input);');
    const nested = await workflowOf(NESTED_LOOPS);
    expect(loopShape(NESTED_LOOPS)).toMatchObject({ reducible: true, outermost: new Set(['Row']) });
    expect(nested.match(/m\.loopHead\(/g)).toHaveLength(1);
    // The machine starts with its loop: every run, first or continued, starts there, so there is nothing to test.
    expect(nested).not.toContain('m.resumedAt');
  });

  it('a loop inside a Parallel branch has no loop head: nested machines do not continue as new', async () => {
    const code = await workflowOf({
      StartAt: 'Both',
      States: {
        Both: { Type: 'Parallel', Branches: [COUNTING_LOOP], End: true },
      },
    } as unknown as StateMachine);
    expect(code).toContain('for (;;) {');
    expect(code).not.toContain('loopHead');
  });

  it("Retry and Catch become retry(...) and withCatch(...) around the state's call, not fields", async () => {
    const code = await workflowOf({
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:charge:live',
          Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Report' }],
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'One', States: { One: { Type: 'Pass', End: true } } }],
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          End: true,
        },
        Report: {
          Type: 'Task',
          QueryLanguage: 'JSONata',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'report', Payload: '{% $states.input %}' },
          Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'Gave' }],
          End: true,
        },
        Gave: { Type: 'Succeed' },
      },
    } as unknown as StateMachine);
    expect(code).toContain("const LAMBDA = 'arn:aws:lambda:eu-west-1:111122223333:function:';");
    const flat = code.replace(/\s+/g, ' ');
    expect(flat).toContain(
      "await withCatch( retry( [{ ErrorEquals: ['Busy'], MaxAttempts: 2 }], " +
        "m.task('Charge', { Resource: `${LAMBDA}charge:live` }, input), ), " +
        "[{ ErrorEquals: ['States.ALL'], ResultPath: $.failure, Next: 'Report' }], );",
    );
    expect(flat).toContain(
      "return retry( [{ ErrorEquals: ['States.ALL'] }], m.parallel('Both', {}, input, [",
    );
    // A JSONata catcher keeps its expressions as text.
    expect(code).toContain("Output: '{% $states.errorOutput %}'");
    expect(code).not.toMatch(/\bRetry:|\bCatch:/);
  });

  it('an irreducible graph becomes a switch state loop, and says why', async () => {
    expect(loopShape(IRREDUCIBLE)).toEqual({ reducible: false, reason: expect.stringContaining('Left') });
    const code = await workflowOf(IRREDUCIBLE);
    expect(code).toContain('// A state loop rather than structured code: its graph is irreducible');
    expect(code).toContain('switch (state) {');
    // The top level's state loop may continue as new before any state, and a continued run starts there.
    expect(code).toContain("let state: string = m.resumedAt ?? 'Enter';");
    expect(code).toContain('await m.loopHead(state, input);');
    for (const name of ['Enter', 'Left', 'LeftCheck', 'Right', 'Out'])
      expect(code).toContain(`case '${name}': {`);
  });

  it('JSONata and a rule with Assign let the interpreter choose; a join is written in each branch', async () => {
    const code = await workflowOf(JSONATA_JOIN);
    expect(code).toMatch(/m\.step\(\s*'Choice',\s*'Route'/);
    expect(code).toContain("if (route.next === 'A') {");
    expect(code.split('// Merge')).toHaveLength(3);
    // The top level's query language travels with the machine's options, so every state keeps it.
    expect(code).toContain("queryLanguage: 'JSONata'");
  });

  it('a state named like an imported helper gets an identifier of its own', async () => {
    const code = await workflowOf({
      StartAt: 'StringEquals',
      States: {
        StringEquals: {
          Type: 'Choice',
          Choices: [{ Variable: '$.a', StringEquals: 'x', Next: 'Execution' }],
          Default: 'Execution',
        },
        Execution: { Type: 'Pass', End: true },
      },
    } as unknown as StateMachine);
    expect(code).toContain("const stringEqualsState = await m.choice('StringEquals', input);");
    expect(code).toContain("if (stringEquals(stringEqualsState.input.a, 'x')) {");
  });

  it('names and Comments with line breaks or a star-slash stay inside their comments', async () => {
    const code = await workflowOf({
      Comment: 'Ends */ early?',
      StartAt: 'Two\nLines */',
      States: { 'Two\nLines */': { Type: 'Pass', Comment: 'a\nb */ c', End: true } },
    } as unknown as StateMachine);
    expect(code).toContain('/** Ends *\\/ early? Exported from ASL as a Temporal workflow. */');
    expect(code).toContain('// Two Lines *\\/: a b *\\/ c');
    expect(code).toContain("return m.pass('Two\\nLines */', {}, input);");
  });

  it('the activities of a machine without Tasks import nothing (nothing unused for ESLint)', async () => {
    const { activities } = await exportMachine(COUNTING_LOOP, { name: 'flow' });
    expect(activities).not.toContain('import');
    expect(activities).toContain('export const FLOW_RESOURCES = {} as const;');
  });

  it('the workflow imports only asl-temporal/workflow', async () => {
    for (const machine of [COUNTING_LOOP, NESTED_LOOPS, IRREDUCIBLE, JSONATA_JOIN]) {
      const imports = [...(await workflowOf(machine)).matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(new Set(imports)).toEqual(new Set(['asl-temporal/workflow']));
    }
  });
});

describe('export: Choice rules as boolean expressions', () => {
  const compile = (condition: object) => {
    const helpers = new Set<string>();
    return {
      code: conditionExpression(condition as ChoiceCondition, 'c', helpers),
      helpers: [...helpers].sort(),
    };
  };

  it('compiles comparisons, Path operands, type tests, IsPresent and the boolean combinators', () => {
    expect(compile({ Variable: '$.a', StringEquals: 'x' })).toEqual({
      code: 'stringEquals(c.input.a, "x")',
      helpers: ['stringEquals'],
    });
    expect(compile({ Variable: '$.a', TimestampLessThanPath: '$.b' }).code).toBe(
      'timestampLessThan(c.input.a, c.input.b)',
    );
    expect(compile({ Variable: '$.a', IsNull: false }).code).toBe('!isNull(c.input.a)');
    expect(compile({ Variable: '$.a', IsPresent: false })).toEqual({
      code: '!isPresent(c.input.a)',
      helpers: ['isPresent'],
    });
    expect(
      compile({
        Or: [{ Not: { Variable: '$.a', BooleanEquals: true } }, { Variable: '$.b', StringMatches: 'log-*' }],
      }),
    ).toEqual({
      code: '(!booleanEquals(c.input.a, true) || stringMatches(c.input.b, "log-*"))',
      helpers: ['booleanEquals', 'stringMatches'],
    });
  });

  it('writes simple paths as property access and keeps the checked accessor for every other spelling', () => {
    expect(compile({ Variable: '$.order.items[0].id', NumericEquals: 1 }).code).toBe(
      'numericEquals(c.input.order.items[0].id, 1)',
    );
    expect(compile({ Variable: '$', IsString: true }).code).toBe('isString(c.input)');
    for (const path of ["$['a b']", '$.a[*]', '$..a', '$$.Execution.Name', '$v.x', '$.a[-1]', '$.a-b']) {
      expect(compile({ Variable: path, IsNull: true }).code).toBe(`isNull(c.at(${JSON.stringify(path)}))`);
    }
    expect(compile({ Variable: '$..a', IsPresent: true }).code).toBe('c.has("$..a")');
  });
});
