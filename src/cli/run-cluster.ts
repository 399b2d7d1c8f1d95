import { type Client } from '@temporalio/client';
import { type NativeConnection } from '@temporalio/worker';
import { type ClusterOptions, connectToCluster } from '../client/connect';
import { startEmbeddedDevServer } from '../server/embedded';

/** Where `run` executes: the connections it needs and how to let them go. */
export interface RunCluster {
  readonly address: string;
  readonly namespace: string;
  readonly client: Client;
  readonly nativeConnection: NativeConnection;
  close(): Promise<void>;
}

/** The cluster at `--address`, or (without one) an embedded dev server started for this run and shut down after it. */
export async function runCluster(
  options: Omit<ClusterOptions, 'address'> & { readonly address?: string },
): Promise<RunCluster> {
  if (options.address) return connectToCluster({ ...options, address: options.address });
  const server = await startEmbeddedDevServer();
  return {
    address: server.address,
    namespace: 'default',
    client: server.client,
    nativeConnection: server.nativeConnection,
    close: () => server.shutdown(),
  };
}
