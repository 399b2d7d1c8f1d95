/**
 * Generated control flow runs as the interpreter does: machines with a loop, nested loops, an irreducible graph
 * (the switch state loop) and JSONata with a join are exported at test time, bundled, and run on the time-skipping
 * server beside the generic workflow with the same inputs: same outcome, same trace (times aside).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type TraceEvent } from '../../src/interpreter/trace';
import { TRACE_QUERY } from '../../workflows/state-machine-input';
import {
  COUNTING_LOOP,
  DISTRIBUTED_MAP,
  IRREDUCIBLE,
  JSONATA_JOIN,
  NESTED_LOOPS,
} from '../unit/export-machines';
import { timeSkippingEnv, uniqueId } from '../support/temporal';
import { bundleExported, outcomeOf, withBundleWorker } from './export-support';

const CASES: readonly { name: string; machine: StateMachine; inputs: Json[] }[] = [
  {
    name: 'countingLoop',
    machine: COUNTING_LOOP,
    inputs: [
      { start: 0, limit: 5 },
      { start: 9, limit: 3 },
    ],
  },
  { name: 'nestedLoops', machine: NESTED_LOOPS, inputs: [{ row: 0, cells: 0 }] },
  {
    name: 'irreducible',
    machine: IRREDUCIBLE,
    inputs: [
      { side: 'left', steps: 0 },
      { side: 'right', steps: 0 },
    ],
  },
  {
    name: 'distributedMap',
    machine: DISTRIBUTED_MAP,
    inputs: [{ items: [1, 2] }, { items: Array.from({ length: 7 }, (_, i) => i) }],
  },
  {
    name: 'jsonataJoin',
    machine: JSONATA_JOIN,
    inputs: [
      { kind: 'a', v: 2 },
      { kind: 'b', v: 2 },
    ],
  },
];

describe('exported control flow on the time-skipping server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-structures-'));
  let env: TestWorkflowEnvironment;
  let code: string;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    code = await bundleExported(dir, CASES);
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(taskQueue: string, workflowType: string, args: unknown[]) {
    const workflowId = uniqueId(workflowType);
    const handle = await env.client.workflow.start(workflowType, { args, taskQueue, workflowId });
    const outcome = await outcomeOf(handle);
    const trace = await handle.query<{ events: TraceEvent[] }>(TRACE_QUERY);
    return { outcome, trace: trace.events.map(({ timestamp: _t, ...rest }) => rest) };
  }

  it.each(CASES)(
    '$name: the exported workflow and the interpreter agree on every input',
    async ({ name, machine, inputs }) => {
      await withBundleWorker(env, code, name, async (taskQueue) => {
        for (const input of inputs) {
          const asl = await run(taskQueue, 'stateMachine', [
            { definition: machine, input, stateMachineName: name, executionName: 'same' },
          ]);
          const exported = await run(taskQueue, name, [input, { executionName: 'same' }]);
          expect(exported).toEqual(asl);
          expect(exported.trace.length).toBeGreaterThan(4);
        }
      });
    },
  );

  it('replays: the history of each exported run replays on the same code without a non-determinism error', async () => {
    const ids = await withBundleWorker(env, code, 'replay', async (taskQueue) => {
      const started: string[] = [];
      for (const { name, inputs } of CASES) {
        const workflowId = uniqueId(name);
        await env.client.workflow
          .execute(name, { args: [inputs[0]], taskQueue, workflowId })
          .catch((err: unknown) => {
            if (!(err instanceof WorkflowFailedError)) throw err;
          });
        started.push(workflowId);
      }
      return started;
    });
    for (const workflowId of ids) {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      expect((history.events ?? []).length).toBeGreaterThan(4);
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code } }, history, workflowId),
      ).resolves.toBeUndefined();
    }
  });

  it('the loops ran: counting from 0 to 5 passes Check six times, and the irreducible walk fails as defined', async () => {
    await withBundleWorker(env, code, 'loops', async (taskQueue) => {
      const counted = await run(taskQueue, 'countingLoop', [{ start: 0, limit: 5 }]);
      expect(counted.outcome).toEqual({ status: 'SUCCEEDED', output: 5 });
      expect(counted.trace.filter((e) => e.type === 'StateEntered' && e.state === 'Check')).toHaveLength(6);
      const walked = await run(taskQueue, 'irreducible', [{ side: 'right', steps: 0 }]);
      expect(walked.outcome).toEqual({ status: 'FAILED', error: 'Walked', cause: 'after 6 steps' });
    });
  });

  it("a Distributed Map's batches run the processor's code: child workflows of the exported batch type", async () => {
    await withBundleWorker(env, code, 'batches', async (taskQueue) => {
      const workflowId = uniqueId('distributed');
      const items = Array.from({ length: 5 }, (_, i) => i);
      const output = await env.client.workflow.execute('distributedMap', {
        args: [{ items }],
        taskQueue,
        workflowId,
      });
      expect(output).toEqual({ n: 5, first: { doubled: 0, index: 0 } });
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      const children = (history.events ?? []).flatMap((e) => {
        const started = e.startChildWorkflowExecutionInitiatedEventAttributes;
        return started ? [started.workflowType?.name] : [];
      });
      expect(children.length).toBeGreaterThan(0);
      expect(new Set(children)).toEqual(new Set(['distributedMap$fan']));
    });
  });
});
