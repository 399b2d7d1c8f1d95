import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { createWorker } from '../../src/worker';
import { timeSkippingEnv, uniqueId } from '../support/temporal';

describe('pattern combinators on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueId('combinators');

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../fixtures/combinator-workflows'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { code },
      handlers: {
        check: (n) => {
          if ((n as number) < 0)
            throw Object.assign(new Error(`negative: ${String(n)}`), { name: 'Negative' });
          return (n as number) * 2;
        },
      },
    });
    running = worker.run();
  }, 60_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const run = (workflowType: string, arg: unknown) =>
    env.client.workflow.execute(workflowType, { args: [arg], taskQueue, workflowId: uniqueId(workflowType) });

  async function failure(workflowType: string, arg: unknown): Promise<ApplicationFailure> {
    const err = await run(workflowType, arg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  it('map returns results in item order', async () => {
    await expect(run('mapTolerant', { items: [1, 2, 3, 4, 5] })).resolves.toEqual([2, 4, 6, 8, 10]);
  });

  it('map fails with the item’s own error when nothing is tolerated', async () => {
    expect((await failure('mapTolerant', { items: [1, -2, 3] })).type).toBe('Negative');
  });

  it('map yields {Error, Cause} for tolerated failures', async () => {
    const results = (await run('mapTolerant', { items: [1, -2, 3], toleratedFailureCount: 1 })) as unknown[];
    expect(results[0]).toBe(2);
    expect(results[1]).toMatchObject({ Error: 'Negative' });
    expect(results[2]).toBe(6);
  });

  it('map fails States.ExceedToleratedFailureThreshold beyond the tolerance', async () => {
    const err = await failure('mapTolerant', { items: [-1, -2, 3, 4], toleratedFailurePercentage: 25 });
    expect(err.type).toBe('States.ExceedToleratedFailureThreshold');
    expect(err.message).toBe('The specified tolerated failure threshold was exceeded');
  });

  it('wait sleeps on a durable timer for seconds, and not at all for a past timestamp', async () => {
    expect(await run('waitFor', { seconds: 3600 })).toBeGreaterThanOrEqual(3_600_000);
    await expect(run('waitFor', { timestamp: '2000-01-01T00:00:00Z' })).resolves.toBe(0);
    expect((await failure('waitFor', { timestamp: 'not a time' })).type).toBe('States.Runtime');
  });

  it('choice takes the first rule that holds, else the default, else fails States.NoChoiceMatched', async () => {
    await expect(run('route', { n: 11, withDefault: false })).resolves.toBe('big');
    await expect(run('route', { n: 1, withDefault: true })).resolves.toBe('small');
    const err = await failure('route', { n: 1, withDefault: false });
    expect(err.type).toBe('States.NoChoiceMatched');
    expect(err.message).toBe("No Matches! An error occurred while executing the state 'Route'.");
  });

  it('withCatch matches as ASL does and places the error output at its ResultPath', async () => {
    await expect(run('catchError', { error: 'Custom', errorEquals: ['States.ALL'] })).resolves.toEqual({
      a: 1,
      err: { Error: 'Custom', Cause: 'boom' },
    });
    await expect(
      run('catchError', { error: 'States.Timeout', errorEquals: ['States.TaskFailed'] }),
    ).rejects.toThrow();
    expect((await failure('catchError', { error: 'States.Runtime', errorEquals: ['States.ALL'] })).type).toBe(
      'States.Runtime',
    );
  });
});
