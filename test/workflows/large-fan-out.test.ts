/**
 * Wide Maps and Parallels inside one workflow: the iterations go through a pool at most 40 wide, so the worker
 * never holds one pending promise chain per item. These prove the outputs; the 40,000-item runs against a worker in
 * its own process (crashes, wall time, RSS) belong to the benchmarks (`bench/`).
 */
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { createWorker } from '../../src/worker';
import { type TraceEvent } from '../../src/interpreter/trace';
import { type StateMachineWorkflowInput, TRACE_QUERY } from '../../workflows/state-machine-input';
import { timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

/** A Map over `$.items` whose iterations run two Pass states each. */
const twoPassMap: StateMachine = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Wrap',
        States: {
          Wrap: { Type: 'Pass', Parameters: { 'x.$': '$' }, Next: 'Unwrap' },
          Unwrap: { Type: 'Pass', OutputPath: '$.x', End: true },
        },
      },
      End: true,
    },
  },
};

describe('wide Maps and Parallels on a time-skipping server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnv();
  }, 60_000);
  afterAll(async () => {
    await env?.teardown();
  });

  /** What one execution gave: its output or failure, its trace, and the timers its history holds. */
  interface Ran {
    readonly output?: Json;
    readonly failure?: string;
    readonly trace: readonly TraceEvent[];
    readonly timers: number;
  }

  /** Runs one execution on a worker of its own (a worker runs until one execution ends). */
  const runFully = async (
    definition: StateMachine,
    input: Json,
    extra: Partial<StateMachineWorkflowInput> = {},
  ): Promise<Ran> => {
    const taskQueue = uniqueId('fan-out');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: workflowBundle(),
    });
    const args: StateMachineWorkflowInput = { definition, input, stateMachineName: 'fan-out', ...extra };
    const handle = await env.client.workflow.start('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: uniqueId('fan-out'),
    });
    return worker.runUntil(async () => {
      let output: Json | undefined;
      let failure: string | undefined;
      try {
        output = (await handle.result()) as Json;
      } catch (err) {
        failure = (err as { cause?: { type?: string } }).cause?.type ?? String(err);
      }
      const { events } = await handle.query<{ events: TraceEvent[] }>(TRACE_QUERY);
      const history = await handle.fetchHistory();
      const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes).length;
      return { output, failure, trace: events, timers };
    });
  };

  const run = async (definition: StateMachine, input: Json): Promise<Json> => {
    const ran = await runFully(definition, input);
    if (ran.failure !== undefined) throw new Error(ran.failure);
    return ran.output ?? null;
  };

  it('runs an inline Map over 10,000 items (MaxConcurrency 0) to the items in order', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i % 10);
    await expect(run(twoPassMap, { items })).resolves.toEqual(items);
  }, 120_000);

  it('runs a Parallel of 200 branches to their outputs in branch order', async () => {
    const definition: StateMachine = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: Array.from({ length: 200 }, (_, i) => ({
            StartAt: `B${i}`,
            States: { [`B${i}`]: { Type: 'Pass', Parameters: { branch: i, 'v.$': '$.v' }, End: true } },
          })),
          End: true,
        },
      },
    };
    await expect(run(definition, { v: 7 })).resolves.toEqual(
      Array.from({ length: 200 }, (_, i) => ({ branch: i, v: 7 })),
    );
  }, 120_000);

  it('runs a Map of 100 items whose iterations each run a Map of 100', async () => {
    const definition: StateMachine = {
      StartAt: 'Rows',
      States: {
        Rows: {
          Type: 'Map',
          ItemsPath: '$.rows',
          ItemProcessor: {
            StartAt: 'Cells',
            States: {
              Cells: {
                Type: 'Map',
                ItemProcessor: {
                  StartAt: 'Cell',
                  States: { Cell: { Type: 'Pass', End: true } },
                },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const rows = Array.from({ length: 100 }, (_, r) => Array.from({ length: 100 }, (_, c) => (r + c) % 10));
    await expect(run(definition, { rows })).resolves.toEqual(rows);
  }, 120_000);
  /** A Map over `$.items` whose iterations are one Pass state: no transition inside an iteration. */
  const onePassMap: StateMachine = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } },
        End: true,
      },
    },
  };

  it('ends the workflow task as it goes even when each iteration is a single state', async () => {
    // Entering an iteration spends the task's transition budget, so 2,000 one-state iterations with a budget of
    // 1,000 transitions pause on a 1 ms timer about every 100 iterations.
    const items = Array.from({ length: 2_000 }, (_, i) => i);
    const ran = await runFully(onePassMap, { items }, { transitionsPerTask: 1_000 });
    expect(ran.output).toEqual(items);
    expect(ran.timers).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('pauses between Parallel branches of one state each', async () => {
    const definition: StateMachine = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: Array.from({ length: 200 }, (_, i) => ({
            StartAt: `B${i}`,
            States: { [`B${i}`]: { Type: 'Pass', Result: i, End: true } },
          })),
          End: true,
        },
      },
    };
    // All 200 start at once; with a budget of 500 transitions about 50 branch starts fit in each workflow task.
    const ran = await runFully(definition, {}, { transitionsPerTask: 500 });
    expect(ran.output).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(ran.timers).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('starts no iteration once the Map has failed, even one that was waiting out a pause', async () => {
    const definition: StateMachine = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Check',
            States: {
              Check: {
                Type: 'Choice',
                Choices: [{ Variable: '$', NumericEquals: 30, Next: 'Bad' }],
                Default: 'Fine',
              },
              Bad: { Type: 'Fail', Error: 'BadItem', Cause: 'item 30' },
              Fine: { Type: 'Pass', End: true },
            },
          },
          End: true,
        },
      },
    };
    const items = Array.from({ length: 500 }, (_, i) => i);
    const ran = await runFully(definition, { items }, { transitionsPerTask: 250 });
    expect(ran.failure).toBe('BadItem');
    expect(ran.timers).toBeGreaterThanOrEqual(1);
    const failedAt = ran.trace.findIndex((e) => e.type === 'MapStateFailed');
    expect(failedAt).toBeGreaterThan(0);
    expect(ran.trace.slice(failedAt).some((e) => e.type === 'MapIterationStarted')).toBe(false);
    // At most a pool's width of iterations had started beyond the failing one.
    const started = ran.trace.filter((e) => e.type === 'MapIterationStarted').length;
    expect(started).toBeLessThanOrEqual(31 + 40);
  }, 120_000);
});
