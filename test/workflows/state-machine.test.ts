import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type HandlerMap, type LocalHandler } from '../../activities/local/handlers';
import { type StateMachineWorkflowInput, TRACE_QUERY } from '../../workflows/state-machine-input';
import { type TraceEvent } from '../../src/interpreter/trace';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { exampleHandlers } from '../support/temporal';

const example = join(__dirname, '..', '..', 'examples', 'sequential-processing');
const read = (file: string): Json => JSON.parse(readFileSync(join(example, file), 'utf8')) as Json;

describe('the generic state-machine workflow on the time-skipping server', () => {
  let machine: MachineWorker;
  let env: TestWorkflowEnvironment;
  let handlers: Record<string, LocalHandler> = {};

  beforeAll(async () => {
    const base: HandlerMap = exampleHandlers('sequential-processing');
    // Tests swap handlers per case through this indirection; the worker keeps one registry.
    const dispatch: HandlerMap = Object.fromEntries(
      ['process-order', 'update-inventory', 'notify-customer', 'flaky', 'slow'].map((name) => [
        name,
        (event: unknown, context: Parameters<LocalHandler>[1]) =>
          (handlers[name] ?? base[name])(event, context),
      ]),
    );
    machine = await startMachineWorker({ name: 'test-machine', server: 'time-skipping', handlers: dispatch });
    env = machine.env;
  });
  afterAll(() => machine?.stop());
  beforeEach(() => {
    handlers = {};
  });

  const start = (definition: StateMachine, input: Json, extra: Partial<StateMachineWorkflowInput> = {}) =>
    machine.start(definition, input, extra);

  it('runs the sequential-processing definition to the same output as the hand-written pattern', async () => {
    const handle = await start(read('definition.asl.json') as unknown as StateMachine, read('input.json'));
    await expect(handle.result()).resolves.toEqual(read('expected-output.json'));
    const trace = await handle.query<{ events: TraceEvent[] }>(TRACE_QUERY);
    expect(trace.events.filter((e) => e.type === 'StateEntered').map((e) => e.state)).toEqual([
      'ProcessOrder',
      'UpdateInventory',
      'NotifyCustomer',
    ]);
  });

  it('waits a whole year on a durable timer, which the time-skipping server skips', async () => {
    const before = await env.currentTimeMs();
    const definition: StateMachine = {
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: 365 * 24 * 3600, Next: 'Done' }, Done: { Type: 'Succeed' } },
    };
    const handle = await start(definition, { waited: true });
    await expect(handle.result()).resolves.toEqual({ waited: true });
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(365 * 24 * 3600 * 1000);
  });

  it('retries a transient Task failure with backoff, then fails over to a Catch when retries run out', async () => {
    let calls = 0;
    handlers.flaky = () => {
      calls += 1;
      throw Object.assign(new Error(`busy #${calls}`), { name: 'TransientError' });
    };
    const definition: StateMachine = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky',
          Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 3 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    };
    const before = await env.currentTimeMs();
    const handle = await start(definition, { order: 1 });
    const output = (await handle.result()) as { order: number; error: { Error: string; Cause: string } };
    expect(calls).toBe(3);
    expect(output.order).toBe(1);
    expect(output.error.Error).toBe('TransientError');
    expect(JSON.parse(output.error.Cause)).toMatchObject({
      errorType: 'TransientError',
      errorMessage: 'busy #3',
    });
    // 2 s then 6 s of backoff on durable timers.
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(8000);
  });

  it('fails the execution with the error name and cause of a Fail state', async () => {
    const definition: StateMachine = {
      StartAt: 'Boom',
      States: { Boom: { Type: 'Fail', Error: 'OrderRejected', Cause: 'credit limit exceeded' } },
    };
    const failure = await failureOf((await start(definition, {})).result());
    expect(failure.type).toBe('OrderRejected');
    expect(failure.message).toBe('credit limit exceeded');
  });

  it('times a Task out with States.Timeout when it outlives TimeoutSeconds', async () => {
    handlers.slow = () => new Promise((resolve) => setTimeout(() => resolve('late'), 5000));
    const definition: StateMachine = {
      StartAt: 'Slow',
      States: {
        Slow: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:slow',
          TimeoutSeconds: 1,
          End: true,
        },
      },
    };
    const failure = await failureOf((await start(definition, {})).result());
    expect(failure.type).toBe('States.Timeout');
  });

  it('fails a Task with States.HeartbeatTimeout when it stops heartbeating for HeartbeatSeconds', async () => {
    handlers.slow = () => new Promise((resolve) => setTimeout(() => resolve('late'), 5000));
    const definition: StateMachine = {
      StartAt: 'Silent',
      States: {
        Silent: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:slow',
          TimeoutSeconds: 30,
          HeartbeatSeconds: 1,
          End: true,
        },
      },
    };
    const failure = await failureOf((await start(definition, {})).result());
    expect(failure.type).toBe('States.HeartbeatTimeout');
  });

  it('fails a Parallel state on the first failing branch and cancels the others', async () => {
    const definition: StateMachine = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'LongWait', States: { LongWait: { Type: 'Wait', Seconds: 86400, End: true } } },
            {
              StartAt: 'Broken',
              States: { Broken: { Type: 'Fail', Error: 'BranchBroke', Cause: 'on purpose' } },
            },
          ],
          End: true,
        },
      },
    };
    const handle = await start(definition, {});
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('BranchBroke');
    // The day-long wait of the other branch was cancelled, not waited out: its timer never fired.
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.timerFiredEventAttributes)).toBe(false);
    const trace = await handle.query<{ events: TraceEvent[] }>(TRACE_QUERY);
    const exited = trace.events.filter((e) => e.type === 'StateExited').map((e) => e.state);
    expect(exited).not.toContain('LongWait');
    expect(trace.events.map((e) => e.type)).toContain('ParallelStateFailed');
  });
});
