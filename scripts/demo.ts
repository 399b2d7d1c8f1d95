// `npm run demo`: the seed's Choice pattern (ASL) on the embedded dev server, one execution per route, showing the
// path each execution took (the states it entered, from the execution's trace) and its output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { loadHandlersFromDir } from '../activities/local/load';
import { type Json } from '../src/asl/types';
import { loadDefinition } from '../src/cli/inputs';
import { workflowInput } from '../src/importer/import';
import { type TraceEvent } from '../src/interpreter/trace';
import { startEmbeddedDevServer } from '../src/server/embedded';
import { stderrProgress } from '../src/server/progress';
import { createWorker, installCliRuntime } from '../src/worker';
import { workflowBundle } from '../src/workflow-bundle';
import { TRACE_QUERY } from '../workflows/state-machine-input';

const example = join(__dirname, '..', 'examples', 'choice-logic');
const order = JSON.parse(readFileSync(join(example, 'input.json'), 'utf8')) as Record<string, Json>;

/** One order per route of EvaluateOrder, the example's own input first. */
const ORDERS: readonly { readonly label: string; readonly input: Json }[] = [
  { label: 'a 1499.99 order (input.json)', input: order },
  { label: 'an express order of 80', input: { ...order, orderValue: 80, orderType: 'express' } },
  { label: 'a standard order of 80', input: { ...order, orderValue: 80 } },
];

/** The path as `EvaluateOrder (Choice) -> HighValueProcess (Task)`, from the trace's StateEntered events. */
function pathOf(events: readonly TraceEvent[]): string {
  return events
    .filter((e) => e.type === 'StateEntered')
    .map((e) => `${e.state} (${e.stateType})`)
    .join(' -> ');
}

async function main(): Promise<void> {
  const imported = await loadDefinition(join(example, 'definition.asl.json'));
  installCliRuntime();
  // The workflow bundle (from the cache, or made now, which says so) is ready while the server starts.
  const bundling = workflowBundle({ progress: stderrProgress });
  bundling.catch(() => undefined); // awaited below, unless the server fails first
  const server = await startEmbeddedDevServer();
  try {
    const taskQueue = `asl-temporal-demo-${randomUUID()}`;
    const worker = await createWorker({
      connection: server.nativeConnection,
      taskQueue,
      handlers: loadHandlersFromDir(join(example, 'handlers')),
      workflowBundle: { code: (await bundling).code },
    });
    await worker.runUntil(async () => {
      for (const { label, input } of ORDERS) {
        const handle = await server.client.workflow.start('stateMachine', {
          args: [workflowInput(imported.machine, imported.name, input)],
          taskQueue,
          workflowId: `demo-${randomUUID()}`,
        });
        let result: string;
        try {
          result = `output ${JSON.stringify(await handle.result(), null, 2).replace(/\n/g, '\n  ')}`;
        } catch (err) {
          if (!(err instanceof WorkflowFailedError)) throw err;
          result = `FAILED ${err.cause?.message ?? err.message}`;
        }
        // A finished workflow still answers queries (the worker replays it): the trace has the path taken.
        const { events } = await handle.query<{ events: readonly TraceEvent[] }>(TRACE_QUERY);
        process.stdout.write(`\n${imported.name}: ${label}\n  path   ${pathOf(events)}\n  ${result}\n`);
      }
    });
  } finally {
    await server.shutdown();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
