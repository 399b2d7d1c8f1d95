import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity as tlsCheckServerIdentity, connect as connectTls } from 'node:tls';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { type PayloadCodec } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';

/** How to reach an existing Temporal cluster (Temporal Cloud, self-hosted). */
export interface ClusterOptions {
  readonly address: string;
  readonly namespace?: string;
  /** The client certificate file for mTLS (with {@link tlsKey}). */
  readonly tlsCert?: string;
  /** The client key file for mTLS (with {@link tlsCert}). */
  readonly tlsKey?: string;
  /** A PEM file of the CA(s) that signed the server's certificate (a private CA), instead of the system's roots. */
  readonly tlsCaCert?: string;
  /** The name the server's certificate is checked against (and sent as SNI), when it is not the address's host. */
  readonly tlsServerName?: string;
  readonly apiKey?: string;
  /** The client's payload codecs (encryption: `payloadCodecsFor` of src/codec/encryption-codec.ts). */
  readonly payloadCodecs?: readonly PayloadCodec[];
}

/** Client and worker connections to one cluster. */
export interface ClusterConnections {
  readonly address: string;
  readonly namespace: string;
  readonly client: Client;
  readonly connection: Connection;
  readonly nativeConnection: NativeConnection;
  close(): Promise<void>;
}

/** A connection option that cannot be used as given (a file that cannot be read, half an mTLS pair). */
export class ClusterOptionsError extends Error {}

/** Reads a file the user named by `flag`, failing with one line that names the flag and the path. */
function readOptionFile(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ClusterOptionsError(`${flag} ${path}: the file cannot be read (${reason}).`);
  }
}

/**
 * The TLS settings for both the client's and the worker's connection, or undefined for plaintext. Any TLS option
 * turns TLS on; an API key alone means TLS with the system's roots, as Temporal Cloud expects.
 */
export function clusterTls(options: ClusterOptions): TLSConfig | undefined {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) {
    throw new ClusterOptionsError(
      options.tlsCert === undefined
        ? '--tls-key needs --tls-cert: mTLS takes the client certificate and its key together.'
        : '--tls-cert needs --tls-key: mTLS takes the client certificate and its key together.',
    );
  }
  const wanted =
    options.tlsCert !== undefined ||
    options.tlsCaCert !== undefined ||
    options.tlsServerName !== undefined ||
    Boolean(options.apiKey);
  if (!wanted) return undefined;
  return {
    ...(options.tlsCaCert !== undefined
      ? { serverRootCACertificate: readOptionFile('--tls-ca-cert', options.tlsCaCert) }
      : {}),
    ...(options.tlsServerName !== undefined ? { serverNameOverride: options.tlsServerName } : {}),
    ...(options.tlsCert !== undefined && options.tlsKey !== undefined
      ? {
          clientCertPair: {
            crt: readOptionFile('--tls-cert', options.tlsCert),
            key: readOptionFile('--tls-key', options.tlsKey),
          },
        }
      : {}),
  };
}

/**
 * The error's message on one line (gRPC and the core put details on further lines), with its cause's: the SDK
 * says "Failed to connect to Temporal server" and keeps the server's answer (say, `16 UNAUTHENTICATED: ...` for a
 * key it refuses) as the cause.
 */
function oneLine(err: unknown): string {
  const message = (error: unknown) =>
    (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
  const cause = err instanceof Error ? err.cause : undefined;
  return cause === undefined ? message(err) : `${message(err)}: ${message(cause)}`;
}

/** The address's host and port (`[::1]:7233` too). */
function hostAndPort(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  return {
    host: address.slice(0, separator).replace(/^\[(.*)\]$/, '$1'),
    port: Number(address.slice(separator + 1)),
  };
}

let ipServerNameWarningQuiet = false;

/**
 * grpc-js sends the address's host as SNI even when it is an IP literal, which Node answers with a deprecation
 * warning (DEP0123) on stderr: noise about a library's choice that the user can do nothing about, so only that
 * warning is dropped (the connection still checks the certificate's IP SAN).
 */
function quietIpServerNameWarning(): void {
  if (ipServerNameWarningQuiet) return;
  ipServerNameWarningQuiet = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    const [, type, code] = args;
    if (code === 'DEP0123' || (typeof type === 'object' && (type as { code?: string })?.code === 'DEP0123'))
      return;
    emitWarning(...args);
  }) as typeof process.emitWarning;
}

/**
 * Why a TLS handshake with the server fails, if it does: gRPC only says it could not connect before its deadline,
 * so after a failure one plain handshake with the same settings names the cause (an unknown CA, a name mismatch,
 * a client certificate the server wants). Undefined when the handshake succeeds or the server does not answer.
 */
function tlsHandshakeProblem(address: string, tls: TLSConfig): Promise<string | undefined> {
  const { host, port } = hostAndPort(address);
  const serverName = tls.serverNameOverride ?? (isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    const socket = connectTls({
      host,
      port,
      ALPNProtocols: ['h2'],
      ...(serverName !== undefined ? { servername: serverName } : {}),
      ...(tls.serverRootCACertificate ? { ca: Buffer.from(tls.serverRootCACertificate) } : {}),
      ...(tls.clientCertPair
        ? { cert: Buffer.from(tls.clientCertPair.crt), key: Buffer.from(tls.clientCertPair.key) }
        : {}),
      checkServerIdentity: (_host, cert) => tlsCheckServerIdentity(serverName ?? host, cert),
    });
    const done = (problem: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    // TLS 1.3 finishes the client's side of the handshake before the server checks the client's certificate,
    // so a refusal of that arrives as an alert just after: wait a moment for it.
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(undefined), 500);
    });
    // OpenSSL's reason ("tlsv13 alert certificate required"), without its error-queue prefix and source file. A
    // socket error (refused, reset, unreachable: it has a syscall) says nothing about TLS, and gRPC's message
    // covers it. `on`, not `once`: a late alert must not become an uncaught error.
    socket.on('error', (err: Error & { reason?: string; syscall?: string }) =>
      done(err.syscall ? undefined : `TLS handshake failed: ${err.reason ?? oneLine(err)}`),
    );
    let timer = setTimeout(() => done(undefined), 5000);
  });
}

/** Connects to a cluster, failing with one line that says what to check when it cannot. */
export async function connectToCluster(options: ClusterOptions): Promise<ClusterConnections> {
  const namespace = options.namespace ?? 'default';
  // Read before connecting: a bad file is the user's mistake, not an unreachable server.
  const tls = clusterTls(options);
  if (tls && isIP(hostAndPort(options.address).host) && tls.serverNameOverride === undefined)
    quietIpServerNameWarning();
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({
      address: options.address,
      tls,
      apiKey: options.apiKey,
      connectTimeout: '10s',
    });
    const nativeConnection = await NativeConnection.connect({
      address: options.address,
      tls,
      apiKey: options.apiKey,
    });
    const opened = connection;
    return {
      address: options.address,
      namespace,
      connection: opened,
      nativeConnection,
      client: new Client({
        connection: opened,
        namespace,
        ...(options.payloadCodecs ? { dataConverter: { payloadCodecs: [...options.payloadCodecs] } } : {}),
      }),
      async close() {
        await opened.close();
        await nativeConnection.close();
      },
    };
  } catch (err) {
    await connection?.close().catch(() => undefined);
    const check = tls
      ? 'Check the address (host:port), that the server is up and speaks TLS, --tls-ca-cert (the CA that signed ' +
        "the server's certificate; without it the system's roots), --tls-server-name (when the certificate names " +
        'another host), and --tls-cert/--tls-key (mTLS) or --api-key.'
      : 'Check the address (host:port), that the server is up, and --tls-ca-cert/--tls-cert/--tls-key or ' +
        '--api-key if it needs TLS (Temporal Cloud does).';
    const handshake = tls ? await tlsHandshakeProblem(options.address, tls) : undefined;
    throw new Error(
      `Cannot reach Temporal at ${options.address}: ${oneLine(err)}${handshake ? ` (${handshake})` : ''}. ${check}`,
    );
  }
}
