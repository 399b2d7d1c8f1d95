// Provisions both Temporal servers, moto's AWS server and the AWS CLI into the cache (idempotent) and prints where
// they are.
import { resolveAwsCli } from '../src/server/aws-cli';
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
  const awsStarted = Date.now();
  const aws = await resolveAwsCli();
  process.stdout.write(`AWS CLI (second client of the API tests): ${aws} (${Date.now() - awsStarted} ms)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`setup:servers failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
