import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../../src/cli/export';

describe('asl-temporal export (the command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function exportCli(definition: string, options: Parameters<typeof runExport>[1] = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runExport(definition, options, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('reads YAML with --substitute, writes --out/<name>.workflow.ts and .activities.ts, and exits 0', async () => {
    const file = join(dir, 'order.asl.yaml');
    writeFileSync(
      file,
      [
        'StartAt: Charge',
        'States:',
        '  Charge:',
        '    Type: Task',
        '    Resource: ${ChargeFn}',
        '    End: true',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const r = await exportCli(file, {
      out,
      name: 'orderFlow',
      substitute: ['ChargeFn=arn:aws:lambda:us-east-1:123456789012:function:charge'],
    });
    expect(r).toEqual({ code: 0, stdout: expect.stringContaining('orderFlow.workflow.ts'), stderr: '' });
    expect(readdirSync(out).sort()).toEqual(['orderFlow.activities.ts', 'orderFlow.workflow.ts']);
    const workflow = readFileSync(join(out, 'orderFlow.workflow.ts'), 'utf8');
    expect(workflow).toContain('export async function orderFlow(input: Json, options?: ExecutionOptions)');
    expect(workflow).toContain("const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:';");
    expect(workflow).toContain('Resource: `${LAMBDA}charge`');
    // Named after the file, as `run` names the machine.
    expect(workflow).toContain("stateMachineName: 'order'");
    expect(readFileSync(join(out, 'orderFlow.activities.ts'), 'utf8')).toMatch(
      /\/\*\* Called by Charge\. \*\/\s+readonly charge: LambdaFunction;/,
    );
  });

  it('exits 1 with the located diagnostics and the validate hint for an invalid definition', async () => {
    const file = join(dir, 'bad.asl.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'Nowhere', States: { A: { Type: 'Pass', End: true } } }));
    const r = await exportCli(file, { out: join(dir, 'bad-out') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MISSING_TRANSITION_TARGET');
    expect(r.stderr).toContain('asl-temporal validate');
  });

  it('exits 2 for a file that cannot be read, and for a --name that is no identifier', async () => {
    const missing = await exportCli(join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the definition');
    const file = join(dir, 'ok.asl.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    const named = await exportCli(file, { out: join(dir, 'named'), name: 'not-an-identifier' });
    expect(named).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining("--name must be an identifier, not 'not-an-identifier'"),
    });
  });

  it('exits 2 with a hint when --out cannot be written', async () => {
    const file = join(dir, 'ok2.asl.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const r = await exportCli(file, { out: join(blocker, 'sub') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Hint: check that --out');
  });
});
