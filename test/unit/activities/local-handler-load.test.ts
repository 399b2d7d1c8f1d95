import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HandlerLoadError, importHandlersFromDir, loadHandlersFromDir } from '../../../activities/local/load';
import { type LocalHandlerContext } from '../../../activities/local/handlers';
import { runCli } from '../../support/cli';
import { tempDir } from '../../support/temp-dir';

/** A folder holding the given files. */
function handlersDir(files: Record<string, string>): string {
  const dir = join(tempDir('handlers'), 'handlers');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Each handler appends its name to the event's trail, so a machine's output shows which ones ran. */
const appending = (name: string, kind: 'esm' | 'cjs' | 'ts') =>
  kind === 'cjs'
    ? `exports.handler = (e) => ({ trail: [...(e.trail ?? []), '${name}'] });\n`
    : kind === 'esm'
      ? `export async function handler(e) { return { trail: [...(e.trail ?? []), '${name}'] }; }\n`
      : `enum Name { Value = '${name}' }\n` +
        `export function handler(e: { trail?: string[] }): { trail: string[] } {\n` +
        `  return { trail: [...(e.trail ?? []), Name.Value] };\n}\n`;

const context = {} as LocalHandlerContext;

describe('loading local handlers from a folder', () => {
  it('loads .ts, .js and .cjs modules as handlers named after their files, skipping .d.ts and tests', async () => {
    const dir = handlersDir({
      'price-order.ts': appending('price-order', 'ts'),
      'reserve.js': appending('reserve', 'cjs'),
      'notify.cjs': appending('notify', 'cjs'),
      'types.d.ts': 'export interface Order { id: string }\n',
      'price-order.test.ts': 'throw new Error("tests are not handlers");\n',
      'README.md': '# not a handler\n',
    });
    for (const handlers of [loadHandlersFromDir(dir), await importHandlersFromDir(dir)]) {
      expect(Object.keys(handlers).sort()).toEqual(['notify', 'price-order', 'reserve']);
      expect(await handlers['price-order']({ trail: ['start'] }, context)).toEqual({
        trail: ['start', 'price-order'],
      });
      expect(await handlers.reserve({}, context)).toEqual({ trail: ['reserve'] });
    }
  });

  it('names the file and says what to do when a module exports no handler', () => {
    const dir = handlersDir({ 'helper.ts': 'export const rate = 0.2;\n' });
    expect(() => loadHandlersFromDir(dir)).toThrow(HandlerLoadError);
    expect(() => loadHandlersFromDir(dir)).toThrow(
      /^The local handler \S+helper\.ts does not export a function named "handler": export one/,
    );
  });

  it('reports a module that throws while loading in one line, with where it threw', () => {
    const dir = handlersDir({ 'boom.cjs': 'const a = 1;\nthrow new Error("no config\\nat all");\n' });
    let message = '';
    try {
      loadHandlersFromDir(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${join(dir, 'boom.cjs')}:2:7 failed to load (Error: no config). Fix it,`);
    expect(message).not.toContain('\n');
  });

  it('says to install what a handler imports when the import is missing', () => {
    const dir = handlersDir({ 'lookup.cjs': 'require("asl-temporal-no-such-package");\n' });
    expect(() => loadHandlersFromDir(dir)).toThrow(
      /failed to load \(Error: Cannot find module 'asl-temporal-no-such-package'.*\)\. Install the package it imports/,
    );
  });
});

describe('the CLI loading handlers', () => {
  const machine = () => {
    const dir = tempDir('machine');
    const file = join(dir, 'trail.asl.json');
    const task = (fn: string, next?: string) => ({
      Type: 'Task',
      Resource: `arn:aws:lambda:us-east-1:123456789012:function:${fn}`,
      ...(next ? { Next: next } : { End: true }),
    });
    writeFileSync(
      file,
      JSON.stringify({
        StartAt: 'A',
        States: { A: task('a', 'B'), B: task('b', 'C'), C: task('c', 'D'), D: task('d') },
      }),
    );
    return file;
  };

  it('runs .ts, .mjs (imported as ES modules), .cjs and .js handlers', async () => {
    const dir = handlersDir({
      'a.ts': appending('a', 'ts'),
      'b.mjs': appending('b', 'esm'),
      'c.cjs': appending('c', 'cjs'),
      'd.js': appending('d', 'cjs'),
    });
    const r = await runCli(['run', machine(), '--handlers', dir, '--local', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: { trail: ['a', 'b', 'c', 'd'] } });
    expect(r.code).toBe(0);
  }, 60_000);

  it('stops with one line naming the file, line and column of a TypeScript syntax error, and exit 2', async () => {
    const dir = handlersDir({
      'a.ts': 'interface X { a: number }\nexport function handler(e: X) {\n  return e.a +;\n}\n',
    });
    const r = await runCli(['run', machine(), '--handlers', dir, '--local', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^asl-temporal: The local handler ${join(dir, 'a.ts')}:3:15 failed to load \\(TypeScript error: .+\\)\\. Fix it, [^\\n]+\\n$`,
      ),
    );
  }, 60_000);
});
