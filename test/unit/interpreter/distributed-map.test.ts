import { ExecutionError } from '../../../src/asl/errors';
import { type Json, type StateMachine } from '../../../src/asl/types';
import { type TaskRequest } from '../../../src/interpreter/runtime';
import {
  DISTRIBUTED_BATCH_SIZE,
  MAX_CONCURRENT_CHILDREN,
  planConcurrency,
} from '../../../src/interpreter/states/distributed-map';
import { type MapSettings, toleratedFailures } from '../../../src/interpreter/states/map-tolerance';
import { runLocally } from '../../../src/runtimes/run-local';

function settings(total: number, tolerance: Partial<MapSettings> = {}): MapSettings {
  return {
    items: Array.from({ length: total }, (_, i) => i),
    maxConcurrency: 0,
    itemInput: (item) => Promise.resolve(item),
    ...tolerance,
  };
}

/** A DISTRIBUTED Map whose processor is one Task, over `$.values`. */
function machine(extra: Record<string, Json> = {}): StateMachine {
  return {
    StartAt: 'Items',
    States: {
      Items: {
        Type: 'Map',
        ItemsPath: '$.values',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:work', End: true } },
        },
        End: true,
        ...extra,
      },
    },
  } as StateMachine;
}

describe('Distributed Map planning', () => {
  it('never runs more iterations at once than MaxConcurrency across all children', () => {
    for (const max of [1, 7, 99, 100, 101, 150, 250, 999, 5000, 100_000]) {
      const plan = planConcurrency(max);
      expect(plan.children).toBeGreaterThanOrEqual(1);
      expect(plan.children).toBeLessThanOrEqual(MAX_CONCURRENT_CHILDREN);
      expect(plan.perChild).toBeGreaterThanOrEqual(1);
      expect(plan.perChild).toBeLessThanOrEqual(DISTRIBUTED_BATCH_SIZE);
      expect(plan.children * plan.perChild).toBeLessThanOrEqual(max);
    }
    expect(planConcurrency(0)).toEqual({ children: MAX_CONCURRENT_CHILDREN, perChild: 0 });
  });

  it('turns ToleratedFailureCount and ToleratedFailurePercentage into the most failures the Map survives', () => {
    expect(toleratedFailures(settings(250))).toBe(0);
    expect(toleratedFailures(settings(250, { toleratedCount: 25 }))).toBe(25);
    expect(toleratedFailures(settings(250, { toleratedCount: 1000 }))).toBe(250);
    expect(toleratedFailures(settings(250, { toleratedPercentage: 10 }))).toBe(25);
    expect(toleratedFailures(settings(250, { toleratedPercentage: 9.9 }))).toBe(24);
    expect(toleratedFailures(settings(250, { toleratedPercentage: 10, toleratedCount: 3 }))).toBe(3);
    expect(toleratedFailures(settings(3, { toleratedPercentage: 0 }))).toBe(0);
  });
});

describe('a DISTRIBUTED Map on the local runtime', () => {
  const values = Array.from({ length: 250 }, (_, i) => i);

  it('runs its batches in-process, in item order, within MaxConcurrency', async () => {
    let running = 0;
    let peak = 0;
    const runTask = async (request: TaskRequest): Promise<Json> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return (request.parameters as number) * 2;
    };
    const { result } = await runLocally(machine({ MaxConcurrency: 30 }), { values }, { runTask });
    expect(result).toEqual({ status: 'SUCCEEDED', output: values.map((v) => v * 2) });
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(30);
  });

  it('tolerates failures across batches and fails beyond the threshold', async () => {
    const runTask = (request: TaskRequest): Promise<Json> =>
      (request.parameters as number) % 10 === 0
        ? Promise.reject(new ExecutionError('Broke', 'x'))
        : Promise.resolve(request.parameters);
    const ok = await runLocally(machine({ ToleratedFailureCount: 25 }), { values }, { runTask });
    expect(ok.result.status).toBe('SUCCEEDED');
    const output = (ok.result as { output: Json[] }).output;
    expect(output[10]).toEqual({ Error: 'Broke', Cause: 'x' });
    expect(output[11]).toBe(11);
    const tooMany = await runLocally(machine({ ToleratedFailureCount: 24 }), { values }, { runTask });
    expect(tooMany.result).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
    const none = await runLocally(machine(), { values }, { runTask });
    expect(none.result).toMatchObject({ status: 'FAILED', error: 'Broke', cause: 'x' });
  });

  it('answers Task states from the same mocks inside its batches', async () => {
    const { result } = await runLocally(
      machine(),
      { values: [1, 2, 3] },
      {
        mocks: { Work: [{ Return: 'a' }, { Return: 'b' }, { Return: 'c' }] },
      },
    );
    expect(result).toEqual({ status: 'SUCCEEDED', output: ['a', 'b', 'c'] });
  });
});
