/**
 * `states:startExecution` runs the nested machine as a child workflow of the generic workflow. Machines come from the
 * worker's registry or, when it does not know them, from DescribeStateMachine (moto's server here).
 */
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { uniqueId } from '../support/temporal';

const ACCOUNT = '123456789012';
const arnOf = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;

/** Doubles `$.n` after a one-hour Wait (skipped by the test server). */
const doubler: StateMachine = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 3600, Next: 'Double' },
    Double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, $.n)' }, End: true },
  },
};

/** Triples `$.n` at once. */
const tripler: StateMachine = {
  StartAt: 'Triple',
  States: {
    Triple: {
      Type: 'Pass',
      Parameters: { 'n.$': 'States.MathAdd($.n, States.MathAdd($.n, $.n))' },
      End: true,
    },
  },
};

const failing: StateMachine = {
  StartAt: 'Boom',
  States: { Boom: { Type: 'Fail', Error: 'Child.Broke', Cause: 'on purpose' } },
};

/** A parent whose one Task starts `machineArn` with the parent's input under `name`. */
function parent(resource: string, machineArn: string, name: string): StateMachine {
  return {
    StartAt: 'Nested',
    States: {
      Nested: {
        Type: 'Task',
        Resource: resource,
        Parameters: { StateMachineArn: machineArn, Name: name, 'Input.$': '$' },
        End: true,
      },
    },
  };
}

describe('nested executions (states:startExecution) as child workflows', () => {
  let machines: MachineWorker;
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    machines = await startMachineWorker({
      name: 'parent',
      server: 'time-skipping',
      activities: { stateMachines: { doubler, tripler, failing } },
    });
    env = machines.env;
  });
  afterAll(() => machines?.stop());

  const execute = (definition: StateMachine, input: Json) =>
    machines.execute(definition, input, { account: ACCOUNT });

  it('.sync:2 waits for the child and returns its description with JSON input and output', async () => {
    const name = uniqueId('child');
    const output = (await execute(
      parent('arn:aws:states:::states:startExecution.sync:2', arnOf('doubler'), name),
      { n: 21 },
    )) as Record<string, Json>;
    expect(output).toEqual({
      ExecutionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:doubler:${name}`,
      Input: { n: 21 },
      InputDetails: { Included: true },
      Name: name,
      Output: { n: 42 },
      OutputDetails: { Included: true },
      StartDate: expect.any(Number),
      StateMachineArn: arnOf('doubler'),
      Status: 'SUCCEEDED',
      StopDate: expect.any(Number),
    });
    // The child is a real execution of its own: the workflow id is the execution name.
    const child = await env.client.workflow.getHandle(name).describe();
    expect(child.status.name).toBe('COMPLETED');
  });

  it('.sync returns Input and Output as JSON strings', async () => {
    const output = (await execute(
      parent('arn:aws:states:::states:startExecution.sync', arnOf('doubler'), uniqueId('child')),
      { n: 2 },
    )) as Record<string, Json>;
    expect(output.Input).toBe('{"n":2}');
    expect(output.Output).toBe('{"n":4}');
  });

  it('a failed child fails the Task with States.TaskFailed and its description as the cause', async () => {
    const name = uniqueId('child');
    const machine = parent('arn:aws:states:::states:startExecution.sync:2', arnOf('failing'), name);
    Object.assign(machine.States, {
      Nested: {
        ...(machine.States.Nested as object),
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
      },
    });
    Object.assign(machine.States, { Caught: { Type: 'Pass', End: true } });
    const output = (await execute(machine, { n: 1 })) as { Error: string; Cause: string };
    expect(output.Error).toBe('States.TaskFailed');
    expect(JSON.parse(output.Cause)).toMatchObject({
      Name: name,
      Status: 'FAILED',
      Error: 'Child.Broke',
      Cause: 'on purpose',
      StateMachineArn: arnOf('failing'),
    });
  });

  it('a name already taken fails with StepFunctions.ExecutionAlreadyExistsException', async () => {
    const name = uniqueId('child');
    await execute(parent('arn:aws:states:::states:startExecution.sync:2', arnOf('doubler'), name), { n: 1 });
    const machine = parent('arn:aws:states:::states:startExecution.sync:2', arnOf('doubler'), name);
    Object.assign(machine.States, {
      Nested: {
        ...(machine.States.Nested as object),
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
      },
    });
    Object.assign(machine.States, { Caught: { Type: 'Pass', End: true } });
    const output = (await execute(machine, { n: 1 })) as { Error: string };
    expect(output.Error).toBe('StepFunctions.ExecutionAlreadyExistsException');
  });

  it('starts a machine the worker does not know by asking DescribeStateMachine (moto)', async () => {
    const sfn = new SFNClient({ region: 'us-east-1' });
    const name = uniqueId('remote').slice(0, 60);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name,
        definition: JSON.stringify({
          StartAt: 'Greet',
          States: {
            Greet: {
              Type: 'Pass',
              Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" },
              End: true,
            },
          },
        }),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`,
      }),
    );
    const output = (await execute(
      parent('arn:aws:states:::states:startExecution.sync:2', stateMachineArn!, uniqueId('child')),
      { who: 'moto' },
    )) as Record<string, Json>;
    expect(output.Output).toEqual({ greeting: 'hello moto' });
    expect(output.StateMachineArn).toBe(arnOf(name));
  });
});

// After a parent that abandoned a child completes, the Java time-skipping server stops skipping time, so this runs on
// a server of its own rather than the one of the tests above.
describe('a request-response nested execution', () => {
  let own: MachineWorker;
  beforeAll(async () => {
    own = await startMachineWorker({
      name: 'parent',
      server: 'time-skipping',
      activities: { stateMachines: { tripler } },
    });
  }, 60_000);
  afterAll(() => own?.stop());

  it('request-response returns at once with the ARN and start date; the child runs on', async () => {
    const name = uniqueId('child');
    const output = (await own.execute(
      parent('arn:aws:states:::states:startExecution', arnOf('tripler'), name),
      {
        n: 5,
      },
      { account: ACCOUNT },
    )) as Record<string, Json>;
    expect(output).toEqual({
      ExecutionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:tripler:${name}`,
      StartDate: expect.any(Number),
    });
    // The child outlives its parent (abandoned, not awaited) and finishes on its own.
    expect(await own.env.client.workflow.getHandle(name).result()).toEqual({ n: 15 });
  });
});
