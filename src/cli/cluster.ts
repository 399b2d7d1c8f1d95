import { type Command, Option } from 'commander';
import { type ClusterConnections, ClusterOptionsError, connectToCluster } from '../client/connect';
import { payloadCodecsFromFile, withEncryptionOption } from './encryption';
import { UsageError } from './inputs';

/** The connection options every cluster command takes. */
export interface ClusterCliOptions {
  readonly address?: string;
  readonly namespace?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsCaCert?: string;
  readonly tlsServerName?: string;
  readonly apiKey?: string;
  readonly encryptionKeyFile?: string;
}

/** The TLS and API-key options, each with its TEMPORAL_* environment default (as the Temporal CLI names them). */
const TLS_OPTIONS = {
  'tls-cert': ['--tls-cert <file>', 'client certificate (PEM) for mTLS, with --tls-key', 'TEMPORAL_TLS_CERT'],
  'tls-key': ['--tls-key <file>', 'client private key (PEM) for mTLS, with --tls-cert', 'TEMPORAL_TLS_KEY'],
  'tls-ca-cert': [
    '--tls-ca-cert <file>',
    "CA certificate(s) (PEM) that signed the server's certificate, for a private CA (default: the system's roots)",
    'TEMPORAL_TLS_CA_CERT',
  ],
  'tls-server-name': [
    '--tls-server-name <name>',
    "the name the server's certificate must carry (and SNI), when not the address's host",
    'TEMPORAL_TLS_SERVER_NAME',
  ],
  'api-key': ['--api-key <key>', 'API key (Temporal Cloud), sent over TLS', 'TEMPORAL_API_KEY'],
} as const;

/**
 * One of the TLS / API-key options, for a command that declares its cluster options itself (`run`). The
 * environment is read as commander's `env`, not as a default, so that --help never prints an API key.
 */
export function clusterTlsOption(name: keyof typeof TLS_OPTIONS): Option {
  const [flags, description, env] = TLS_OPTIONS[name];
  return new Option(flags, description).env(env);
}

/**
 * Adds --address, --namespace, the TLS / API key options (TEMPORAL_* environment defaults) and
 * --encryption-key-file.
 */
export function withClusterOptions(command: Command): Command {
  const withAddress = withEncryptionOption(command)
    .option(
      '--address <host:port>',
      'the Temporal frontend (env TEMPORAL_ADDRESS)',
      process.env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    )
    .option(
      '--namespace <ns>',
      'the Temporal namespace (env TEMPORAL_NAMESPACE)',
      process.env.TEMPORAL_NAMESPACE ?? 'default',
    );
  for (const name of Object.keys(TLS_OPTIONS) as (keyof typeof TLS_OPTIONS)[]) {
    withAddress.addOption(clusterTlsOption(name));
  }
  return withAddress;
}

/**
 * Connects to the cluster the options name; a TLS file that cannot be read or half an mTLS pair is a usage error.
 * Without `payloadCodecs`, the client encrypts with the key file's key.
 */
export async function connectCluster(
  options: ClusterCliOptions & { readonly address: string },
  payloadCodecs = payloadCodecsFromFile(options.encryptionKeyFile),
): Promise<ClusterConnections> {
  try {
    return await connectToCluster({ ...options, payloadCodecs });
  } catch (err) {
    if (err instanceof ClusterOptionsError) throw new UsageError(err.message);
    throw err;
  }
}

/** Connects with the options of {@link withClusterOptions}; the client encrypts with the key file's key. */
export function connect(options: ClusterCliOptions): Promise<ClusterConnections> {
  return connectCluster({ ...options, address: options.address ?? 'localhost:7233' });
}
