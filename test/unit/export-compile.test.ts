/**
 * Exported code compiles under the strict tsconfig and passes ESLint: the golden files of the 10 examples, and the
 * export of every 3rd definition of the shared corpus (ASL_EXPORT_CORPUS_EVERY=1 for all 714; the conformance run
 * of `--runtime exported` bundles with swc, which checks neither). One TypeScript program and one ESLint run for all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { type ExecutionCase, readJsonLines } from '../../src/conformance/cases';
import { exportMachine } from '../../src/export';
import * as structures from './export-machines';

const root = join(__dirname, '..', '..');
const golden = readdirSync(join(root, 'examples')).flatMap((example) => {
  const dir = join(root, 'examples', example, 'exported');
  return readdirSync(dir).map((name) => join(dir, name));
});
const every = Number(process.env.ASL_EXPORT_CORPUS_EVERY ?? 3);
const cases = readJsonLines<ExecutionCase>(
  join(root, 'test', 'conformance', 'corpus', 'executions.jsonl'),
).filter((_c, i) => i % every === 0);

describe('exported code compiles and lints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-compile-'));
  const corpus: string[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // The corpus, and the machines of the structuring tests (loops, the state loop, a Distributed Map as code).
    const machines = [
      ...cases.map((c, i) => ({ name: `case${i}`, definition: c.definition })),
      ...Object.entries(structures).map(([name, definition]) => ({ name: `structure_${name}`, definition })),
    ];
    for (const { name, definition } of machines) {
      const exported = await exportMachine(definition, { name });
      for (const [kind, text] of [
        ['workflow', exported.workflow],
        ['activities', exported.activities],
      ]) {
        const file = join(dir, `${name}.${kind}.ts`);
        writeFileSync(file, text);
        corpus.push(file);
      }
    }
  }, 120_000);

  it('the golden files are a workflow and its activities per example, and one MockConfig test', () => {
    expect(golden.filter((f) => f.endsWith('.workflow.ts'))).toHaveLength(10);
    expect(golden.filter((f) => f.endsWith('.activities.ts'))).toHaveLength(10);
    expect(golden.filter((f) => f.endsWith('.test.ts'))).toHaveLength(1);
    expect(cases.length).toBeGreaterThanOrEqual(Math.floor(714 / every));
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
    const files = [...golden, ...corpus];
    // The corpus files sit outside the repository, which the tsconfig's own rootDir would refuse.
    const program = ts.createProgram(files, { ...config.options, noEmit: true, rootDir: '/' });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
    // The program did type the generated code against the library, not against nothing.
    expect(
      program.getSourceFile(files.find((f) => f.endsWith('choiceLogic.workflow.ts')) ?? ''),
    ).toBeDefined();
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith('workflows/lib/machine.ts'))).toBe(true);
  }, 120_000);

  it('pass ESLint with the repository configuration', () => {
    const files = [...golden, ...corpus];
    // ESLint's own CLI: its config loader's dynamic import fails inside jest's module sandbox.
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
        // From /: the corpus files sit outside the repository, which would be ESLint's base path.
        { cwd: '/', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
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
  }, 120_000);
});
