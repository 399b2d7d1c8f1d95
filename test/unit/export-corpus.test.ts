/**
 * Every definition of the shared corpus exports to code that compiles under the strict tsconfig and passes ESLint
 * (the conformance run of `--runtime exported` bundles with swc, which checks neither). Sampled: every Nth case
 * (ASL_EXPORT_CORPUS_EVERY, default 3; 1 for all 714).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { type ExecutionCase, readJsonLines } from '../../src/conformance/cases';
import { exportMachine } from '../../src/export';

const root = join(__dirname, '..', '..');
const every = Number(process.env.ASL_EXPORT_CORPUS_EVERY ?? 3);
const cases = readJsonLines<ExecutionCase>(
  join(root, 'test', 'conformance', 'corpus', 'executions.jsonl'),
).filter((_c, i) => i % every === 0);

describe('the corpus exported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-corpus-'));
  const files: string[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    for (const [i, c] of cases.entries()) {
      const name = `case${i}`;
      const exported = await exportMachine(c.definition, { name });
      for (const [kind, text] of [
        ['workflow', exported.workflow],
        ['activities', exported.activities],
      ]) {
        const file = join(dir, `${name}.${kind}.ts`);
        writeFileSync(file, text);
        files.push(file);
      }
    }
  }, 120_000);

  it('covers a third of the corpus or more', () => {
    expect(cases.length).toBeGreaterThanOrEqual(Math.floor(714 / every));
    expect(files).toHaveLength(2 * cases.length);
  });

  it('compiles under the repository tsconfig (strict)', () => {
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
    // Outside the repository: the tsconfig's own rootDir would refuse the files, and its paths are relative to it.
    const program = ts.createProgram(files, { ...config.options, noEmit: true, rootDir: '/' });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
    // The imports did resolve to the library (an unresolved module would be a diagnostic too, but say it plainly).
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith('workflows/lib/machine.ts'))).toBe(true);
  }, 120_000);

  it('passes ESLint with the repository configuration', () => {
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        [
          join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
          '-c',
          join(root, 'eslint.config.mjs'),
          '--format',
          'json',
          ...files,
        ],
        { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (err) {
      output = String((err as { stdout?: string }).stdout);
    }
    const results = JSON.parse(output) as {
      filePath: string;
      messages: { line: number; message: string }[];
    }[];
    expect(results).toHaveLength(files.length);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`))).toEqual([]);
  }, 120_000);
});
