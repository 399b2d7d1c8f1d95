import { applyInputPath, applyOutputPath, applyResultPath } from '../../../src/dataflow/paths';
import { testEnv } from './support/env';

const env = testEnv({ variables: { answer: 42, obj: { list: [1, 2, 3] } } });
const input = { a: { b: [10, 20, { c: 'x' }] }, s: 'str', n: null, items: [{ k: 1 }, { k: 2 }] };

function failure(run: () => unknown): { error: string; cause: string } {
  try {
    run();
  } catch (e) {
    const err = e as { error: string; causeText: string };
    return { error: err.error, cause: err.causeText };
  }
  throw new Error('expected a failure');
}

describe('InputPath and OutputPath', () => {
  it('keeps the input when absent and gives {} when null', () => {
    expect(applyInputPath(undefined, input, env)).toBe(input);
    expect(applyInputPath(null, input, env)).toEqual({});
    expect(applyOutputPath(null, input, env)).toEqual({});
  });

  it('selects with definite paths, the context object and variables', () => {
    expect(applyInputPath('$.a.b[2].c', input, env)).toBe('x');
    expect(applyInputPath("$['a']['b'][-1]", input, env)).toEqual({ c: 'x' });
    expect(applyInputPath('$$.Execution.Name', input, env)).toBe('exec');
    expect(applyInputPath('$answer', input, env)).toBe(42);
    expect(applyInputPath('$obj.list[1]', input, env)).toBe(2);
  });

  it('gives the list of matches for indefinite paths, empty when nothing matches', () => {
    expect(applyInputPath('$.items[*].k', input, env)).toEqual([1, 2]);
    expect(applyInputPath('$.items[?(@.k > 1)]', input, env)).toEqual([{ k: 2 }]);
    expect(applyInputPath('$..k', input, env)).toEqual([1, 2]);
    expect(applyInputPath('$.a.b[0:2]', input, env)).toEqual([10, 20]);
    expect(applyInputPath('$.missing[*]', input, env)).toEqual([]);
  });

  it("fails with AWS's States.Runtime messages when a definite path finds nothing", () => {
    expect(failure(() => applyInputPath('$.NoSuch', input, env))).toEqual({
      error: 'States.Runtime',
      cause: "Invalid path '$.NoSuch' : No results for path: $['NoSuch']",
    });
    expect(failure(() => applyOutputPath('$.no.such.path', {}, env)).cause).toBe(
      "Invalid path '$.no.such.path' : Missing property in path $['no']",
    );
    expect(failure(() => applyInputPath('$.a.b[7]', input, env)).cause).toBe(
      "Invalid path '$.a.b[7]' : No results for path: $['a']['b'][7]",
    );
  });
});

describe('ResultPath', () => {
  it('replaces the input when absent or $, and keeps it when null', () => {
    expect(applyResultPath(undefined, input, 'r')).toBe('r');
    expect(applyResultPath('$', input, 'r')).toBe('r');
    expect(applyResultPath(null, input, 'r')).toBe(input);
  });

  it('writes into a copy of the input, creating missing objects', () => {
    const original = { x: 1 };
    expect(applyResultPath('$.enigma.mystery', original, { riddle: '?' })).toEqual({
      x: 1,
      enigma: { mystery: { riddle: '?' } },
    });
    expect(original).toEqual({ x: 1 });
    expect(applyResultPath('$.a.b[1]', input, 'new')).toMatchObject({ a: { b: [10, 'new', { c: 'x' }] } });
  });

  it('fails with States.ResultPathMatchFailure through a non-object', () => {
    expect(failure(() => applyResultPath('$.s.t', input, 1)).error).toBe('States.ResultPathMatchFailure');
    expect(failure(() => applyResultPath('$.x', 'text', 1)).error).toBe('States.ResultPathMatchFailure');
  });
});
