import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache';
import { type ProgressSink, stderrProgress } from './progress';
import { type ResolvedServer, type ResolveOptions } from './resolved';
import { runWithProgress, which } from './toolchain';

/** The Temporal CLI release built from the Go module proxy (newer tags carry a go.mod `replace`). */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/** Where the cached Temporal CLI binary lives. */
export function devServerCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/**
 * Finds the Temporal CLI (the dev server): TEMPORAL_CLI_PATH, then the cache, then a Go build from the module
 * proxy, and last the SDK's own download.
 */
export async function resolveDevServer(
  options: ResolveOptions & { readonly progress?: ProgressSink } = {},
): Promise<ResolvedServer> {
  const env = options.env ?? process.env;
  const progress = options.progress ?? stderrProgress;
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) {
      throw new Error(
        `TEMPORAL_CLI_PATH points to ${env.TEMPORAL_CLI_PATH}, which does not exist. ` +
          'Set it to a Temporal CLI binary, or unset it to use the cache.',
      );
    }
    return { kind: 'existing-path', path: env.TEMPORAL_CLI_PATH, source: 'env' };
  }
  const cached = devServerCachePath(env);
  if (existsSync(cached)) return { kind: 'existing-path', path: cached, source: 'cache' };
  if (options.build === false)
    return { kind: 'sdk-download', reason: 'not cached and building was not asked for' };
  const go = which('go', env);
  if (!go) {
    return {
      kind: 'sdk-download',
      reason:
        'Go is not installed, so the Temporal CLI cannot be built here; the SDK will download it (needs internet). ' +
        'Offline, install Go >= 1.22 and run `npm run setup:servers`, or set TEMPORAL_CLI_PATH to a temporal binary.',
    };
  }
  const staging = join(cacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await runWithProgress(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
    title: `Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with Go (a few minutes the first time)`,
    env: { ...env, GOBIN: staging, GOFLAGS: `${env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
    progress,
  });
  mkdirSync(join(cacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`), { recursive: true });
  renameSync(join(staging, 'temporal'), cached);
  rmSync(staging, { recursive: true, force: true });
  return { kind: 'existing-path', path: cached, source: 'built' };
}
