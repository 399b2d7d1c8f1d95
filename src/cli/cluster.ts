import { type Command } from 'commander';
import { type ClusterConnections, connectToCluster } from '../client/connect';
import { payloadCodecsFromFile, withEncryptionOption } from './encryption';

/** The connection options every cluster command takes. */
export interface ClusterCliOptions {
  readonly address?: string;
  readonly namespace?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly apiKey?: string;
  readonly encryptionKeyFile?: string;
}

/**
 * Adds --address, --namespace, the TLS / API key options (TEMPORAL_* environment defaults) and
 * --encryption-key-file.
 */
export function withClusterOptions(command: Command): Command {
  return withEncryptionOption(command)
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

/** Connects with the options of {@link withClusterOptions}; the client encrypts with the key file's key. */
export function connect(options: ClusterCliOptions): Promise<ClusterConnections> {
  return connectToCluster({
    ...options,
    address: options.address ?? 'localhost:7233',
    payloadCodecs: payloadCodecsFromFile(options.encryptionKeyFile),
  });
}
