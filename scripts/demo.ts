// `npm run demo`: the seed's order-processing machine (Sequential Processing) on the embedded dev server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadHandlersFromDir } from '../activities/local/load';
import { startEmbeddedDevServer } from '../src/server/embedded';
import { stderrProgress } from '../src/server/progress';
import { createWorker, installCliRuntime } from '../src/worker';

async function main(): Promise<void> {
  installCliRuntime();
  const example = join(__dirname, '..', 'examples', 'sequential-processing');
  const input: unknown = JSON.parse(readFileSync(join(example, 'input.json'), 'utf8'));
  const server = await startEmbeddedDevServer({ dbFilename: false });
  try {
    stderrProgress.line('Bundling the workflows and starting a worker...');
    const taskQueue = `demo-${randomUUID()}`;
    const worker = await createWorker({
      connection: server.nativeConnection,
      taskQueue,
      handlers: loadHandlersFromDir(join(example, 'handlers')),
    });
    const workflowId = `sequential-processing-${randomUUID()}`;
    stderrProgress.line(`Running ProcessOrder -> UpdateInventory -> NotifyCustomer as workflow ${workflowId}`);
    const output = await worker.runUntil(
      server.client.workflow.execute('sequentialProcessing', { args: [input], taskQueue, workflowId }),
    );
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } finally {
    await server.shutdown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
