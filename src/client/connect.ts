import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { type PayloadCodec } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';

/** How to reach an existing Temporal cluster (Temporal Cloud, self-hosted). */
export interface ClusterOptions {
  readonly address: string;
  readonly namespace?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
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

/** Connects to a cluster, failing with one line that says what to check when it cannot. */
export async function connectToCluster(options: ClusterOptions): Promise<ClusterConnections> {
  const namespace = options.namespace ?? 'default';
  const tls =
    options.tlsCert && options.tlsKey
      ? { clientCertPair: { crt: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } }
      : options.apiKey
        ? true
        : undefined;
  try {
    const connection = await Connection.connect({
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
    return {
      address: options.address,
      namespace,
      connection,
      nativeConnection,
      client: new Client({
        connection,
        namespace,
        ...(options.payloadCodecs ? { dataConverter: { payloadCodecs: [...options.payloadCodecs] } } : {}),
      }),
      async close() {
        await connection.close();
        await nativeConnection.close();
      },
    };
  } catch (err) {
    throw new Error(
      `Cannot reach Temporal at ${options.address}: ${(err as Error).message}. ` +
        'Check the address (host:port), that the server is up, and --tls-cert/--tls-key or --api-key for Temporal Cloud.',
    );
  }
}
