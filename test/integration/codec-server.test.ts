/**
 * The codec server over HTTP, as the Temporal Web UI calls it: /encode and /decode round-trip, a payload the
 * worker encrypted on the dev server decodes to its plaintext, other encodings pass through, CORS answers the
 * UI's origin only, and with a token file every request needs the bearer token (the CLI command end to end).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { type StateMachine } from '../../src/asl/types';
import { type CodecServer, startCodecServer } from '../../src/codec/codec-server';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { encryptionKeyFrom } from '../../src/codec/encryption-key';
import { createWorker } from '../../src/worker';
import { startCli } from '../support/cli';
import { tempDir } from '../support/temp-dir';
import { devServerEnv, uniqueId, workflowBundle } from '../support/temporal';

const UI = 'http://localhost:8233';
const raw = randomBytes(32);
const key = encryptionKeyFrom(raw, 'the test key');
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const text = (s: string) => Buffer.from(s, 'base64').toString('utf8');

interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}

/** A payload as the UI sends it: proto3 JSON, metadata values and data in base64. */
const jsonPayload = (value: unknown): JsonPayload => ({
  metadata: { encoding: b64('json/plain') },
  data: b64(JSON.stringify(value)),
});

let server: CodecServer;

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { payloads?: JsonPayload[]; message?: string }; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never, headers: response.headers };
}

beforeAll(async () => {
  server = await startCodecServer({ codec: new EncryptionCodec(key), uiOrigin: UI });
});

afterAll(() => server?.close());

describe('the codec server protocol', () => {
  it('binds loopback by default', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('round-trips /encode then /decode', async () => {
    const plain = [jsonPayload({ secret: 'round-trip' }), jsonPayload([1, 2, 3])];
    const encoded = await post('/encode', { payloads: plain });
    expect(encoded.status).toBe(200);
    expect(encoded.body.payloads!.map((p) => text(p.metadata.encoding))).toEqual([
      'binary/encrypted',
      'binary/encrypted',
    ]);
    expect(encoded.body.payloads!.map((p) => text(p.metadata['encryption-key-id']))).toEqual([
      key.id,
      key.id,
    ]);
    expect(Buffer.from(encoded.body.payloads![0].data, 'base64').includes('round-trip')).toBe(false);
    const decoded = await post('/decode', encoded.body);
    expect(decoded.status).toBe(200);
    expect(decoded.body).toEqual({ payloads: plain });
  });

  it('decodes what a worker encrypted on the dev server into the plaintext', async () => {
    const env = await devServerEnv();
    const codec = new EncryptionCodec(key);
    const taskQueue = uniqueId('codec-server');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: workflowBundle(),
      payloadCodecs: [codec],
    });
    try {
      const client = new Client({ connection: env.connection, dataConverter: { payloadCodecs: [codec] } });
      const definition = {
        StartAt: 'Answer',
        States: { Answer: { Type: 'Pass', Result: { answer: 'from-the-worker' }, End: true } },
      } as unknown as StateMachine;
      const workflowId = uniqueId('codec-server');
      await worker.runUntil(
        client.workflow.execute('stateMachine', {
          args: [{ definition, input: {}, stateMachineName: 'Codec' }],
          taskQueue,
          workflowId,
        }),
      );
      // The raw history, as the Web UI fetches it, without any codec.
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      const stored = history.events!.at(-1)!.workflowExecutionCompletedEventAttributes!.result!.payloads![0];
      const body = {
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(stored.metadata!).map(([k, v]) => [k, b64(Buffer.from(v))]),
            ),
            data: b64(Buffer.from(stored.data!)),
          },
        ],
      };
      expect(text(body.payloads[0].metadata.encoding)).toBe('binary/encrypted');
      const decoded = await post('/decode', body);
      expect(decoded.status).toBe(200);
      expect(text(decoded.body.payloads![0].metadata.encoding)).toBe('json/plain');
      expect(JSON.parse(text(decoded.body.payloads![0].data))).toEqual({ answer: 'from-the-worker' });
    } finally {
      await env.teardown();
    }
  });

  it('passes payloads in unknown encodings through unchanged', async () => {
    const payloads = [
      jsonPayload('plain'),
      { metadata: { encoding: b64('binary/snappy'), other: b64('x') }, data: b64(randomBytes(20)) },
      { metadata: { encoding: b64('binary/null') }, data: '' },
    ];
    const decoded = await post('/decode', { payloads });
    expect(decoded.status).toBe(200);
    expect(decoded.body).toEqual({ payloads });
  });

  it('answers under a namespace segment too (the CLI templating /{namespace}/decode)', async () => {
    const encoded = await post('/default/encode', { payloads: [jsonPayload(7)] });
    const decoded = await post('/default/decode', encoded.body);
    expect(decoded.body).toEqual({ payloads: [jsonPayload(7)] });
  });

  it('says what is wrong with a bad body, a wrong key or a wrong path', async () => {
    expect(await post('/decode', '{nope')).toMatchObject({ status: 400 });
    expect(await post('/decode', { payloads: [{ data: 'not base64!' }] })).toMatchObject({
      status: 400,
      body: { message: 'bad request: payloads[0].data must be a base64 string' },
    });
    const other = encryptionKeyFrom(randomBytes(32), 'other');
    const [sealed] = await new EncryptionCodec(other).encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('1') },
    ]);
    const foreign = {
      metadata: Object.fromEntries(
        Object.entries(sealed.metadata!).map(([k, v]) => [k, b64(Buffer.from(v))]),
      ),
      data: b64(Buffer.from(sealed.data!)),
    };
    expect(await post('/decode', { payloads: [foreign] })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining(`encrypted with key id ${other.id}`) },
    });
    expect((await post('/other', { payloads: [] })).status).toBe(404);
    expect((await fetch(`${server.url}/decode`)).status).toBe(405);
  });
});

describe('CORS for the Web UI', () => {
  it('answers the preflight from the UI origin with the headers it sends, credentials included', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: UI,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-namespace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/^Content-Type,X-Namespace\b/);
  });

  it('refuses the preflight from another origin and gives it no CORS headers', async () => {
    const response = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks the UI origin allowed on the POST itself', async () => {
    const r = await post('/encode', { payloads: [] }, { Origin: UI });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ payloads: [] });
    expect(r.headers.get('access-control-allow-origin')).toBe(UI);
    expect(r.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

describe('asl-temporal codec-server --auth-token-file', () => {
  it('serves with the key file and requires the bearer token', async () => {
    const dir = tempDir('codec-cli');
    const keyFile = join(dir, 'payload.key');
    writeFileSync(keyFile, raw.toString('base64'));
    const tokenFile = join(dir, 'token');
    const token = randomBytes(16).toString('hex');
    writeFileSync(tokenFile, `${token}\n`);
    const cli = await startCli(
      ['codec-server', '--encryption-key-file', keyFile, '--port', '0', '--auth-token-file', tokenFile],
      'Codec server listening at',
    );
    try {
      const url = /Codec server: (http:\/\/\S+)/.exec(cli.output())![1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const call = (headers: Record<string, string>, body: unknown) =>
        fetch(`${url}/encode`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      expect((await call({}, { payloads: [] })).status).toBe(401);
      expect((await call({ Authorization: 'Bearer wrong' }, { payloads: [] })).status).toBe(401);
      const ok = await call({ Authorization: `Bearer ${token}` }, { payloads: [jsonPayload('cli')] });
      expect(ok.status).toBe(200);
      // Sealed with the file's key: the in-process server (same key) opens it.
      const decoded = await post('/decode', await ok.json());
      expect(decoded.body).toEqual({ payloads: [jsonPayload('cli')] });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});
