import { homedir } from 'node:os';
import { join } from 'node:path';

/** The directory where provisioned servers and the embedded dev server's database live, outside any clone. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ASL_TEMPORAL_CACHE) return env.ASL_TEMPORAL_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'asl-temporal');
}
