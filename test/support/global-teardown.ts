import { rmSync } from 'node:fs';

/** Stops the servers that global setup started. */
export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__aslTemporalServers;
  if (!servers) return;
  await Promise.all([servers.devServer.teardown(), servers.moto.stop()]);
  rmSync(servers.bundleDir, { recursive: true, force: true });
  globalThis.__aslTemporalServers = undefined;
}
