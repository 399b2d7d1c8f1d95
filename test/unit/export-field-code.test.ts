/**
 * The field code of exported states reads back as the definition: for every state of every corpus definition (and
 * its branches and processors), the fields written as code (`$` references for simple paths) and turned back by
 * the runtime's `aslFields` give the definition's fields exactly, key order included.
 */
import { join } from 'node:path';
import { type Json, type State, type SubMachine } from '../../src/asl/types';
import { type ExecutionCase, readJsonLines } from '../../src/conformance/cases';
import { fieldCode } from '../../src/export/field-code';
import { $, $$, aslFields, type StateFields } from '../../workflows/lib/template';

const cases = readJsonLines<ExecutionCase>(
  join(__dirname, '..', 'conformance', 'corpus', 'executions.jsonl'),
);

/** Every state of a machine and of the machines nested in it, with the query language it runs in. */
function statesOf(machine: SubMachine, inherited?: string): { state: State; language?: string }[] {
  const language = (machine as { QueryLanguage?: string }).QueryLanguage ?? inherited;
  return Object.values(machine.States as Record<string, State>).flatMap((state) => {
    const view = state as { Branches?: SubMachine[]; ItemProcessor?: SubMachine; Iterator?: SubMachine };
    const nested = [...(view.Branches ?? []), ...[view.ItemProcessor ?? view.Iterator].filter(Boolean)];
    return [{ state, language }, ...nested.flatMap((m) => statesOf(m as SubMachine, language))];
  });
}

/** The fields the generator writes as code: all but those the code says itself. */
function writtenFields(state: State): Record<string, Json> {
  const omit = new Set([
    'Type',
    'Next',
    'End',
    'Comment',
    'Branches',
    'ItemProcessor',
    'Iterator',
    'Choices',
  ]);
  return Object.fromEntries(
    Object.entries(state as unknown as Record<string, Json>).filter(([k]) => !omit.has(k)),
  );
}

describe('export: state fields as code', () => {
  it('round-trips every JSONPath state of the corpus through code and aslFields', () => {
    let references = 0;
    let checked = 0;
    for (const c of cases) {
      for (const { state, language } of statesOf(c.definition)) {
        if (((state as { QueryLanguage?: string }).QueryLanguage ?? language) === 'JSONata') continue;
        const fields = writtenFields(state);
        const roots = new Set<string>();
        const code = `({ ${Object.entries(fields)
          .map(([k, v]) => `${JSON.stringify(k)}: ${fieldCode(k, v, roots)}`)
          .join(', ')} })`;
        references += roots.size;
        const written = new Function('$', '$$', `return ${code};`)($, $$) as StateFields;
        expect({ name: c.id, fields: aslFields(written) }).toEqual({ name: c.id, fields });
        expect(Object.keys(aslFields(written))).toEqual(Object.keys(fields));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(references).toBeGreaterThan(100);
  });

  it('writes simple paths as references and keeps every other spelling as text', () => {
    const roots = new Set<string>();
    expect(
      fieldCode(
        'Parameters',
        {
          'id.$': '$.order.items[0].id',
          'name.$': '$$.Execution.Name',
          'fmt.$': "States.Format('{}', $.a)",
          'v.$': '$myVar.x',
          'w.$': "$['a b']",
          literal: '$.not.a.path',
          nested: [{ 'x.$': '$' }],
        },
        roots,
      ),
    ).toBe(
      '{ "id": $.order.items[0].id, "name": $$.Execution.Name, "fmt.$": "States.Format(\'{}\', $.a)", ' +
        '"v.$": "$myVar.x", "w.$": "$[\'a b\']", "literal": "$.not.a.path", "nested": [{ "x": $ }] }',
    );
    expect([...roots].sort()).toEqual(['$', '$$']);
    expect(fieldCode('ResultPath', '$.error', roots)).toBe('$.error');
    expect(fieldCode('ResultPath', null, roots)).toBe('null');
    expect(fieldCode('ErrorPath', "States.Format('{}', $.e)", roots)).toBe('"States.Format(\'{}\', $.e)"');
  });
});
