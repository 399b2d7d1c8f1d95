import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorker } from '../../src/worker';
import { type LocalHandler } from '../../activities/local/handlers';
import { devServerEnv, exampleHandlers, uniqueId, workflowBundle } from '../support/temporal';

const example = join(__dirname, '..', '..', 'examples', 'sequential-processing');
const input = JSON.parse(readFileSync(join(example, 'input.json'), 'utf8'));
const expected = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8'));

describe('sequential processing pattern on the dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs end to end with a real worker and records each Task as one activity', async () => {
    const taskQueue = uniqueId('sequential-dev');
    const workflowId = uniqueId('sequential-dev');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: exampleHandlers('sequential-processing'),
      workflowBundle: workflowBundle(),
    });
    const output = await worker.runUntil(
      env.client.workflow.execute('sequentialProcessing', { args: [input], taskQueue, workflowId }),
    );
    expect(output).toEqual(expected);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)).toEqual([
      'invokeFunction',
      'invokeFunction',
      'invokeFunction',
    ]);
  });

  it('survives its worker shutting down after the first Task: a new worker finishes the execution', async () => {
    const taskQueue = uniqueId('sequential-durable');
    const workflowId = uniqueId('sequential-durable');
    const handlers = exampleHandlers('sequential-processing');
    const ran: string[] = [];
    const tracked =
      (worker: string, name: string): LocalHandler =>
      (event, context) => {
        ran.push(`${worker}:${name}`);
        return handlers[name](event, context);
      };
    const trackedHandlers = (worker: string) =>
      Object.fromEntries(Object.keys(handlers).map((name) => [name, tracked(worker, name)]));

    let firstTaskDone!: () => void;
    const firstTaskDonePromise = new Promise<void>((resolve) => (firstTaskDone = resolve));
    const first = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      tuning: { maxCachedWorkflows: 0, identity: 'worker-1' },
      handlers: {
        ...trackedHandlers('worker-1'),
        'process-order': (event, context) => {
          const result = tracked('worker-1', 'process-order')(event, context);
          setImmediate(firstTaskDone);
          return result;
        },
      },
    });
    const handle = await env.client.workflow.start('sequentialProcessing', {
      args: [input],
      taskQueue,
      workflowId,
    });
    await first.runUntil(firstTaskDonePromise);
    expect(first.getState()).toBe('STOPPED');

    const second = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      tuning: { identity: 'worker-2' },
      handlers: trackedHandlers('worker-2'),
    });
    const output = await second.runUntil(handle.result());
    expect(output).toEqual(expected);
    // The completed Task is not run again, and the rest ran on the new worker.
    expect(ran.filter((r) => r.endsWith(':process-order'))).toEqual(['worker-1:process-order']);
    expect(ran).toContain('worker-2:notify-customer');
  });
});
