/**
 * A worker in a process of its own for the scale benchmarks, so its peak RSS and its crashes are measured apart
 * from the client: `node -r tsx/cjs bench/support/scale-worker.ts <address> <task queue>`. Prints `ready` on stdout
 * once it polls; stops on SIGTERM.
 */
import { NativeConnection } from '@temporalio/worker';
import { createWorker, installCliRuntime } from '../../src/worker';
import { echoHandlers } from './machines';
import { bundle } from './temporal';

async function main(): Promise<void> {
  const [address, taskQueue] = process.argv.slice(2);
  installCliRuntime('WARN');
  const connection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection,
    taskQueue,
    handlers: echoHandlers,
    workflowBundle: await bundle(),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
