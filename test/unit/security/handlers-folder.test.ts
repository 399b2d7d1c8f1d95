/**
 * Loading a handlers folder runs the folder's own top-level handler files and nothing else: no symlink out of it,
 * no subfolder, no dangling link; function names from a definition never become paths or prototype keys. What a
 * handler itself requires is the user's code and runs as any import does (the decision, in docs/reliability.md).
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApplicationFailure } from '@temporalio/common';
import { runFunction } from '../../../activities/aws/lambda';
import { type AwsClients } from '../../../activities/aws/clients';
import { HandlerLoadError, importHandlersFromDir, loadHandlersFromDir } from '../../../activities/local/load';
import { type LocalHandlerContext } from '../../../activities/local/handlers';
import { tempDir } from '../../support/temp-dir';

const context = {} as LocalHandlerContext;

/** A module that leaves a file behind when it runs, so a test can tell whether it was loaded. */
const leavesTrace = (sentinel: string, answer = 'ran') =>
  `require('node:fs').writeFileSync(${JSON.stringify(sentinel)}, 'ran');\n` +
  `exports.handler = async () => ${JSON.stringify(answer)};\n`;

function layout(): { base: string; dir: string; sentinel: (name: string) => string } {
  const base = tempDir('handler-folder');
  const dir = join(base, 'handlers');
  mkdirSync(dir);
  return { base, dir, sentinel: (name) => join(base, `${name}.ran`) };
}

const loaders = [
  ['loadHandlersFromDir', async (dir: string) => loadHandlersFromDir(dir)],
  ['importHandlersFromDir', importHandlersFromDir],
] as const;

describe.each(loaders)('%s', (_, load) => {
  it('refuses a symlink that points out of the folder, without running its target', async () => {
    const { base, dir, sentinel } = layout();
    writeFileSync(join(base, 'outside.js'), leavesTrace(sentinel('outside')));
    writeFileSync(join(dir, 'own.js'), 'exports.handler = async () => "own";\n');
    symlinkSync(join(base, 'outside.js'), join(dir, 'escape.js'));
    await expect(load(dir)).rejects.toThrow(HandlerLoadError);
    await expect(load(dir)).rejects.toThrow(
      /The local handler .*escape\.js is a symlink to .*outside\.js, outside the handlers folder: only the folder's own files are loaded\./,
    );
    expect(existsSync(sentinel('outside'))).toBe(false);
  });

  it('refuses a relative ../ symlink too', async () => {
    const { base, dir, sentinel } = layout();
    writeFileSync(join(base, 'up.js'), leavesTrace(sentinel('up')));
    symlinkSync('../up.js', join(dir, 'up.js'));
    await expect(load(dir)).rejects.toThrow(/is a symlink to .*up\.js, outside the handlers folder/);
    expect(existsSync(sentinel('up'))).toBe(false);
  });

  it('refuses a dangling symlink', async () => {
    const { dir } = layout();
    symlinkSync(join(dir, 'gone.js'), join(dir, 'dangling.js'));
    await expect(load(dir)).rejects.toThrow(/dangling\.js is a symlink to nothing/);
  });

  it('follows a symlink to a file inside the folder, under the link name', async () => {
    const { dir } = layout();
    writeFileSync(join(dir, 'real.js'), 'exports.handler = async () => "real";\n');
    symlinkSync('real.js', join(dir, 'alias.js'));
    const handlers = await load(dir);
    expect(Object.keys(handlers).sort()).toEqual(['alias', 'real']);
    expect(await handlers.alias({}, context)).toBe('real');
  });

  it('loads only top-level files: subfolders, even one named like a module, are not run', async () => {
    const { dir, sentinel } = layout();
    writeFileSync(join(dir, 'top.js'), 'exports.handler = async () => "top";\n');
    mkdirSync(join(dir, 'folder.js'));
    writeFileSync(join(dir, 'folder.js', 'index.js'), leavesTrace(sentinel('folder-index')));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'deep.js'), leavesTrace(sentinel('deep')));
    expect(Object.keys(await load(dir))).toEqual(['top']);
    expect(existsSync(sentinel('folder-index'))).toBe(false);
    expect(existsSync(sentinel('deep'))).toBe(false);
  });

  it('works through a symlinked folder (the check is on real paths)', async () => {
    const { base, dir } = layout();
    writeFileSync(join(dir, 'top.js'), 'exports.handler = async () => "top";\n');
    symlinkSync(dir, join(base, 'linked'));
    expect(Object.keys(await load(join(base, 'linked')))).toEqual(['top']);
  });

  it("runs what a handler itself requires from outside: the user's own code", async () => {
    const { base, dir, sentinel } = layout();
    writeFileSync(join(base, 'shared.js'), leavesTrace(sentinel('shared'), 'shared'));
    writeFileSync(join(dir, 'uses-shared.js'), "exports.handler = require('../shared.js').handler;\n");
    const handlers = await load(dir);
    expect(await handlers['uses-shared']({}, context)).toBe('shared');
    expect(existsSync(sentinel('shared'))).toBe(true);
  });
});

describe('function names from a definition', () => {
  it.each(['constructor', 'toString', '__proto__', '../handlers/own', 'hasOwnProperty'])(
    'never reach a prototype key or a path: %s is not found',
    async (name) => {
      const { dir } = layout();
      writeFileSync(join(dir, 'own.js'), 'exports.handler = async () => "own";\n');
      const runner = { handlers: loadHandlersFromDir(dir), clients: {} as AwsClients, realLambda: false };
      const failure = (await runFunction(runner, name, {}).catch((e: unknown) => e)) as ApplicationFailure;
      expect(failure.type).toBe('Lambda.ResourceNotFoundException');
      expect((await runFunction(runner, 'own', {})).payload).toBe('own');
    },
  );
});
