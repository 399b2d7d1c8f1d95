import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Worker } from '@temporalio/worker';
import { type Json, type StateMachine } from '../../src/asl/types';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  StateMachineClient,
} from '../../src/client/state-machine-client';
import { createWorker } from '../../src/worker';
import { CURRENT_STATE_ATTRIBUTE, STATE_MACHINE_ATTRIBUTE } from '../../workflows/state-machine-input';
import { devServerEnv, uniqueId, workflowBundle } from '../support/temporal';

const greet: StateMachine = {
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.who)" }, End: true },
  },
};
const reject: StateMachine = {
  StartAt: 'Reject',
  States: { Reject: { Type: 'Fail', Error: 'OrderRejected', Cause: 'credit limit exceeded' } },
};
const waitADay: StateMachine = {
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', Seconds: 86400, End: true } },
};

describe('StateMachineClient on the dev server: Step Functions semantics over Temporal', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let client: StateMachineClient;
  const taskQueue = uniqueId('client');

  beforeAll(async () => {
    env = await devServerEnv();
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: workflowBundle(),
    });
    running = worker.run();
    client = new StateMachineClient(env.client, taskQueue);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  async function settled(name: string) {
    await env.client.workflow
      .getHandle(name)
      .result()
      .catch(() => undefined);
    return client.describeExecution(name);
  }

  it('describes a finished execution with its input, output and dates', async () => {
    const name = uniqueId('greet');
    const started = await client.startExecution({
      machine: greet,
      stateMachineName: 'greeter',
      name,
      input: { who: 'Ada' },
    });
    expect(started.started).toBe(true);
    const description = await settled(name);
    expect(description).toMatchObject({
      name,
      stateMachineName: 'greeter',
      status: 'SUCCEEDED',
      input: { who: 'Ada' },
      output: { greeting: 'Hello, Ada!' },
    });
    expect(description.stopDate!.getTime()).toBeGreaterThanOrEqual(description.startDate.getTime());
    const history = await client.getExecutionHistory(name);
    expect(history.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'StateEntered',
      'StateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('treats names as AWS does: the same input while running returns the execution; another input, or any once closed, is ExecutionAlreadyExists', async () => {
    const name = uniqueId('idempotent');
    const start = (input: Json) =>
      client.startExecution({ machine: waitADay, stateMachineName: 'waiter', name, input });
    const first = await start({ who: 'Bo' });
    const again = await start({ who: 'Bo' });
    expect(again).toEqual({ name, runId: first.runId, started: false });
    await expect(start({ who: 'Cy' })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    // A closed execution's name is never reused, whatever the input.
    await client.stopExecution(name);
    await expect(start({ who: 'Bo' })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("reports a failed execution's error and cause", async () => {
    const name = uniqueId('reject');
    await client.startExecution({ machine: reject, stateMachineName: 'rejecter', name, input: {} });
    await expect(settled(name)).resolves.toMatchObject({
      status: 'FAILED',
      error: 'OrderRejected',
      cause: 'credit limit exceeded',
    });
  });

  it('stops a running execution as ABORTED with the error and cause given', async () => {
    const name = uniqueId('stop');
    await client.startExecution({ machine: waitADay, stateMachineName: 'waiter', name, input: {} });
    await expect(client.describeExecution(name)).resolves.toMatchObject({ status: 'RUNNING' });
    await client.stopExecution(name, { error: 'Operator.Stop', cause: 'no longer needed' });
    await expect(client.describeExecution(name)).resolves.toMatchObject({
      status: 'ABORTED',
      error: 'Operator.Stop',
      cause: 'no longer needed',
    });
  });

  it('lists executions by state machine and status', async () => {
    const name = uniqueId('listed');
    const stateMachineName = uniqueId('lister');
    await client.startExecution({ machine: reject, stateMachineName, name, input: {} });
    await settled(name);
    // Visibility is eventually consistent: poll briefly.
    let listed: Awaited<ReturnType<StateMachineClient['listExecutions']>> = [];
    for (let i = 0; i < 50 && listed.length === 0; i++) {
      listed = await client.listExecutions({ stateMachineName, status: 'FAILED' });
      if (listed.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed.map((e) => [e.name, e.status, e.stateMachineName])).toEqual([
      [name, 'FAILED', stateMachineName],
    ]);
    await expect(client.listExecutions({ stateMachineName, status: 'SUCCEEDED' })).resolves.toEqual([]);
  });

  it('indexes the machine name and the resting state as search attributes, so the server filters', async () => {
    const name = uniqueId('indexed');
    const stateMachineName = uniqueId('indexer');
    await client.startExecution({ machine: waitADay, stateMachineName, name, input: {} });
    const handle = env.client.workflow.getHandle(name);
    let current: string | undefined;
    for (let i = 0; i < 50 && current === undefined; i++) {
      current = (await handle.describe()).typedSearchAttributes.get(CURRENT_STATE_ATTRIBUTE);
      if (current === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(current).toBe('Wait');
    // The server answers the query on the attribute (no memo filtering involved).
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i++) {
      const query = `${STATE_MACHINE_ATTRIBUTE.name} = '${stateMachineName}' AND ${CURRENT_STATE_ATTRIBUTE.name} = 'Wait'`;
      ids = [];
      for await (const execution of env.client.workflow.list({ query })) ids.push(execution.workflowId);
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ids).toEqual([name]);
    await client.stopExecution(name);
  });

  it('says ExecutionDoesNotExist for an unknown name', async () => {
    await expect(client.describeExecution(uniqueId('nobody'))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});
