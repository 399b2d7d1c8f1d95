import { resolveDevServer } from './dev-server';
import { formatDuration, type ProgressSink, stderrProgress } from './progress';
import { type ResolvedServer } from './resolved';
import { resolveTestServer } from './test-server';

/** Both Temporal servers as provisioned, with how long each took to find or build. */
export interface ProvisionedServers {
  readonly devServer: ResolvedServer;
  readonly testServer: ResolvedServer;
  readonly timings: { readonly devServerMs: number; readonly testServerMs: number };
}

/** Finds or builds both servers, one after the other (parallel builds only fight over two cores). */
export async function provisionServers(
  options: { readonly env?: NodeJS.ProcessEnv; readonly progress?: ProgressSink } = {},
): Promise<ProvisionedServers> {
  const progress = options.progress ?? stderrProgress;
  let started = Date.now();
  const devServer = await resolveDevServer({ env: options.env, progress });
  const devServerMs = Date.now() - started;
  started = Date.now();
  const testServer = await resolveTestServer({ env: options.env, progress });
  const testServerMs = Date.now() - started;
  return { devServer, testServer, timings: { devServerMs, testServerMs } };
}

/** One line per server saying where it is, or why the SDK's download will be used instead. */
export function describeServer(label: string, server: ResolvedServer, ms?: number): string {
  const took = ms === undefined ? '' : ` (${formatDuration(ms)})`;
  switch (server.kind) {
    case 'existing-path':
      return `${label}: ${server.path} [${server.source}]${took}`;
    case 'sdk-download':
      return `${label}: the SDK's download [${server.reason}]`;
  }
}
