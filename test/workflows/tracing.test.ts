/**
 * TracingConfig on Temporal: a tracing worker and client export OpenTelemetry spans for the start, the workflow,
 * each activity and (for an execution that asked for tracing) each state, all in one trace.
 */
import { Client } from '@temporalio/client';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Worker } from '@temporalio/worker';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type Json, type StateMachine } from '../../src/asl/types';
import { createTracing, type Tracing } from '../../src/tracing';
import { createWorker } from '../../src/worker';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { timeSkippingEnv, uniqueId } from '../support/temporal';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

const machine: StateMachine = {
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Task', Resource: fn('greet'), Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.risky', BooleanEquals: true, Next: 'Risky' }],
      Default: 'Done',
    },
    Risky: {
      Type: 'Task',
      Resource: fn('boom'),
      Next: 'Done',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
    },
    Recover: { Type: 'Pass', Result: 'recovered', ResultPath: '$.status', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

describe('tracing (TracingConfig as OpenTelemetry spans)', () => {
  const exporter = new InMemorySpanExporter();
  const taskQueue = uniqueId('tracing');
  let env: TestWorkflowEnvironment;
  let tracing: Tracing;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    tracing = createTracing({ exporter, immediate: true, serviceName: 'tracing-test' });
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      tracing,
      handlers: {
        greet: (event) => ({ ...(event as object), greeted: true }),
        boom: () => {
          throw Object.assign(new Error('the risky call failed'), { name: 'Boom' });
        },
      },
    });
    running = worker.run();
    client = new Client({ connection: env.client.connection, interceptors: tracing.clientInterceptors });
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await tracing?.shutdown();
    await env?.teardown();
  });

  /** Runs the machine and returns the spans of that execution's trace. */
  async function traced(input: Json, extra: Partial<StateMachineWorkflowInput>): Promise<ReadableSpan[]> {
    exporter.reset();
    const args: StateMachineWorkflowInput = {
      definition: machine,
      input,
      stateMachineName: 'traced',
      ...extra,
    };
    await client.workflow.execute('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: uniqueId('traced'),
    });
    const start = exporter.getFinishedSpans().find((s) => s.name === 'StartWorkflow:stateMachine');
    expect(start).toBeDefined();
    return exporter
      .getFinishedSpans()
      .filter((s) => s.spanContext().traceId === start!.spanContext().traceId);
  }

  it('gives one span per state, timed and typed, under the workflow span of the client-started trace', async () => {
    const spans = await traced({ risky: true }, { tracing: { enabled: true } });
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'StartWorkflow:stateMachine',
        'RunWorkflow:stateMachine',
        'StartActivity:runTask',
        'RunActivity:runTask',
      ]),
    );
    const states = spans.filter((s) => s.name.startsWith('State:'));
    expect(states.map((s) => s.name).sort()).toEqual(
      ['State:Done', 'State:Greet', 'State:Recover', 'State:Risky', 'State:Route'].sort(),
    );
    const workflowSpan = spans.find((s) => s.name === 'RunWorkflow:stateMachine')!;
    for (const span of states) expect(span.parentSpanId).toBe(workflowSpan.spanContext().spanId);

    const byName = (name: string) => states.find((s) => s.name === `State:${name}`)!;
    expect(byName('Greet').attributes).toMatchObject({
      'asl.state_machine': 'traced',
      'asl.state.name': 'Greet',
      'asl.state.type': 'Task',
      'asl.resource': fn('greet'),
    });
    expect(byName('Route').attributes['asl.state.type']).toBe('Choice');
    // The caught failure marks its state as failed, as X-Ray marks a faulted segment; the execution goes on.
    expect(byName('Risky').status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'Boom' });
    expect(byName('Risky').attributes['asl.error']).toBe('Boom');
    expect(byName('Recover').status.code).toBe(SpanStatusCode.UNSET);
    expect(byName('Greet').ended && byName('Done').ended).toBe(true);
  });

  it('traces workflows and activities but not states when the execution did not ask for tracing', async () => {
    const spans = await traced({ risky: false }, {});
    expect(spans.some((s) => s.name === 'RunActivity:runTask')).toBe(true);
    expect(spans.filter((s) => s.name.startsWith('State:'))).toEqual([]);
  });

  it('ends the span of the state that failed the execution with an error status', async () => {
    const failing: StateMachine = {
      StartAt: 'Check',
      States: {
        Check: { Type: 'Pass', Next: 'Reject' },
        Reject: { Type: 'Fail', Error: 'OrderRejected', Cause: 'no stock' },
      },
    };
    exporter.reset();
    const args: StateMachineWorkflowInput = {
      definition: failing,
      input: {},
      stateMachineName: 'failing',
      tracing: { enabled: true },
    };
    await expect(
      client.workflow.execute('stateMachine', { args: [args], taskQueue, workflowId: uniqueId('failing') }),
    ).rejects.toThrow();
    const spans = exporter.getFinishedSpans();
    const reject = spans.find((s) => s.name === 'State:Reject');
    expect(reject?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'OrderRejected' });
    expect(spans.find((s) => s.name === 'State:Check')?.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans.find((s) => s.name === 'RunWorkflow:stateMachine')?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('gives each Map iteration and Parallel branch state its own span', async () => {
    const fanOut: StateMachine = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Double', States: { Double: { Type: 'Pass', End: true } } },
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
            { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
    };
    exporter.reset();
    const args: StateMachineWorkflowInput = {
      definition: fanOut,
      input: { items: [1, 2, 3] },
      stateMachineName: 'fan-out',
      tracing: { enabled: true },
    };
    await client.workflow.execute('stateMachine', {
      args: [args],
      taskQueue,
      workflowId: uniqueId('fan-out'),
    });
    const states = exporter.getFinishedSpans().filter((s) => s.name.startsWith('State:'));
    const count = (name: string) => states.filter((s) => s.name === `State:${name}`).length;
    expect([count('Each'), count('Double'), count('Both'), count('Left'), count('Right')]).toEqual([
      1, 3, 1, 1, 1,
    ]);
    expect(states.every((s) => s.status.code === SpanStatusCode.UNSET)).toBe(true);
  });
});
