/**
 * `.waitForTaskToken` on the dev server (real time, so a waiting Task stays waiting): the token reaches the world
 * through a real service call, and SendTaskSuccess/Failure/Heartbeat come back through the client or the CLI.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { StateMachineClient } from '../../src/client/state-machine-client';
import { TaskTokenError } from '../../src/client/task-tokens';
import { runCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { uniqueId } from '../support/temporal';

const sqs = new SQSClient({ region: 'us-east-1' });

/** Tokens handed to the `approver` local function, by order id. */
const handedOut = new Map<string, string>();

/** A machine whose Task waits for a token handed to the `approver` function, then ends. */
function approval(task: Record<string, Json> = {}, extra: Record<string, State> = {}): StateMachine {
  return {
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: 'approver',
          Payload: { 'token.$': '$$.Task.Token', 'orderId.$': '$.orderId' },
        },
        End: true,
        ...task,
      } as State,
      ...extra,
    },
  };
}

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('task tokens on the dev server', () => {
  let machines: MachineWorker;
  let client: StateMachineClient;

  beforeAll(async () => {
    machines = await startMachineWorker({
      name: 'approvals',
      server: 'dev',
      handlers: {
        approver: (event) => {
          const { token, orderId } = event as { token: string; orderId: string };
          handedOut.set(orderId, token);
          return { sent: true };
        },
      },
    });
    client = new StateMachineClient(machines.env.client, machines.taskQueue);
  });
  afterAll(() => machines?.stop());

  const start = (definition: StateMachine, input: Json) => machines.start(definition, input);
  const tokenFor = (orderId: string) => eventually(() => handedOut.get(orderId), `the token of ${orderId}`);

  it('sends the token in an SQS message and completes with SendTaskSuccess from another process (the CLI)', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueId('approvals') }));
    const machine: StateMachine = {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: {
            QueueUrl: QueueUrl!,
            MessageBody: { 'taskToken.$': '$$.Task.Token', 'orderId.$': '$.orderId' },
          },
          ResultPath: '$.approval',
          End: true,
        },
      },
    };
    const handle = await start(machine, { orderId: 'sqs-1' });
    const message = await eventually(async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl!, WaitTimeSeconds: 1 }));
      return out.Messages?.[0];
    }, 'the SQS message');
    const { taskToken, orderId } = JSON.parse(message.Body!) as { taskToken: string; orderId: string };
    expect(orderId).toBe('sqs-1');

    const cli = await runCli([
      'send-task-success',
      '--address',
      sharedSetting('devServerAddress'),
      '--task-token',
      taskToken,
      '--task-output',
      '{"approved": true, "by": "ops"}',
    ]);
    expect(cli.stderr).toContain('Task success delivered.');
    expect(cli.code).toBe(0);
    expect(await handle.result()).toEqual({ orderId: 'sqs-1', approval: { approved: true, by: 'ops' } });

    // The token has ended: answering it again is TaskTimedOut, from the CLI too (exit 1, one line, a hint).
    const again = await runCli([
      'send-task-success',
      '--address',
      sharedSetting('devServerAddress'),
      '--task-token',
      taskToken,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^asl-temporal: TaskTimedOut: Task Timed Out: Provided task does not exist anymore\. /m,
    );
    expect(again.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('fails the Task with SendTaskFailure, and a Catch takes the error and cause', async () => {
    const machine = approval(
      { Catch: [{ ErrorEquals: ['Approval.Rejected'], Next: 'Rejected' }] },
      { Rejected: { Type: 'Pass', End: true } },
    );
    const handle = await start(machine, { orderId: 'reject-1' });
    await client.sendTaskFailure(await tokenFor('reject-1'), {
      error: 'Approval.Rejected',
      cause: 'over budget',
    });
    expect(await handle.result()).toEqual({ Error: 'Approval.Rejected', Cause: 'over budget' });
  });

  it('keeps waiting while heartbeats arrive within HeartbeatSeconds, then takes the answer', async () => {
    const handle = await start(approval({ HeartbeatSeconds: 2 }), { orderId: 'beat-1' });
    const token = await tokenFor('beat-1');
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      await client.sendTaskHeartbeat(token);
    }
    await client.sendTaskSuccess(token, '{"done": 3}');
    expect(await handle.result()).toEqual({ done: 3 });
  });

  it('fails with States.HeartbeatTimeout when no heartbeat comes, and States.Timeout after TimeoutSeconds', async () => {
    const silent = await start(approval({ HeartbeatSeconds: 1 }), { orderId: 'silent-1' });
    const slow = await start(approval({ TimeoutSeconds: 1 }), { orderId: 'slow-1' });
    expect((await failureOf(silent.result())).type).toBe('States.HeartbeatTimeout');
    expect((await failureOf(slow.result())).type).toBe('States.Timeout');
    // A token whose Task timed out is refused as TaskTimedOut.
    await expect(client.sendTaskSuccess(handedOut.get('slow-1')!, {})).rejects.toMatchObject({
      errorName: 'TaskTimedOut',
    });
  });

  it('refuses a malformed token (InvalidToken), a token of no execution (TaskDoesNotExist) and bad output', async () => {
    await expect(client.sendTaskSuccess('not-a-token', {})).rejects.toMatchObject({
      errorName: 'InvalidToken',
    });
    const stranger = `asl1:00000000-0000-4000-8000-000000000000:${uniqueId('nobody')}`;
    await expect(client.sendTaskHeartbeat(stranger)).rejects.toBeInstanceOf(TaskTokenError);
    await expect(client.sendTaskHeartbeat(stranger)).rejects.toMatchObject({ errorName: 'TaskDoesNotExist' });

    const handle = await start(approval(), { orderId: 'bad-output-1' });
    const token = await tokenFor('bad-output-1');
    await expect(client.sendTaskSuccess(token, '{not json')).rejects.toMatchObject({
      errorName: 'InvalidOutput',
    });
    // A token of a running execution that no Task waits on (a made-up id) does not exist either.
    const wrongId = token.replace(/^asl1:[0-9a-f-]{36}:/, 'asl1:00000000-0000-4000-8000-000000000000:');
    await expect(client.sendTaskSuccess(wrongId, {})).rejects.toMatchObject({
      errorName: 'TaskDoesNotExist',
    });
    await client.sendTaskSuccess(token, { ok: true });
    expect(await handle.result()).toEqual({ ok: true });
  });
});
