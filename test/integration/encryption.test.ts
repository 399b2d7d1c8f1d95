/**
 * Encryption at rest on the dev server: with the codec on the client and the worker, every payload Temporal
 * stores (inputs, outputs, Task inputs and results, a Distributed Map's children, continue-as-new, memos) and
 * every query result is ciphertext; with the key the execution reads back right; a wrong key says so. Then the
 * CLI end to end: `run --encryption-key-file` on the embedded server leaves no plaintext in its SQLite database.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Worker } from '@temporalio/worker';
import { loadHandlersFromDir } from '../../activities/local/load';
import { type StateMachine } from '../../src/asl/types';
import { EncryptedPayloadGuard, EncryptionCodec, ENCRYPTED_ENCODING } from '../../src/codec/encryption-codec';
import { encryptionKeyFrom } from '../../src/codec/encryption-key';
import { StateMachineClient } from '../../src/client/state-machine-client';
import { cacheDir } from '../../src/server/cache';
import { freePort } from '../../src/server/net';
import { ENCRYPTING_FAILURE_CONVERTER } from '../../src/cli/encryption';
import { createWorker } from '../../src/worker';
import { workflowBundle as cachedWorkflowBundle } from '../../src/workflow-bundle';
import { TRACE_QUERY, type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { runCli, startCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { isolatedCacheEnv } from '../support/isolated-cache';
import { tempDir } from '../support/temp-dir';
import { devServerEnv, runChain, uniqueId } from '../support/temporal';

// The handler builds its marker at run time, so it is in no input: only Task results and outputs carry it.
const HANDLER = `exports.handler = async (event) => ({ seen: event, stamp: ['handler', 'output', event.tag].join('-') });\n`;
const INPUT_MARKER = `input-marker-${randomBytes(6).toString('hex')}`;
const TAG = randomBytes(6).toString('hex');
const OUTPUT_MARKER = `handler-output-${TAG}`;
const CAUSE_MARKER = `handler-cause-${TAG}`;
const REFUSE = `exports.handler = async (event) => { const e = new Error(['handler', 'cause', event.tag].join('-')); e.name = 'Refused'; throw e; };\n`;

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:mark';
const definition: StateMachine = {
  StartAt: 'Mark',
  States: {
    Mark: { Type: 'Task', Resource: LAMBDA, Next: 'Fan' },
    Fan: {
      Type: 'Map',
      ItemsPath: '$.seen.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Each',
        States: { Each: { Type: 'Task', Resource: LAMBDA, End: true } },
      },
      ResultPath: '$.fanned',
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
} as unknown as StateMachine;

const input = { secret: INPUT_MARKER, tag: TAG, items: [{ secret: `${INPUT_MARKER}-item`, tag: TAG }] };

type Payload = temporal.api.common.v1.IPayload;

/** Every payload in a history, with where it was found; search attributes are left out (see below). */
function payloadsIn(value: unknown, path: string, found: { path: string; payload: Payload }[]): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  const object = value as Record<string, unknown>;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (
    metadata &&
    typeof metadata === 'object' &&
    Object.values(metadata).every((v) => v instanceof Uint8Array)
  ) {
    found.push({ path, payload: object as Payload });
    return;
  }
  for (const [key, child] of Object.entries(object)) {
    // Search attributes are indexed by the server, so they cannot be encrypted; they hold the state machine's
    // name and its current state, never execution data. Patch markers are written by the SDK's core, past the
    // codecs; they hold only a patch id (`asl-transition-budget-1`).
    if (key === 'searchAttributes' || key === 'patch-data') continue;
    payloadsIn(child, `${path}.${key}`, found);
  }
}

const encodingOf = (p: Payload) => Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString();

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let keyed: Client;
let taskQueue: string;
let handlersDir: string;
const key = encryptionKeyFrom(randomBytes(32), 'the test key');

beforeAll(async () => {
  handlersDir = tempDir('enc-handlers');
  writeFileSync(join(handlersDir, 'mark.js'), HANDLER);
  writeFileSync(join(handlersDir, 'refuse.js'), REFUSE);
  env = await devServerEnv();
  // An encrypting worker's bundle carries the failure converter that moves messages into encrypted payloads.
  const { code } = await cachedWorkflowBundle({ failureConverterPath: ENCRYPTING_FAILURE_CONVERTER });
  taskQueue = uniqueId('encryption');
  worker = await createWorker({
    connection: env.nativeConnection,
    taskQueue,
    handlers: loadHandlersFromDir(handlersDir),
    workflowBundle: { code },
    payloadCodecs: [new EncryptionCodec(key)],
    failureConverterPath: ENCRYPTING_FAILURE_CONVERTER,
  });
  running = worker.run();
  keyed = new Client({
    connection: env.connection,
    dataConverter: { payloadCodecs: [new EncryptionCodec(key)] },
  });
}, 300_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('an execution with the encryption codec', () => {
  let workflowId: string;
  let runs: temporal.api.history.v1.IHistoryEvent[][];

  beforeAll(async () => {
    workflowId = uniqueId('encrypted');
    const args: StateMachineWorkflowInput = {
      definition,
      input,
      stateMachineName: 'Encrypted',
      // A continue-as-new at each state boundary, so the next runs' inputs are in the history too.
      continueAsNewAfterEvents: 5,
    };
    const handle = await keyed.workflow.start('stateMachine', {
      args: [args],
      taskQueue,
      workflowId,
      memo: { stateMachineName: 'Encrypted' },
    });
    await handle.result();
    runs = await runChain(env.client, workflowId, handle.firstExecutionRunId);
  });

  it('reads back right with the key', async () => {
    const described = await new StateMachineClient(keyed, taskQueue).describeExecution(workflowId);
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      stateMachineName: 'Encrypted',
      input,
      output: {
        seen: input,
        stamp: OUTPUT_MARKER,
        fanned: [{ seen: input.items[0], stamp: OUTPUT_MARKER }],
      },
    });
  });

  it('stores only ciphertext: every payload of every run and child is binary/encrypted', async () => {
    expect(runs.length).toBeGreaterThan(1);
    const childIds = runs
      .flat()
      .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
      .filter((id): id is string => typeof id === 'string');
    expect(childIds.length).toBeGreaterThan(0);
    const histories = [
      ...runs.map((events) => ({ events })),
      ...(await Promise.all(childIds.map((id) => env.client.workflow.getHandle(id).fetchHistory()))),
    ];
    const found: { path: string; payload: Payload }[] = [];
    histories.forEach((history, i) => payloadsIn(history.events, `history[${i}]`, found));
    const kinds = new Set(found.map(({ path }) => path.split('.').find((p) => p.endsWith('Attributes'))));
    // Workflow and child inputs and results, activity inputs and results, continue-as-new inputs.
    for (const kind of [
      'workflowExecutionStartedEventAttributes',
      'activityTaskScheduledEventAttributes',
      'activityTaskCompletedEventAttributes',
      'startChildWorkflowExecutionInitiatedEventAttributes',
      'childWorkflowExecutionCompletedEventAttributes',
      'workflowExecutionContinuedAsNewEventAttributes',
      'workflowExecutionCompletedEventAttributes',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(found.filter(({ payload }) => encodingOf(payload) !== ENCRYPTED_ENCODING)).toEqual([]);
    for (const history of histories) {
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      expect(bytes.includes(INPUT_MARKER)).toBe(false);
      expect(bytes.includes(OUTPUT_MARKER)).toBe(false);
    }
  });

  it('answers queries with ciphertext', async () => {
    const { queryResult } = await env.client.workflowService.queryWorkflow({
      namespace: 'default',
      execution: { workflowId },
      query: { queryType: TRACE_QUERY },
    });
    const payloads = queryResult?.payloads ?? [];
    expect(payloads.map(encodingOf)).toEqual([ENCRYPTED_ENCODING]);
    expect(Buffer.from(payloads[0].data ?? []).includes(OUTPUT_MARKER)).toBe(false);
    // The same query through the keyed client reads the trace, output marker included.
    const trace = await keyed.workflow.getHandle(workflowId).query(TRACE_QUERY);
    expect(JSON.stringify(trace)).toContain(OUTPUT_MARKER);
  });

  it('fails with a clear error with a wrong key or none', async () => {
    const other = encryptionKeyFrom(randomBytes(32), '/keys/other.key');
    const wrong = new Client({
      connection: env.connection,
      dataConverter: { payloadCodecs: [new EncryptionCodec(other)] },
    });
    await expect(new StateMachineClient(wrong, taskQueue).describeExecution(workflowId)).rejects.toThrow(
      `Cannot decrypt a payload: it was encrypted with key id ${key.id}, but the key of /keys/other.key has key id ${other.id}.`,
    );
    const keyless = new Client({
      connection: env.connection,
      dataConverter: { payloadCodecs: [new EncryptedPayloadGuard()] },
    });
    await expect(keyless.workflow.getHandle(workflowId).result()).rejects.toThrow(
      `This execution's data is encrypted (key id ${key.id}): pass --encryption-key-file with its key to read it.`,
    );
  });
});

describe('a failed execution with the encryption codec', () => {
  it('stores the failure messages (the cause) encrypted, and the keyed client reads them', async () => {
    const workflowId = uniqueId('encrypted-failure');
    const refusing = {
      StartAt: 'Refuse',
      States: { Refuse: { Type: 'Task', Resource: LAMBDA.replace(':mark', ':refuse'), End: true } },
    } as unknown as StateMachine;
    const handle = await keyed.workflow.start('stateMachine', {
      args: [{ definition: refusing, input, stateMachineName: 'EncryptedFailure' }],
      taskQueue,
      workflowId,
    });
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const failure = (err as WorkflowFailedError).cause as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('Refused');
    expect(failure.message).toContain(CAUSE_MARKER);

    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(bytes.includes(CAUSE_MARKER)).toBe(false);
    expect(bytes.includes(INPUT_MARKER)).toBe(false);
    const found: { path: string; payload: Payload }[] = [];
    payloadsIn(history.events, 'history', found);
    const encoded = found.filter(({ path }) => path.includes('encodedAttributes'));
    // The activity's failure and the execution's own.
    expect(encoded.map(({ path }) => path.split('.').find((p) => p.endsWith('EventAttributes')))).toEqual(
      expect.arrayContaining(['activityTaskFailedEventAttributes', 'workflowExecutionFailedEventAttributes']),
    );
    expect(found.filter(({ payload }) => encodingOf(payload) !== ENCRYPTED_ENCODING)).toEqual([]);
  });
});

describe('asl-temporal run --encryption-key-file on the embedded server', () => {
  let definitionFile: string;

  /** A cache of its own (so a database of its own) that shares the real cache's workflow bundles. */
  async function cliEnv(prefix: string): Promise<NodeJS.ProcessEnv & { ASL_TEMPORAL_CACHE: string }> {
    const cliCache = await isolatedCacheEnv(prefix);
    symlinkSync(join(cacheDir(), 'workflow-bundles'), join(cliCache.ASL_TEMPORAL_CACHE, 'workflow-bundles'));
    return cliCache;
  }

  /** Every byte the embedded server wrote to its database (the SQLite file and its journals). */
  function databaseBytes(cache: string): Buffer {
    const dir = join(cache, 'dev-server');
    return Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));
  }

  beforeAll(() => {
    const dir = tempDir('enc-cli');
    definitionFile = join(dir, 'definition.asl.json');
    writeFileSync(definitionFile, JSON.stringify(definition));
  });

  it('runs to the right output and stores no plaintext; without the key the same run does', async () => {
    const keyFile = join(tempDir('enc-key'), 'payload.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`);
    const cli = await cliEnv('enc-run');
    const marker = `cli-input-${randomBytes(6).toString('hex')}`;
    const args = (secret: string) => [
      'run',
      definitionFile,
      '--handlers',
      handlersDir,
      '--input',
      JSON.stringify({ ...input, secret }),
      '--json',
    ];
    const encrypted = await runCli([...args(marker), '--encryption-key-file', keyFile], {
      env: cli,
      timeoutMs: 120_000,
    });
    expect(encrypted.stderr).not.toContain('asl-temporal:');
    expect(encrypted.code).toBe(0);
    expect(JSON.parse(encrypted.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      output: { seen: { secret: marker }, stamp: OUTPUT_MARKER },
    });
    let stored = databaseBytes(cli.ASL_TEMPORAL_CACHE);
    expect(stored.includes(ENCRYPTED_ENCODING)).toBe(true);
    expect(stored.includes(marker)).toBe(false);
    expect(stored.includes(OUTPUT_MARKER)).toBe(false);

    // The control: the same run without the key leaves both markers in the database, so the check above bites.
    const plainMarker = `cli-plain-${randomBytes(6).toString('hex')}`;
    const plain = await runCli(args(plainMarker), { env: cli, timeoutMs: 120_000 });
    expect(plain.code).toBe(0);
    stored = databaseBytes(cli.ASL_TEMPORAL_CACHE);
    expect(stored.includes(plainMarker)).toBe(true);
    expect(stored.includes(OUTPUT_MARKER)).toBe(true);
  });

  it('refuses a key file that does not hold a 256-bit key, naming it', async () => {
    const keyFile = join(tempDir('enc-badkey'), 'short.key');
    writeFileSync(keyFile, 'abcd\n');
    const r = await runCli([
      'run',
      definitionFile,
      '--handlers',
      handlersDir,
      '--encryption-key-file',
      keyFile,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `asl-temporal run: The encryption key file ${keyFile} holds 4 hex digits, not 64; it must hold a 256-bit key: 64 hex digits`,
    );
  });
});

describe('asl-temporal worker, start and describe --encryption-key-file on a cluster', () => {
  it('run an execution encrypted end to end; describe without the key or with another names the problem', async () => {
    const keys = tempDir('enc-keys');
    const keyFile = join(keys, 'payload.key');
    writeFileSync(keyFile, randomBytes(32).toString('base64'));
    const otherFile = join(keys, 'other.key');
    writeFileSync(otherFile, randomBytes(32));
    const definitionFile = join(keys, 'definition.asl.json');
    writeFileSync(
      definitionFile,
      JSON.stringify({ StartAt: 'Mark', States: { Mark: { Type: 'Task', Resource: LAMBDA, End: true } } }),
    );
    const address = sharedSetting('devServerAddress');
    const queue = uniqueId('enc-cli-worker');
    const cluster = ['--address', address, '--task-queue', queue];
    const worker = await startCli(
      ['worker', ...cluster, '--handlers', handlersDir, '--encryption-key-file', keyFile],
      'Payloads are encrypted (AES-256-GCM).',
    );
    try {
      const name = uniqueId('enc-cli');
      const started = await runCli([
        'start',
        definitionFile,
        ...cluster,
        '--name',
        name,
        '--input',
        JSON.stringify(input),
        '--encryption-key-file',
        keyFile,
      ]);
      expect(started.code).toBe(0);
      await keyed.workflow
        .getHandle(name)
        .result()
        .catch(() => undefined);
      const described = await runCli([
        'describe',
        name,
        '--address',
        address,
        '--json',
        '--encryption-key-file',
        keyFile,
      ]);
      expect(described.code).toBe(0);
      expect(JSON.parse(described.stdout)).toMatchObject({
        status: 'SUCCEEDED',
        input,
        output: { seen: input, stamp: OUTPUT_MARKER },
      });
      // history answers through the worker's query, encrypted on the way and read with the key.
      const historyCli = await runCli([
        'history',
        name,
        '--address',
        address,
        '--json',
        '--encryption-key-file',
        keyFile,
      ]);
      expect(historyCli.code).toBe(0);
      const events = (JSON.parse(historyCli.stdout) as { events: { type: string; output?: unknown }[] })
        .events;
      expect(events.map((e) => e.type)).toContain('TaskSucceeded');
      expect(historyCli.stdout).toContain(OUTPUT_MARKER);
      const keyless = await runCli(['describe', name, '--address', address]);
      expect(keyless.code).toBe(2);
      expect(keyless.stderr).toMatch(
        /asl-temporal: This execution's data is encrypted \(key id [0-9a-f]{16}\): pass --encryption-key-file/,
      );
      const wrong = await runCli([
        'describe',
        name,
        '--address',
        address,
        '--encryption-key-file',
        otherFile,
      ]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(
        new RegExp(
          `asl-temporal: Cannot decrypt a payload: it was encrypted with key id [0-9a-f]{16}, but the key of ` +
            `${otherFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has key id [0-9a-f]{16}\\.`,
        ),
      );
      // Stored encrypted: the raw history holds neither marker.
      const history = await env.client.workflow.getHandle(name).fetchHistory();
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      expect(bytes.includes(INPUT_MARKER)).toBe(false);
      expect(bytes.includes(OUTPUT_MARKER)).toBe(false);
    } finally {
      await worker.stop();
    }
  });
});

describe('asl-temporal dev --encryption-key-file', () => {
  it('runs what start sends encrypted, and describe reads it with the key', async () => {
    const keys = tempDir('enc-dev');
    const keyFile = join(keys, 'payload.key');
    writeFileSync(keyFile, randomBytes(32).toString('hex'));
    const definitionFile = join(keys, 'definition.asl.json');
    writeFileSync(
      definitionFile,
      JSON.stringify({ StartAt: 'Mark', States: { Mark: { Type: 'Task', Resource: LAMBDA, End: true } } }),
    );
    // A database of its own: startCli passes this process's environment on.
    const cli = await isolatedCacheEnv('enc-dev-cache');
    symlinkSync(join(cacheDir(), 'workflow-bundles'), join(cli.ASL_TEMPORAL_CACHE, 'workflow-bundles'));
    const saved = { ...process.env };
    Object.assign(process.env, cli);
    let dev: Awaited<ReturnType<typeof startCli>>;
    try {
      dev = await startCli(
        [
          'dev',
          '--ui-port',
          String(await freePort()),
          // dev serves the Step Functions API too: a free port, not 8083, which something else may hold.
          '--api-port',
          '0',
          '--handlers',
          handlersDir,
          '--encryption-key-file',
          keyFile,
        ],
        'Worker polling',
        120_000,
      );
    } finally {
      for (const name of Object.keys(cli)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    try {
      const address = /Temporal address: (\S+)/.exec(dev.output())![1];
      const name = uniqueId('enc-dev');
      const started = await runCli([
        'start',
        definitionFile,
        '--address',
        address,
        '--name',
        name,
        '--input',
        JSON.stringify(input),
        '--encryption-key-file',
        keyFile,
      ]);
      expect(started.code).toBe(0);
      const connection = await Connection.connect({ address });
      try {
        const raw = new Client({ connection });
        // The raw result is ciphertext (the keyless SDK cannot read it) ...
        await expect(raw.workflow.getHandle(name).result()).rejects.toThrow(
          'Unknown encoding: binary/encrypted',
        );
      } finally {
        await connection.close();
      }
      // ... and describe with the key reads it.
      const described = await runCli([
        'describe',
        name,
        '--address',
        address,
        '--json',
        '--encryption-key-file',
        keyFile,
      ]);
      expect(described.code).toBe(0);
      expect(JSON.parse(described.stdout)).toMatchObject({
        status: 'SUCCEEDED',
        output: { stamp: OUTPUT_MARKER },
      });
    } finally {
      await dev.stop();
    }
  });
});
