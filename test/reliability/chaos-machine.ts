/**
 * The state machine the chaos tests (worker crash, server crash, two workers) run many times while they kill
 * processes: every kind of state an execution can be caught in by a crash, each Task a call of the local function
 * `handlers/record.js`, which logs its calls.
 */
import { type Json, type StateMachine } from '../../src/asl/types';

const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:record';
const task = (parameters: Record<string, Json>) => ({
  Type: 'Task',
  Resource: FUNCTION,
  Parameters: parameters,
});

/** A Task, a Wait, then a Parallel of a Map of Tasks, a Task with a Retry and a Task with a Catch. */
export const CHAOS_MACHINE = {
  StartAt: 'Prepare',
  States: {
    Prepare: { ...task({ state: 'Prepare', 'n.$': '$.n' }), ResultPath: '$.prepared', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 2, Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      ResultPath: '$.fan',
      End: true,
      Branches: [
        {
          StartAt: 'Items',
          States: {
            Items: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemSelector: { 'item.$': '$$.Map.Item.Value', 'base.$': '$.prepared.base' },
              ItemProcessor: {
                StartAt: 'Double',
                States: {
                  Double: { ...task({ state: 'Double', 'item.$': '$.item', 'base.$': '$.base' }), End: true },
                },
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'Flaky',
          States: {
            Flaky: {
              ...task({ state: 'Flaky', 'n.$': '$.n', 'retry.$': '$$.State.RetryCount' }),
              Retry: [
                { ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 },
              ],
              End: true,
            },
          },
        },
        {
          StartAt: 'Doomed',
          States: {
            Doomed: {
              ...task({ state: 'Doomed' }),
              Catch: [{ ErrorEquals: ['BadInput'], ResultPath: '$.error', Next: 'Recovered' }],
              End: true,
            },
            Recovered: { Type: 'Pass', Parameters: { 'recovered.$': '$.error.Error' }, End: true },
          },
        },
      ],
    },
  },
} as unknown as StateMachine;

/** Task activities per execution: Prepare, three Doubles, Flaky twice (its Retry), Doomed. */
export const ACTIVITIES_PER_EXECUTION = 7;

/** The input of execution number `n`. */
export const inputOf = (n: number) => ({ n, items: [1, 2, 3] });

/** What execution number `n` must return. */
export const expectedOutput = (n: number) => ({
  ...inputOf(n),
  prepared: { base: n * 10 },
  fan: [
    [1, 2, 3].map((item) => ({ doubled: item * 2 + n * 10 })),
    { flaky: n + 1 },
    { recovered: 'BadInput' },
  ],
});

/** mulberry32: a tiny seeded generator, so a failing run's kill moments can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
