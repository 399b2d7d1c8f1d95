/**
 * The package as a user gets it: `npm pack` of this clone, installed from the tarball into an empty folder, runs
 * examples with TypeScript handlers through its own `asl-temporal` binary, in-process and on the embedded dev
 * server, and an exported TypeScript workflow (`run --workflow`) that imports `asl-temporal/workflow`. Nothing from the clone's node_modules or sources is in reach of the installed copy.
 */
import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testServerCachePath } from '../../src/server/test-server';
import { isolatedCacheEnv } from '../support/isolated-cache';
import { tempDir } from '../support/temp-dir';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** An example's definition, input and expected output. */
function example(name: string) {
  const dir = join(ROOT, 'examples', name);
  return {
    definition: join(dir, 'definition.asl.json'),
    input: join(dir, 'input.json'),
    expected: JSON.parse(readFileSync(join(dir, 'expected-output.json'), 'utf8')) as unknown,
  };
}

/** Runs the installed binary itself (its shebang, not `node <file>`), with what it printed and its exit code. */
function runInstalled(
  bin: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the packed and installed asl-temporal', () => {
  let bin = '';
  let app = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    // The install writes some 350 MB (the Temporal core bridge ships every platform's binary): in RAM, half the time.
    const dir = tempDir('pack', { inMemory: true });
    // `npm pack` runs prepare (the build; a second when dist is up to date), as publishing would.
    await run('npm', ['pack', '--pack-destination', dir, '--loglevel', 'error'], { cwd: ROOT });
    const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no tarball in ${dir}`);
    app = join(dir, 'app');
    mkdirSync(app);
    // A package.json of its own, so that npm installs here and not in a project above the temp dir.
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'asl-temporal-user', private: true }));
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', join(dir, tarball)],
      { cwd: app },
    );
    bin = join(app, 'node_modules', '.bin', 'asl-temporal');
    env = await isolatedCacheEnv('pack-cache');
  }, 300_000);

  it('installs an executable asl-temporal binary with a node shebang', () => {
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(readFileSync(realpathSync(bin), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs an example with TypeScript handlers --local', async () => {
    const { definition, input, expected } = example('choice-logic');
    const r = await runInstalled(bin, ['run', definition, '--input-file', input, '--local', '--json'], env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
  }, 60_000);

  it('runs an example with TypeScript handlers on the embedded dev server', async () => {
    const { definition, input, expected } = example('sequential-processing');
    const r = await runInstalled(bin, ['run', definition, '--input-file', input, '--json'], env);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
  }, 120_000);

  it('runs an exported TypeScript workflow with run --workflow, from a folder of its own', async () => {
    const { input, expected } = example('sequential-processing');
    const sources = join(ROOT, 'examples', 'sequential-processing');
    // Outside the app: asl-temporal/workflow and @temporalio/workflow resolve to the installed CLI's own copies.
    const file = join(tempDir('pack-exported'), 'sequentialProcessing.workflow.ts');
    copyFileSync(join(sources, 'exported', 'sequentialProcessing.workflow.ts'), file);
    const r = await runInstalled(
      bin,
      ['run', '--workflow', file, '--input-file', input, '--handlers', join(sources, 'handlers'), '--json'],
      env,
    );
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
  }, 120_000);

  it("passes the generated jest test of an exported example whose handler is TypeScript (jest's own loader)", async () => {
    // The versions this clone tests with, from the registry (or npm's cache): about 10 s with a warm cache.
    const { devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const tools = ['jest', 'ts-jest', 'typescript', '@types/jest'].map((n) => `${n}@${devDependencies[n]}`);
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', ...tools],
      {
        cwd: app,
      },
    );
    // The example as a user's project holds it: definition, mock-config.json, handlers/process-response.ts, and
    // exported/ with the generated test, which imports asl-temporal/dist/... (the installed copy).
    cpSync(join(ROOT, 'examples', 'api-gateway-integration'), join(app, 'orders'), { recursive: true });
    writeFileSync(
      join(app, 'jest.config.js'),
      "module.exports = { preset: 'ts-jest', testEnvironment: 'node', cacheDirectory: '<rootDir>/.jest-cache' };\n",
    );
    const r = await runInstalled(
      join(app, 'node_modules', '.bin', 'jest'),
      ['--ci', 'orders/exported'],
      { ...env, TEMPORAL_TEST_SERVER_PATH: testServerCachePath() },
      app,
    );
    // Before the fix the three cases failed with HandlerLoadError (ENOENT .../process-response.ts?namespace=...).
    expect(r.stderr).not.toContain('HandlerLoadError');
    expect({ code: r.code, tests: /^Tests: .*$/m.exec(r.stderr)?.[0] }).toEqual({
      code: 0,
      tests: 'Tests:       3 passed, 3 total',
    });
  }, 240_000);

  it('stops with one located line for a TypeScript handler that does not compile', async () => {
    const { definition } = example('sequential-processing');
    const handlers = join(tempDir('pack-handlers'), 'handlers');
    mkdirSync(handlers);
    writeFileSync(
      join(handlers, 'process-order.ts'),
      'export function handler(event: {}) {\n  return event +;\n}\n',
    );
    const r = await runInstalled(bin, ['run', definition, '--handlers', handlers, '--local'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^asl-temporal: The local handler ${join(handlers, 'process-order.ts')}:2:\\d+ failed to load ` +
          '\\(TypeScript error: [^\\n]+\\)\\. Fix it, [^\\n]+\\n$',
      ),
    );
  }, 60_000);
});
