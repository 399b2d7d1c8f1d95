import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../../src/server/cache';
import { resolveDevServer } from '../../src/server/dev-server';
import { freePort } from '../../src/server/net';
import { silentProgress } from '../../src/server/progress';
import { type CliProcess, startCli } from './cli';
import { tempDir } from './temp-dir';

/**
 * Environment for a CLI process with a cache directory of its own (its workflow bundles and dev-server database
 * start empty), which still finds the Temporal CLI that global setup provisioned: with ASL_TEMPORAL_CACHE moved,
 * it would otherwise look for one in the empty cache and build it.
 */
export async function isolatedCacheEnv(
  prefix: string,
): Promise<NodeJS.ProcessEnv & { ASL_TEMPORAL_CACHE: string }> {
  const server = await resolveDevServer({ build: false, progress: silentProgress });
  return {
    ASL_TEMPORAL_CACHE: tempDir(prefix),
    ...(server.kind === 'existing-path' ? { TEMPORAL_CLI_PATH: server.path } : {}),
  };
}

/**
 * Starts `asl-temporal dev` with `args` in a cache of its own (its own SQLite file) that shares the run's built
 * workflow bundles through a symlink, and resolves once its worker polls: bundles are not rebuilt, and a symlinked
 * cache is proven to bundle exported workflows (webpack follows the link, and found no entrypoint until the entry's
 * real path was used).
 */
export async function startIsolatedDev(prefix: string, args: readonly string[]): Promise<CliProcess> {
  const env = await isolatedCacheEnv(prefix);
  mkdirSync(join(cacheDir(), 'workflow-bundles'), { recursive: true });
  symlinkSync(join(cacheDir(), 'workflow-bundles'), join(env.ASL_TEMPORAL_CACHE, 'workflow-bundles'));
  // startCli passes this process's environment on.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await startCli(['dev', '--ui-port', String(await freePort()), ...args], 'Worker polling', 120_000);
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}
