import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from './cache';
import { type ProgressSink } from './progress';
import { runWithProgress } from './toolchain';

/**
 * The Temporal CLI release built with Go when its PyPI wheel cannot be had: the newest tag `go install` accepts
 * (later ones carry a go.mod `replace`, which it refuses). It has its own cache entry, apart from the wheel's.
 */
export const GO_CLI_VERSION = '1.5.1';

/** Where the Temporal CLI built with Go lives in the cache. */
export function goCliCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), `temporal-cli-${GO_CLI_VERSION}`, 'temporal');
}

/** Builds the Temporal CLI from the Go module proxy into the cache and returns its path (minutes, cold). */
export async function buildCliWithGo(
  go: string,
  env: NodeJS.ProcessEnv,
  progress: ProgressSink,
): Promise<string> {
  const staging = join(cacheDir(env), `temporal-cli-${GO_CLI_VERSION}.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    // -v names each package as it is compiled, so the progress lines move during the long compile after the
    // downloads, instead of showing the last `go: downloading` line for minutes.
    await runWithProgress(
      go,
      ['install', '-v', `github.com/temporalio/cli/cmd/temporal@v${GO_CLI_VERSION}`],
      {
        title: `Building the Temporal CLI v${GO_CLI_VERSION} with Go (a few minutes the first time)`,
        env: { ...env, GOBIN: staging, GOFLAGS: `${env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
        progress,
      },
    );
    const target = goCliCachePath(env);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, 'temporal'), target);
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
