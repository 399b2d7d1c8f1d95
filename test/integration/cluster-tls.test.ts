/**
 * The cluster options over real TLS: `serve` and `run` reach the test dev server through a TLS-terminating proxy
 * (test/support/tls-proxy.ts) whose certificates come from a private CA, with mTLS (--tls-ca-cert, --tls-cert,
 * --tls-key), with server-authenticated TLS and an API key (--api-key, --tls-ca-cert), and fail in one line when
 * the handshake cannot succeed or a file cannot be read. The dev server checks no API key: what the API-key case
 * proves is that the key's TLS path (the SDK's and the worker core's) connects and runs executions; that a real
 * cluster accepts the key is Temporal Cloud's side.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type CliResult, runCli, startCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { uniqueId } from '../support/temporal';
import {
  makeTestPki,
  startRefusingEndpoint,
  startTlsProxy,
  type TestPki,
  type TlsProxy,
} from '../support/tls-proxy';
import { eventually, PASSING, ROLE, startServe } from './api-support';

let pki: TestPki;
let mutual: TlsProxy;
let serverOnly: TlsProxy;
/** For the usage errors, which must fail before connecting: nothing should reach it. */
let untouched: TlsProxy;
/** The two runs that fail only at gRPC's 10 s connect deadline, started at once so that they wait side by side. */
let failing: { readonly noClientCert: Promise<CliResult>; readonly privateCaUnknown: Promise<CliResult> };

beforeAll(async () => {
  pki = makeTestPki();
  const devServer = sharedSetting('devServerAddress');
  mutual = await startTlsProxy(pki, devServer, { mutual: true });
  serverOnly = await startTlsProxy(pki, devServer);
  untouched = await startTlsProxy(pki, devServer, { mutual: true });
  failing = {
    noClientCert: runCli(['serve', '--address', mutual.address, '--tls-ca-cert', pki.caCert, '--port', '0'], {
      timeoutMs: 60_000,
    }),
    privateCaUnknown: runCli(
      ['serve', '--address', serverOnly.address, '--api-key', 'some-key', '--port', '0'],
      {
        timeoutMs: 60_000,
      },
    ),
  };
});
afterAll(async () => {
  // Both exit on their own (within 60 s); waiting for them keeps no process behind the file.
  await failing?.noClientCert;
  await failing?.privateCaUnknown;
  await mutual?.close();
  await serverOnly?.close();
  await untouched?.close();
}, 90_000);

/** Creates the PASSING machine, runs one execution to its end through the API and returns its description. */
async function runOneExecution(sfn: SFNClient) {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: uniqueId('tls'), definition: PASSING, roleArn: ROLE }),
  );
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ over: 'tls' }) }),
  );
  return eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, `the end of ${executionArn}`);
}

describe('serve over TLS', () => {
  it('with mTLS (--tls-ca-cert, --tls-cert, --tls-key) runs an execution to SUCCEEDED', async () => {
    const before = mutual.handshakes.completed;
    const serve = await startServe(
      uniqueId('tls-queue'),
      [
        '--address',
        mutual.address,
        '--tls-ca-cert',
        pki.caCert,
        '--tls-cert',
        pki.clientCert,
        '--tls-key',
        pki.clientKey,
      ],
      { embedded: true },
    );
    try {
      const done = await runOneExecution(serve.sfn);
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output!)).toEqual({ over: 'tls', mark: 'done' });
      // The client's and the worker's connections both went through the proxy's TLS, none around it.
      expect(mutual.handshakes.completed - before).toBeGreaterThanOrEqual(2);
      // No deprecation warning for the IP address sent as SNI by grpc-js (Node's DEP0123): stderr stays clean.
      expect(serve.process.output()).not.toContain('Warning');
    } finally {
      expect(await serve.process.stop()).toBe(0);
    }
  }, 90_000);

  it('without a client certificate fails to start, in one line that names the flags to check', async () => {
    // Started in beforeAll: `serve --address <mTLS proxy> --tls-ca-cert ca.pem`, with no --tls-cert/--tls-key.
    const r = await failing.noClientCert;
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^asl-temporal: Cannot reach Temporal at ${mutual.address}: .+`));
    expect(lines[0]).toContain('--tls-ca-cert');
    expect(lines[0]).toContain('--tls-cert/--tls-key');
    // gRPC only says it could not connect; a plain handshake after it names the cause.
    expect(lines[0]).toMatch(/TLS handshake failed: .*certificate required/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The proxy refused its handshakes (no other test presents it no certificate).
    expect(mutual.handshakes.refused).toBeGreaterThan(0);
  }, 90_000);

  it('with --api-key and --tls-ca-cert (server-authenticated TLS) runs an execution to SUCCEEDED', async () => {
    const before = serverOnly.handshakes.completed;
    const serve = await startServe(
      uniqueId('tls-queue'),
      ['--address', serverOnly.address, '--api-key', 'some-key', '--tls-ca-cert', pki.caCert],
      { embedded: true },
    );
    try {
      const done = await runOneExecution(serve.sfn);
      expect(done.status).toBe('SUCCEEDED');
      expect(serverOnly.handshakes.completed - before).toBeGreaterThanOrEqual(2);
    } finally {
      expect(await serve.process.stop()).toBe(0);
    }
  }, 90_000);
});

describe('the API key on the wire', () => {
  it('both connections (the client and the worker core) send it as Authorization: Bearer, over TLS', async () => {
    // The dev server ignores keys, so this endpoint records them: it lets both connections connect
    // (GetSystemInfo) and refuses every other call as UNAUTHENTICATED, as a cluster refuses a key.
    const endpoint = await startRefusingEndpoint(pki);
    try {
      const r = await runCli([
        'describe',
        'anything',
        '--address',
        endpoint.address,
        '--api-key',
        'some-key',
        '--tls-ca-cert',
        pki.caCert,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      const connects = endpoint.calls.filter((c) => c.path.endsWith('/GetSystemInfo'));
      expect(connects.map((c) => c.authorization)).toEqual(['Bearer some-key', 'Bearer some-key']);
      // grpc-js is the client's connection; tonic, the Rust core's, is the worker's NativeConnection.
      expect(connects.map((c) => c.userAgent?.split('/')[0]).sort()).toEqual(['grpc-node-js', 'tonic']);
      const describeCall = endpoint.calls.find((c) => c.path.endsWith('/DescribeWorkflowExecution'));
      expect(describeCall?.authorization).toBe('Bearer some-key');
    } finally {
      await endpoint.close();
    }
  }, 60_000);
});

describe('TLS problems are one line that says what to check', () => {
  it("a server certificate from a private CA, without --tls-ca-cert: the system's roots refuse it", async () => {
    // Started in beforeAll: `serve --address <TLS proxy> --api-key some-key`, with no --tls-ca-cert.
    const r = await failing.privateCaUnknown;
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^asl-temporal: Cannot reach Temporal at ${serverOnly.address}: .*TLS handshake failed: .*certificate.*--tls-ca-cert \\(the CA that signed`,
        ),
      ),
    ]);
  }, 90_000);

  it('a CA file that cannot be read is a usage error naming the flag and the path, before connecting', async () => {
    const missing = join(pki.dir, 'no-such-ca.pem');
    const serve = await runCli([
      'serve',
      '--address',
      untouched.address,
      '--tls-ca-cert',
      missing,
      '--port',
      '0',
    ]);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toBe(`asl-temporal: --tls-ca-cert ${missing}: the file cannot be read (ENOENT).\n`);
    const run = await runCli([
      'run',
      join(__dirname, '..', '..', 'examples', 'choice-logic', 'definition.asl.json'),
      '--address',
      untouched.address,
      '--tls-cert',
      pki.clientCert,
      '--tls-key',
      join(pki.dir, 'no-such.key'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--tls-key ${join(pki.dir, 'no-such.key')}: the file cannot be read (ENOENT).`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // Neither reached the proxy: the files are read before anything connects.
    expect(untouched.handshakes).toEqual({ completed: 0, refused: 0 });
  }, 90_000);

  it('half an mTLS pair is a usage error', async () => {
    const r = await runCli(['describe', 'x', '--address', mutual.address, '--tls-cert', pki.clientCert]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'asl-temporal: --tls-cert needs --tls-key: mTLS takes the client certificate and its key together.\n',
    );
  }, 60_000);
});

describe('worker, start and describe over mTLS', () => {
  it('a worker configured by file (tlsCaCert, tlsCert, tlsKey) runs what start starts; describe sees it end', async () => {
    const example = join(__dirname, '..', '..', 'examples', 'choice-logic');
    const taskQueue = uniqueId('tls-worker');
    // Paths in a worker config are relative to the file, as a deployment ships them beside it.
    const config = join(pki.dir, 'worker.yaml');
    writeFileSync(
      config,
      `address: ${mutual.address}\ntlsCaCert: ca.pem\ntlsCert: client.pem\ntlsKey: client.key\n` +
        `taskQueue: ${taskQueue}\nhandlers: ${join(example, 'handlers')}\n`,
    );
    const before = mutual.handshakes.completed;
    const worker = await startCli(['worker', '--config', config], 'Worker polling');
    try {
      expect(worker.output()).toContain(`Worker polling "${taskQueue}" on ${mutual.address}`);
      const tls = ['--address', mutual.address, '--tls-ca-cert', pki.caCert, '--tls-cert', pki.clientCert];
      const name = uniqueId('tls-order');
      const started = await runCli([
        'start',
        join(example, 'definition.asl.json'),
        ...tls,
        '--tls-key',
        pki.clientKey,
        '--task-queue',
        taskQueue,
        '--input-file',
        join(example, 'input.json'),
        '--name',
        name,
        '--json',
      ]);
      expect(started.code).toBe(0);
      expect(JSON.parse(started.stdout)).toMatchObject({ name, started: true });
      // describe takes the key from the environment, as TEMPORAL_TLS_KEY.
      const described = await eventually(async () => {
        const r = await runCli(['describe', name, ...tls, '--json'], {
          env: { TEMPORAL_TLS_KEY: pki.clientKey },
        });
        expect(r.code).toBe(0);
        const d = JSON.parse(r.stdout) as { status: string };
        return d.status === 'RUNNING' ? undefined : d;
      }, `the end of ${name}`);
      const expected: unknown = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8'));
      expect(described).toMatchObject({ name, status: 'SUCCEEDED', output: expected });
      // The worker's two connections, start's and describe's: all through the proxy's mTLS.
      expect(mutual.handshakes.completed - before).toBeGreaterThanOrEqual(4);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
  }, 120_000);
});

describe('run over TLS', () => {
  it('run --address with mTLS and --tls-server-name runs an example to its expected output', async () => {
    const example = join(__dirname, '..', '..', 'examples', 'choice-logic');
    const r = await runCli([
      'run',
      join(example, 'definition.asl.json'),
      '--input-file',
      join(example, 'input.json'),
      '--address',
      mutual.address,
      '--tls-ca-cert',
      pki.caCert,
      '--tls-cert',
      pki.clientCert,
      '--tls-key',
      pki.clientKey,
      // The address is an IP; the name checked in the server's certificate (and sent as SNI) is its DNS SAN.
      '--tls-server-name',
      'localhost',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('Warning');
    const expected: unknown = JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual({ status: 'SUCCEEDED', output: expected });
  }, 90_000);
});
