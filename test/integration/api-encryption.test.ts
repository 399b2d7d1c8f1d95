/**
 * `asl-temporal serve --encryption-key-file`: what the API stores in Temporal (the machine's record, the
 * execution's input, Task inputs and results, its output) is ciphertext to a plain Temporal client without the key,
 * while the API answers in plaintext.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { StateMachineClient } from '../../src/client/state-machine-client';
import { ENCRYPTED_ENCODING } from '../../src/codec/encryption-codec';
import { stateMachineEntityId } from '../../workflows/state-machine-entity';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { eventually, PASSING, ROLE, type Serve, startServe } from './api-support';

const MARKER = `api-secret-${randomBytes(6).toString('hex')}`;

interface RawPayload {
  readonly metadata?: Record<string, Uint8Array> | null;
  readonly data?: Uint8Array | null;
}

/** Every payload in a raw (undecoded) history or description, but search attributes and patch markers. */
function payloads(value: unknown, found: RawPayload[] = []): RawPayload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const object = value as Record<string, unknown>;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (
    metadata &&
    typeof metadata === 'object' &&
    Object.values(metadata).every((v) => v instanceof Uint8Array)
  ) {
    found.push(object as RawPayload);
    return found;
  }
  for (const [key, child] of Object.entries(object)) {
    // Search attributes are indexed by the server (the machine's name, never data); patch markers hold a patch id.
    if (key === 'searchAttributes' || key === 'patch-data') continue;
    payloads(child, found);
  }
  return found;
}

const encoding = (p: RawPayload) => Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString();
const bytes = (p: RawPayload) => Buffer.from(p.data ?? new Uint8Array()).toString('latin1');

describe('serve --encryption-key-file', () => {
  let serve: Serve;
  const taskQueue = uniqueId('api-encrypted');

  beforeAll(async () => {
    const dir = tempDir('api-encryption');
    const keyFile = join(dir, 'payload.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`);
    // The handler builds a second marker at run time, so only Task results and the output carry it.
    writeFileSync(
      join(dir, 'stamp.js'),
      "exports.handler = async (event) => ({ seen: event, stamp: ['stamped', event.tag].join('-') });\n",
    );
    serve = await startServe(taskQueue, ['--encryption-key-file', keyFile, '--handlers', dir]);
  }, 120_000);
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  it('stores ciphertext for the machine and its execution, and answers the API in plaintext', async () => {
    const { sfn } = serve;
    const tag = randomBytes(6).toString('hex');
    const definition = JSON.stringify({
      StartAt: 'Stamp',
      States: {
        Stamp: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:stamp',
          Next: 'Mark',
        },
        Mark: { Type: 'Pass', Result: MARKER, ResultPath: '$.mark', End: true },
      },
    });
    const name = uniqueId('secret');
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name, definition, roleArn: ROLE }),
    );
    const input = JSON.stringify({ secret: MARKER, tag });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'e1', input }),
    );
    const done = await eventually(async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, 'the encrypted execution');
    // The API decrypts: input, output and history in plaintext.
    expect(done.status).toBe('SUCCEEDED');
    expect(done.input).toBe(input);
    expect(JSON.parse(done.output!)).toEqual({
      seen: { secret: MARKER, tag },
      stamp: `stamped-${tag}`,
      mark: MARKER,
    });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events![0].executionStartedEventDetails!.input).toBe(input);
    expect(
      events!.find((e) => e.type === 'LambdaFunctionSucceeded')!.lambdaFunctionSucceededEventDetails!.output,
    ).toBe(JSON.stringify({ seen: { secret: MARKER, tag }, stamp: `stamped-${tag}` }));

    // A Temporal client without the key sees only ciphertext.
    const connection = await Connection.connect({ address: sharedSetting('devServerAddress') });
    try {
      const plain = new Client({ connection });
      const history = await plain.workflow.getHandle(`${name}:e1`).fetchHistory();
      const stored = payloads(history.events);
      // The start input, the Task's input and result, and the output at least.
      expect(stored.length).toBeGreaterThanOrEqual(4);
      expect(stored.map(encoding)).toEqual(stored.map(() => ENCRYPTED_ENCODING));
      const text = stored.map(bytes).join('\n');
      expect(text).not.toContain(MARKER);
      expect(text).not.toContain(`stamped-${tag}`);
      // The machine's record (its definition holds the marker) is an encrypted memo too.
      // (Raw: the client's describe() would try to decode the memo, and cannot without the key.)
      const entity = await plain.workflowService.describeWorkflowExecution({
        namespace: 'default',
        execution: { workflowId: stateMachineEntityId(name) },
      });
      const memo = payloads(entity.workflowExecutionInfo?.memo);
      expect(memo.length).toBeGreaterThan(0);
      expect(memo.map(encoding)).toEqual(memo.map(() => ENCRYPTED_ENCODING));
      expect(memo.map(bytes).join('\n')).not.toContain(MARKER);
    } finally {
      await connection.close();
    }
  }, 90_000);

  it('leaves what another key encrypted out of the lists of a client without the key, and lists the rest', async () => {
    const name = uniqueId('secret-listed');
    await serve.sfn.send(new CreateStateMachineCommand({ name, definition: PASSING, roleArn: ROLE }));
    const plainServe = await startServe(uniqueId('api-plain'));
    try {
      const visible = uniqueId('plain-listed');
      await plainServe.sfn.send(
        new CreateStateMachineCommand({ name: visible, definition: PASSING, roleArn: ROLE }),
      );
      // The plain API lists its own machine and not the encrypted one, and says what it left out.
      const names = await eventually(async () => {
        const listed = await plainServe.sfn.send(new ListStateMachinesCommand({}));
        const found = listed.stateMachines!.map((m) => m.name);
        return found.includes(visible) ? found : undefined;
      }, 'the plain machine in the list');
      expect(names).not.toContain(name);
      expect(plainServe.process.output()).toMatch(
        /stateMachineEntity records left out of the list.*encrypted/,
      );
      // The key's API still lists both.
      const both = await eventually(async () => {
        const listed = await serve.sfn.send(new ListStateMachinesCommand({}));
        const found = listed.stateMachines!.map((m) => m.name);
        return found.includes(name) ? found : undefined;
      }, 'the encrypted machine in the list of the API with the key');
      expect(both).toContain(visible);
    } finally {
      expect(await plainServe.process.stop()).toBe(0);
    }
    // A plain client's execution list skips the encrypted execution of the first test instead of failing.
    const connection = await Connection.connect({ address: sharedSetting('devServerAddress') });
    try {
      const executions = await new StateMachineClient(new Client({ connection })).listExecutions({
        limit: 1000,
      });
      expect(executions.some((e) => e.name.endsWith(':e1') && e.name.startsWith('secret'))).toBe(false);
    } finally {
      await connection.close();
    }
  }, 120_000);
});
