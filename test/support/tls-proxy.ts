/**
 * A real TLS endpoint in front of the test dev server, with no second server: certificates made by openssl (a CA,
 * a server certificate for localhost / 127.0.0.1, a client certificate), and a TLS-terminating proxy (Node's
 * `tls`) that pipes each decrypted connection to the dev server's plaintext gRPC port. gRPC over TLS is HTTP/2
 * after the handshake (ALPN h2), the same bytes the dev server takes as h2c, so the clients see a TLS cluster.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { join } from 'node:path';
import { createSecureServer, type ServerHttp2Session } from 'node:http2';
import { createServer, type TLSSocket } from 'node:tls';
import { tempDir } from './temp-dir';

/** The openssl the certificates are made with. */
export const OPENSSL = '/usr/bin/openssl';

/** The files of a private PKI: a CA, a server pair for localhost / 127.0.0.1, and a client pair, all PEM. */
export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A leaf certificate signed by the CA in `dir`: `name`.key and `name`.pem, with these X.509v3 extensions. */
function signedPair(dir: string, name: string, subject: string, extensions: readonly string[]): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  // P-256 keys: quick to make, and both TLS stacks (grpc-js's OpenSSL, the worker core's rustls) take them.
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.sec1.key`]);
  // PKCS#8, the key format every PEM reader takes.
  openssl(dir, ['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.sec1.key`, '-out', `${name}.key`]);
  openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
}

/**
 * Makes a CA and the server and client certificates it signs, in a temp dir removed after the test file. Fails
 * loudly, never skips, when openssl is missing: these tests are the only evidence that TLS works.
 */
export function makeTestPki(): TestPki {
  if (!existsSync(OPENSSL)) {
    throw new Error(
      `${OPENSSL} is missing: the TLS tests make their certificates with openssl (apt-get install openssl).`,
    );
  }
  const dir = tempDir('tls-pki');
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.sec1.key']);
  openssl(dir, ['pkcs8', '-topk8', '-nocrypt', '-in', 'ca.sec1.key', '-out', 'ca.key']);
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    '/CN=asl-temporal test CA',
    '-days',
    '2',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    'ca.pem',
  ]);
  signedPair(dir, 'server', '/CN=localhost', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  signedPair(dir, 'client', '/CN=asl-temporal test client', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=clientAuth',
  ]);
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
  };
}

/** A running TLS proxy. */
export interface TlsProxy {
  /** `127.0.0.1:PORT`, for --address. */
  readonly address: string;
  readonly port: number;
  /** How many TLS handshakes it completed, and how many it refused (say, no client certificate under mTLS). */
  readonly handshakes: { completed: number; refused: number };
  close(): Promise<void>;
}

/** Destroys both ends when either closes or fails, so neither side waits on a half-dead pipe. */
function pipeBoth(a: Socket | TLSSocket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  for (const socket of [a, b]) {
    socket.on('error', end);
    socket.on('close', end);
  }
}

/**
 * Listens on 127.0.0.1 (a free port) with the PKI's server certificate and pipes each connection, decrypted, to
 * `target` (host:port of a plaintext gRPC server). With `mutual`, a client must present a certificate the CA
 * signed (mTLS), or its handshake fails.
 */
export async function startTlsProxy(
  pki: TestPki,
  target: string,
  options: { readonly mutual?: boolean } = {},
): Promise<TlsProxy> {
  const separator = target.lastIndexOf(':');
  const targetHost = target.slice(0, separator);
  const targetPort = Number(target.slice(separator + 1));
  const handshakes = { completed: 0, refused: 0 };
  const open = new Set<Socket>();
  const server = createServer(
    {
      key: readFileSync(pki.serverKey),
      cert: readFileSync(pki.serverCert),
      ALPNProtocols: ['h2'],
      ...(options.mutual
        ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(pki.caCert) }
        : {}),
    },
    (tlsSocket) => {
      handshakes.completed++;
      const upstream = connectTcp(targetPort, targetHost);
      open.add(tlsSocket).add(upstream);
      tlsSocket.on('close', () => open.delete(tlsSocket));
      upstream.on('close', () => open.delete(upstream));
      pipeBoth(tlsSocket, upstream);
    },
  );
  server.on('tlsClientError', () => handshakes.refused++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    port,
    handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One call a {@link RefusingEndpoint} received. */
export interface ReceivedCall {
  /** The gRPC method, `/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo`. */
  readonly path: string;
  /** Its `authorization` header, if any. */
  readonly authorization?: string;
  readonly userAgent?: string;
}

/** A TLS gRPC endpoint that lets clients connect and refuses every other call, recording what each call carried. */
export interface RefusingEndpoint {
  readonly address: string;
  readonly calls: ReceivedCall[];
  close(): Promise<void>;
}

const GET_SYSTEM_INFO = '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * An HTTP/2 server over TLS with the PKI's server certificate that answers GetSystemInfo (what both the client's
 * and the worker's connections call when they connect) with an empty answer, and every other gRPC call with status
 * 16 (UNAUTHENTICATED), as a cluster answers a key it does not accept. It shows what clients send as their API key,
 * which the dev server behind {@link startTlsProxy} never looks at.
 */
export async function startRefusingEndpoint(pki: TestPki): Promise<RefusingEndpoint> {
  const calls: ReceivedCall[] = [];
  const sessions = new Set<ServerHttp2Session>();
  const server = createSecureServer({
    key: readFileSync(pki.serverKey),
    cert: readFileSync(pki.serverCert),
    ALPNProtocols: ['h2'],
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path']);
    calls.push({
      path,
      authorization: header(headers.authorization),
      userAgent: header(headers['user-agent']),
    });
    stream.on('error', () => undefined);
    stream.resume();
    if (path === GET_SYSTEM_INFO) {
      // One empty message (an uncompressed frame of length 0: all its fields unset), then status OK.
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.alloc(5));
      return;
    }
    // A trailers-only answer: how a gRPC server refuses a call before reading it.
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc',
        'grpc-status': '16',
        'grpc-message': 'the test endpoint refuses every call',
      },
      { endStream: true },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open sessions would keep close() waiting.
        for (const session of sessions) session.destroy();
      }),
  };
}
