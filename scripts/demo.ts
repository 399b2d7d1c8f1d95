// `npm run demo`: the seed's order-processing machine (Sequential Processing, ASL) on the embedded dev server.
import { join } from 'node:path';
import { UsageError } from '../src/cli/inputs';
import { runExecution } from '../src/cli/run';

async function main(): Promise<void> {
  const example = join(__dirname, '..', 'examples', 'sequential-processing');
  const outcome = await runExecution(join(example, 'definition.asl.json'), {
    inputFile: join(example, 'input.json'),
  });
  if (outcome.status !== 'SUCCEEDED') {
    process.stderr.write(`demo: the execution ended ${outcome.status}: ${outcome.error} ${outcome.cause}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(outcome.output, null, 2)}\n`);
}

main().catch((err: unknown) => {
  const message = err instanceof UsageError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`demo failed: ${message}\n`);
  process.exit(1);
});
