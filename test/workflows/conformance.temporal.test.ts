import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Worker } from '@temporalio/worker';
import { createWorker } from '../../src/worker';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { type ActualResult, compareResult, type ExecutionCase, readJsonLines } from '../support/conformance';
import { timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

const cases = readJsonLines<ExecutionCase>('executions.jsonl');

/** A ratchet, like the local runtime's: the Temporal adapter must give AWS's answers too. */
const REQUIRED_AGREEMENT = 1.0;
const CONCURRENT_EXECUTIONS = 8;

describe('conformance: executions recorded against AWS, on Temporal (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  const taskQueue = uniqueId('conformance');

  beforeAll(async () => {
    env = await timeSkippingEnv();
    // A plain client: the time-skipping client unlocks and relocks the server's clock around every result(), and
    // concurrent calls leave the lock count unbalanced, freezing time for the tests that follow. One unlock around
    // the whole batch instead.
    client = new Client({ connection: env.connection });
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: workflowBundle(),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  async function execute(c: ExecutionCase): Promise<ActualResult> {
    const args: StateMachineWorkflowInput = {
      definition: c.definition,
      input: c.input,
      stateMachineName: 'conformance',
      mocks: c.mocks,
    };
    try {
      const output = await client.workflow.execute('stateMachine', {
        args: [args],
        taskQueue,
        workflowId: uniqueId('conformance'),
        // A stuck case must fail with its id, not hang the whole run.
        workflowExecutionTimeout: '2 minutes',
      });
      return { status: 'SUCCEEDED', output };
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      if (!(err.cause instanceof ApplicationFailure)) {
        return { status: 'ABORTED', error: err.cause?.name, cause: err.cause?.message ?? err.message };
      }
      const failure = err.cause;
      return { status: 'FAILED', error: failure.type || undefined, cause: failure.message || undefined };
    }
  }

  it(`reproduces at least ${REQUIRED_AGREEMENT * 100}% of the ${cases.length} cases`, async () => {
    const failures: string[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < cases.length) {
        const c = cases[next++];
        let problem: string | null;
        try {
          problem = compareResult(c, await execute(c));
        } catch (err) {
          problem = `threw ${String(err)}`;
        }
        if (problem !== null) failures.push(`${c.id}: ${problem}`);
      }
    };
    const started = Date.now();
    const testService = env.connection.testService;
    if (!testService) throw new Error('The time-skipping server offers no test service.');
    await testService.unlockTimeSkipping({});
    try {
      await Promise.all(Array.from({ length: CONCURRENT_EXECUTIONS }, lane));
    } finally {
      await testService.lockTimeSkipping({});
    }
    const passed = cases.length - failures.length;
    console.log(
      `conformance (Temporal): ${passed}/${cases.length} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (failures.length > 0 ? `\n${failures.slice(0, 40).join('\n')}` : ''),
    );
    expect(passed / cases.length).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  }, 900_000);
});
