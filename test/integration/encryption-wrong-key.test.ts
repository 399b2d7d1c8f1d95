/**
 * A worker given another key, or none, for executions encrypted with a key: it fails only the workflow task, with
 * a message naming the keys (or the missing flag) in the history and the worker's log, and stays up; the execution
 * waits, and a worker with the key completes it. (Its own file: each case waits some 10 s for the server to retry
 * the failed workflow task.)
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type StateMachine } from '../../src/asl/types';
import { EncryptedPayloadGuard, EncryptionCodec } from '../../src/codec/encryption-codec';
import { encryptionKeyFrom } from '../../src/codec/encryption-key';
import { createWorker } from '../../src/worker';
import { devServerEnv, uniqueId, workflowBundle } from '../support/temporal';

const key = encryptionKeyFrom(randomBytes(32), 'the test key');
const input = { secret: 'wrong-worker' };
let env: TestWorkflowEnvironment;
let keyed: Client;

beforeAll(async () => {
  env = await devServerEnv();
  keyed = new Client({
    connection: env.connection,
    dataConverter: { payloadCodecs: [new EncryptionCodec(key)] },
  });
});

afterAll(() => env?.teardown());

describe('a worker with another key, or none', () => {
  const other = encryptionKeyFrom(randomBytes(32), 'other.key');
  it.each([
    [
      'another key',
      () => new EncryptionCodec(other),
      () =>
        `Cannot decrypt a payload: it was encrypted with key id ${key.id}, but the key of other.key has key id ${other.id}.`,
    ],
    [
      'no key',
      () => new EncryptedPayloadGuard(),
      () => `This execution's data is encrypted (key id ${key.id}): pass --encryption-key-file`,
    ],
  ])(
    'with %s fails only the workflow task, naming the keys; a worker with the key then completes it',
    async (_, codec, message) => {
      const queue = uniqueId('enc-wrong-worker');
      const workflowId = uniqueId('enc-wrong-worker');
      const pass = {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Result: 'done', End: true } },
      } as unknown as StateMachine;
      const handle = await keyed.workflow.start('stateMachine', {
        args: [{ definition: pass, input, stateMachineName: 'WrongWorker' }],
        taskQueue: queue,
        workflowId,
      });
      const wrong = await createWorker({
        connection: env.nativeConnection,
        taskQueue: queue,
        handlers: {},
        workflowBundle: workflowBundle(),
        payloadCodecs: [codec()],
      });
      // The server records the first failed attempt of a workflow task (later ones only once one succeeds).
      const failed = await wrong.runUntil(async () => {
        for (;;) {
          const { events } = await env.client.workflow.getHandle(workflowId).fetchHistory();
          const event = events?.find((e) => e.workflowTaskFailedEventAttributes);
          if (event) return event.workflowTaskFailedEventAttributes?.failure?.message;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      });
      expect(failed).toContain(message());
      const right = await createWorker({
        connection: env.nativeConnection,
        taskQueue: queue,
        handlers: {},
        workflowBundle: workflowBundle(),
        payloadCodecs: [new EncryptionCodec(key)],
      });
      await expect(right.runUntil(handle.result())).resolves.toBe('done');
    },
  );
});
