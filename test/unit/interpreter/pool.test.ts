import { ExecutionError } from '../../../src/asl/errors';
import { type Json, type StateMachine } from '../../../src/asl/types';
import { INLINE_MAP_MAX_CONCURRENCY, inlineMapWidth, runPool } from '../../../src/interpreter/pool';
import { type ConcurrentTask, type TaskRequest } from '../../../src/interpreter/runtime';
import { runLocally } from '../../../src/runtimes/run-local';

/** A task that resolves when the test says so, and counts how many are running. */
class Gate {
  running = 0;
  peak = 0;
  started: number[] = [];
  private readonly releases = new Map<number, (value: number) => void>();
  private readonly failures = new Map<number, (err: Error) => void>();

  task(index: number): ConcurrentTask<number> {
    return () => {
      this.started.push(index);
      this.running += 1;
      this.peak = Math.max(this.peak, this.running);
      return new Promise<number>((resolve, reject) => {
        this.releases.set(index, (value) => {
          this.running -= 1;
          resolve(value);
        });
        this.failures.set(index, (err) => {
          this.running -= 1;
          reject(err);
        });
      });
    };
  }

  release(index: number, value = index * 10): void {
    this.releases.get(index)?.(value);
  }

  fail(index: number, err: Error): void {
    this.failures.get(index)?.(err);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('runPool', () => {
  it('never runs more than `limit` tasks at once, and starts them in order', async () => {
    const gate = new Gate();
    const pool = runPool(
      Array.from({ length: 10 }, (_, i) => gate.task(i)),
      3,
    );
    await settle();
    expect(gate.started).toEqual([0, 1, 2]);
    for (let i = 0; i < 10; i++) {
      gate.release(i);
      await settle();
    }
    await expect(pool).resolves.toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    expect(gate.peak).toBe(3);
    expect(gate.started).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('resolves with the results in task order, whatever order they finish in', async () => {
    const gate = new Gate();
    const pool = runPool(
      Array.from({ length: 5 }, (_, i) => gate.task(i)),
      0,
    );
    await settle();
    for (const i of [4, 2, 0, 3, 1]) gate.release(i, i);
    await expect(pool).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(gate.peak).toBe(5);
  });

  it('fails fast: the first failure rejects once, cancels the rest, and tasks not started never start', async () => {
    const gate = new Gate();
    const onFail = jest.fn();
    const pool = runPool(
      Array.from({ length: 6 }, (_, i) => gate.task(i)),
      2,
      onFail,
    );
    await settle();
    gate.release(0);
    await settle();
    gate.fail(2, new Error('boom'));
    await expect(pool).rejects.toThrow('boom');
    gate.fail(1, new Error('later'));
    await settle();
    expect(onFail).toHaveBeenCalledTimes(1);
    expect(gate.started).toEqual([0, 1, 2]);
  });

  it('fails like a rejection when a task throws before returning its promise', async () => {
    const onFail = jest.fn();
    const later = jest.fn(() => Promise.resolve(2));
    const throwing: ConcurrentTask<number> = () => {
      throw new Error('synchronous');
    };
    await expect(runPool([throwing, later], 1, onFail)).rejects.toThrow('synchronous');
    expect(onFail).toHaveBeenCalledTimes(1);
    expect(later).not.toHaveBeenCalled();
  });

  it('runs 100,000 tasks through a narrow pool without deepening the stack', async () => {
    let running = 0;
    let peak = 0;
    let deepest = 0;
    const depth = () => (new Error().stack ?? '').split('\n').length;
    const tasks = Array.from({ length: 100_000 }, (_, i) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      if (i % 1000 === 0) deepest = Math.max(deepest, depth());
      await Promise.resolve();
      running -= 1;
      return i;
    });
    const results = await runPool(tasks, INLINE_MAP_MAX_CONCURRENCY);
    expect(results).toHaveLength(100_000);
    expect(results[99_999]).toBe(99_999);
    expect(peak).toBe(INLINE_MAP_MAX_CONCURRENCY);
    // Each task starts from a promise callback: the stack is as shallow for the last task as for the first.
    expect(deepest).toBeLessThan(40);
  });

  it('starts nothing more once stop answers true, and resolves when the running tasks settle', async () => {
    const gate = new Gate();
    let stop = false;
    const tasks = Array.from({ length: 100_000 }, (_, i) => gate.task(i));
    let settled: (number | undefined)[] | undefined;
    void runPool(tasks, 2, undefined, () => stop).then((r) => (settled = r));
    gate.release(0);
    await settle();
    expect(gate.started).toEqual([0, 1, 2]);
    stop = true;
    gate.release(1);
    await settle();
    // Task 2 still runs: the pool waits for it, and starts none of the other 99,997.
    expect(settled).toBeUndefined();
    gate.release(2);
    await settle();
    expect(gate.started).toEqual([0, 1, 2]);
    expect(settled?.slice(0, 4)).toEqual([0, 10, 20, undefined]);
  });

  it('resolves an empty pool at once', async () => {
    await expect(runPool([], 0)).resolves.toEqual([]);
  });
});

describe('inlineMapWidth', () => {
  it('is MaxConcurrency within AWS’s 40, and 40 for 0 (every item, at most 40 at a time)', () => {
    expect(inlineMapWidth(0)).toBe(40);
    expect(inlineMapWidth(1)).toBe(1);
    expect(inlineMapWidth(40)).toBe(40);
    expect(inlineMapWidth(41)).toBe(40);
    expect(inlineMapWidth(1000)).toBe(40);
  });
});

describe('an inline Map on the local runtime', () => {
  /** A Map whose iterations each run one Task, so the test sees how many run at once. */
  const machine = (extra: Record<string, Json> = {}): StateMachine =>
    ({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Work',
            States: {
              Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:work', End: true },
            },
          },
          End: true,
          ...extra,
        },
      },
    }) as StateMachine;

  const counting = (fail?: (input: Json) => boolean) => {
    const seen = { running: 0, peak: 0, calls: 0 };
    const runTask = async (request: TaskRequest): Promise<Json> => {
      seen.calls += 1;
      seen.running += 1;
      seen.peak = Math.max(seen.peak, seen.running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.running -= 1;
      if (fail?.(request.parameters)) throw new ExecutionError('BadItem', 'bad item');
      return { doubled: (request.parameters as number) * 2 };
    };
    return { seen, runTask };
  };

  it('with MaxConcurrency 0 processes every item, in order, at most 40 at a time', async () => {
    const { seen, runTask } = counting();
    const items = Array.from({ length: 500 }, (_, i) => i);
    const { result } = await runLocally(machine(), { items }, { runTask });
    expect(result.status).toBe('SUCCEEDED');
    expect((result as { output: Json }).output).toEqual(items.map((i) => ({ doubled: i * 2 })));
    expect(seen.calls).toBe(500);
    expect(seen.peak).toBe(40);
  });

  it('keeps a smaller MaxConcurrency, and caps a larger one at 40', async () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const narrow = counting();
    await runLocally(machine({ MaxConcurrency: 7 }), { items }, { runTask: narrow.runTask });
    expect(narrow.seen.peak).toBe(7);
    const wide = counting();
    await runLocally(machine({ MaxConcurrency: 1000 }), { items }, { runTask: wide.runTask });
    expect(wide.seen.peak).toBe(40);
  });

  it('fails on the first failing item and starts no iteration after it', async () => {
    const { seen, runTask } = counting((input) => input === 45);
    const items = Array.from({ length: 500 }, (_, i) => i);
    const { result } = await runLocally(machine(), { items }, { runTask });
    expect(result).toMatchObject({ status: 'FAILED', error: 'BadItem' });
    // Items 0-44 finished and freed their slots, so at most 40 more had started when item 45 failed.
    expect(seen.calls).toBeLessThanOrEqual(46 + 40);
  });
});
