import { type CaseResult, formatFailureCategories, type SuiteReport } from '../../../src/conformance/suite';

function result(id: string, fields: Partial<CaseResult>): CaseResult {
  return {
    id,
    category: 'base',
    passed: false,
    actual: { status: 'FAILED' },
    trace: { kind: 'none' },
    ...fields,
  };
}

function report(results: CaseResult[]): SuiteReport {
  const tally = {
    total: results.length,
    passed: 0,
    causes: { agree: 0, of: 0 },
    traces: { agree: 0, of: 0 },
  };
  return { runtime: 'exported', summary: { ...tally, byCategory: {} }, results };
}

describe('formatFailureCategories', () => {
  it('counts disagreements by the step that failed or the part of the result that differs, largest first', () => {
    const engine = (cause: string) => ({ status: 'ENGINE_ERROR', error: 'EngineError', cause });
    const text = formatFailureCategories(
      report([
        result('a', { actual: engine('export: unsupported state') }),
        result('b', { actual: engine('bundle: Module build failed') }),
        result('c', { actual: engine('compile: Expression expected (line 2:3)') }),
        result('d', { actual: engine('TypeError: x is undefined') }),
        result('e', { diff: 'output {"a":1} but AWS gave {"a":2}' }),
        result('f', { diff: 'output {"a":3} but AWS gave {"a":2}' }),
        result('g', { diff: 'cause "x" but AWS said "y"' }),
        result('h', { diff: 'status SUCCEEDED ({}) but AWS said FAILED' }),
        result('i', { diff: 'error States.Runtime but AWS said States.TaskFailed' }),
        result('j', { passed: true, trace: { kind: 'disagree', why: "state 'A': an extra event #2" } }),
        result('k', { passed: true, trace: { kind: 'agree' } }),
      ]),
    );
    const lines = text.split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(lines[0]).toEqual(['output differs', '2', 'e.g. e, f']);
    expect(
      lines
        .slice(1)
        .map(([category, n]) => `${category}: ${n}`)
        .sort(),
    ).toEqual([
      'bundle failed: 1',
      'cause differs: 1',
      'compile failed: 1',
      'engine error: 1',
      'error differs: 1',
      'export failed: 1',
      'status differs: 1',
      'trace differs (result agrees): 1',
    ]);
  });

  it('says so when every case agrees', () => {
    expect(formatFailureCategories(report([result('k', { passed: true })]))).toBe('no disagreements');
  });
});
