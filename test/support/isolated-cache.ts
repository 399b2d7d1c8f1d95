import { resolveDevServer } from '../../src/server/dev-server';
import { silentProgress } from '../../src/server/progress';
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
