import { type Command } from 'commander';
import { type ClusterConnections, connectToCluster } from '../client/connect';

/** The connection options every cluster command takes. */
export interface ClusterCliOptions {
  readonly address?: string;
  readonly namespace?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly apiKey?: string;
}

/** Adds --address, --namespace and the TLS / API key options, with TEMPORAL_* environment defaults. */
export function withClusterOptions(command: Command): Command {
  return command
    .option(
      '--address <host:port>',
      'the Temporal frontend (env TEMPORAL_ADDRESS)',
      process.env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    )
    .option(
      '--namespace <ns>',
      'the Temporal namespace (env TEMPORAL_NAMESPACE)',
      process.env.TEMPORAL_NAMESPACE ?? 'default',
    )
    .option(
      '--tls-cert <file>',
      'client certificate for mTLS (env TEMPORAL_TLS_CERT)',
      process.env.TEMPORAL_TLS_CERT,
    )
    .option('--tls-key <file>', 'client key for mTLS (env TEMPORAL_TLS_KEY)', process.env.TEMPORAL_TLS_KEY)
    .option('--api-key <key>', 'Temporal Cloud API key (env TEMPORAL_API_KEY)', process.env.TEMPORAL_API_KEY);
}

/** Connects with the options of {@link withClusterOptions}. */
export function connect(options: ClusterCliOptions): Promise<ClusterConnections> {
  return connectToCluster({ ...options, address: options.address ?? 'localhost:7233' });
}
