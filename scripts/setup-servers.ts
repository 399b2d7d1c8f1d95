// Provisions both Temporal servers and moto's AWS server into the cache (idempotent) and prints where they are.
import { resolveMoto } from '../src/server/moto';
import { describeServer, provisionServers } from '../src/server/provision';

async function main(): Promise<void> {
  const { devServer, testServer, timings } = await provisionServers();
  process.stdout.write(`${describeServer('dev server (Temporal CLI)', devServer, timings.devServerMs)}\n`);
  process.stdout.write(`${describeServer('time-skipping test server', testServer, timings.testServerMs)}\n`);
  const started = Date.now();
  const moto = await resolveMoto();
  process.stdout.write(
    `moto server (AWS endpoint for integration tests): ${moto} (${Date.now() - started} ms)\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`setup:servers failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
