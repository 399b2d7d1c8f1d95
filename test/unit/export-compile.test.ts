import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..');
const files = readdirSync(join(root, 'examples')).flatMap((example) => {
  const dir = join(root, 'examples', example, 'exported');
  return readdirSync(dir).map((name) => join(dir, name));
});

describe('the exported golden files compile and lint', () => {
  it('are 21 files: a workflow and its activities per example, and one MockConfig test', () => {
    expect(files.filter((f) => f.endsWith('.workflow.ts'))).toHaveLength(10);
    expect(files.filter((f) => f.endsWith('.activities.ts'))).toHaveLength(10);
    expect(files.filter((f) => f.endsWith('.test.ts'))).toHaveLength(1);
  });

  it('compile under the repository tsconfig (strict), resolving asl-temporal/workflow to workflows/lib', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('tsconfig.json did not parse');
    expect(config.options.strict).toBe(true);
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
    // The program did type the generated code against the library, not against nothing.
    const workflow = program.getSourceFile(files.find((f) => f.endsWith('choiceLogic.workflow.ts')) ?? '');
    expect(workflow).toBeDefined();
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith('workflows/lib/machine.ts'))).toBe(true);
  });

  it('pass ESLint with the repository configuration', () => {
    // ESLint's own CLI: its config loader's dynamic import fails inside jest's module sandbox.
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...files],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
    } catch (err) {
      output = String((err as { stdout?: string }).stdout);
    }
    const results = JSON.parse(output) as {
      filePath: string;
      messages: { line: number; ruleId: string; message: string }[];
    }[];
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    expect(results).toHaveLength(files.length);
    expect(problems).toEqual([]);
  });
});
