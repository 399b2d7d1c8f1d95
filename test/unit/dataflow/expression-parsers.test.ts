import { parseIntrinsic } from '../../../src/asl/expressions/intrinsic-parser';
import { parseJsonPath, parseReferencePath } from '../../../src/asl/expressions/path-syntax';

describe('path syntax', () => {
  it('parses roots, segments and definiteness', () => {
    const parsed = parseJsonPath("$.a['b c'][0]");
    expect(parsed).toMatchObject({ ok: true, path: { root: { kind: 'input' }, definite: true } });
    expect(parseJsonPath('$$.Execution.Id')).toMatchObject({ ok: true, path: { root: { kind: 'context' } } });
    expect(parseJsonPath('$my_var.x')).toMatchObject({
      ok: true,
      path: { root: { kind: 'variable', name: 'my_var' } },
    });
    expect(parseJsonPath('$.items[?(@.status == 0 && @.n)]')).toMatchObject({
      ok: true,
      path: { definite: false },
    });
    expect(parseJsonPath('$[\'Test\\""Name"\']')).toMatchObject({
      ok: true,
      path: { segments: [{ kind: 'property', name: 'Test\\""Name"' }] },
    });
  });

  it('reports syntax errors with a position', () => {
    expect(parseJsonPath('$.a[')).toMatchObject({ ok: false, error: { position: 4 } });
    expect(parseJsonPath('a.b')).toMatchObject({ ok: false });
    expect(parseJsonPath('$.a b')).toMatchObject({ ok: false });
  });

  it('reference paths select a single node', () => {
    expect(parseReferencePath('$.a[0].b').ok).toBe(true);
    expect(parseReferencePath('$.a[*]').ok).toBe(false);
  });
});

describe('intrinsic parser', () => {
  it('parses nested calls, literals with escapes and path arguments', () => {
    const parsed = parseIntrinsic(
      "States.Format('a \\{\\} \\' {}', States.MathAdd($.x, -1), $$.Execution.Name, $v, true, null, 1.5)",
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.call.name).toBe('States.Format');
    expect(parsed.call.args.map((a) => a.kind)).toEqual([
      'string',
      'call',
      'path',
      'path',
      'boolean',
      'null',
      'number',
    ]);
    expect(parsed.call.args[0]).toMatchObject({ value: "a {} ' {}", raw: "a \\{\\} \\' {}" });
  });

  it('keeps commas and parentheses inside path brackets', () => {
    const parsed = parseIntrinsic("States.Array($.a['x,y'], $.b[?(@.c == 1)])");
    expect(parsed).toMatchObject({ ok: true, call: { args: [{ kind: 'path' }, { kind: 'path' }] } });
  });

  it('reports syntax errors with a position', () => {
    expect(parseIntrinsic("States.Format('x'")).toMatchObject({ ok: false });
    expect(parseIntrinsic("States.Format('\\q')")).toMatchObject({ ok: false, error: { position: 15 } });
    expect(parseIntrinsic('States.Array(1) extra')).toMatchObject({ ok: false });
  });
});
