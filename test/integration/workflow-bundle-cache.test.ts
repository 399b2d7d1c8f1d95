/**
 * `run` on the embedded dev server bundles the workflows once and reuses the bundle from the cache directory
 * while none of the files that went into it changed.
 */
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowBundle } from '../../src/workflow-bundle';
import { runCli } from '../support/cli';
import { isolatedCacheEnv } from '../support/isolated-cache';

const example = join(__dirname, '..', '..', 'examples', 'sequential-processing');
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8'));

/** The bundle and manifest files of the cache. */
function entries(directory: string): string[] {
  return readdirSync(directory).sort();
}

describe('the workflow bundle cache', () => {
  let directory = '';

  it('bundles on the first run only; the second run reuses the file and gives the same output', async () => {
    const env = await isolatedCacheEnv('bundle-cache');
    directory = join(env.ASL_TEMPORAL_CACHE, 'workflow-bundles');
    const args = [
      'run',
      join(example, 'definition.asl.json'),
      '--input-file',
      join(example, 'input.json'),
      '--json',
    ];

    const first = await runCli(args, { env, timeoutMs: 120_000 });
    expect({ code: first.code, stderr: first.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(first.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
    expect(first.stderr).toContain('Bundling the workflows');
    const files = entries(directory);
    expect(files).toEqual([
      expect.stringMatching(/^[0-9a-f]{16}-[0-9a-f]{16}\.js$/),
      expect.stringMatching(/^[0-9a-f]{16}\.json$/),
    ]);
    const bundleFile = join(directory, files[0]);
    const written = statSync(bundleFile).mtimeMs;

    const second = await runCli(args, { env, timeoutMs: 120_000 });
    expect({ code: second.code, stderr: second.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(second.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
    expect(second.stderr).not.toContain('Bundling the workflows');
    expect(entries(directory)).toEqual(files);
    expect(statSync(bundleFile).mtimeMs).toBe(written);

    // In this process too (same workflows, same settings): the entry is reused, then invalidated by a changed input.
    const reused = await workflowBundle({ directory });
    expect(reused).toMatchObject({ reused: true, file: bundleFile });
    // Compared as a boolean: a failing match would print megabytes of bundle.
    expect(reused.code === readFileSync(bundleFile, 'utf8')).toBe(true);
    const manifestFile = join(directory, files[1]);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { inputs: Record<string, string> };
    const workflowSource = Object.keys(manifest.inputs).find((path) =>
      path.endsWith(join('workflows', 'state-machine.ts')),
    );
    expect(workflowSource).toBeDefined();
    // As if workflows/state-machine.ts had been edited since the bundle was made.
    manifest.inputs[workflowSource!] = '0'.repeat(64);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const rebuilt = await workflowBundle({ directory });
    expect(rebuilt.reused).toBe(false);
    expect(entries(directory)).toEqual(files);
    expect(statSync(bundleFile).mtimeMs).toBeGreaterThan(written);
    expect((await workflowBundle({ directory })).reused).toBe(true);
  }, 240_000);

  it('keeps a tracing bundle (with the OpenTelemetry interceptors) apart from the plain one', async () => {
    // An entry no worker used for 15 days (a clone since deleted) goes when the next entry is written.
    const stale = ['0123456789abcdef.json', '0123456789abcdef-fedcba9876543210.js'];
    const fifteenDaysAgo = new Date(Date.now() - 15 * 24 * 3600 * 1000);
    for (const file of stale) writeFileSync(join(directory, file), file.endsWith('.json') ? '{}' : '');
    utimesSync(join(directory, stale[0]), fifteenDaysAgo, fifteenDaysAgo);
    const interceptor = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');
    const traced = await workflowBundle({ directory, interceptorModules: [interceptor] });
    const plain = await workflowBundle({ directory });
    expect([traced.reused, plain.reused]).toEqual([false, true]);
    expect(traced.file).not.toBe(plain.file);
    expect(entries(directory)).toHaveLength(4);
    expect(entries(directory)).not.toEqual(expect.arrayContaining([stale[0]]));
    expect(entries(directory)).not.toEqual(expect.arrayContaining([stale[1]]));
    // The bundler's entry lists the interceptor modules it loads: none in the plain bundle.
    const noInterceptors = /importInterceptors\(\) \{\s*return \[\s*\];/;
    expect(noInterceptors.test(plain.code)).toBe(true);
    expect(noInterceptors.test(traced.code)).toBe(false);
    expect((await workflowBundle({ directory, interceptorModules: [interceptor] })).file).toBe(traced.file);
  }, 120_000);
});
