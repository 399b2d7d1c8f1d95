import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentialIdentity, type AwsCredentialIdentityProvider } from '@smithy/types';

/** How the worker reaches AWS: region, endpoints and credentials (the SDK's provider chain when unset). */
export interface AwsSettings {
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1. */
  readonly region?: string;
  /**
   * Endpoint per service id (`dynamodb`, `sqs`, `s3`, ...), over the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` and
   * `AWS_ENDPOINT_URL` (LocalStack, moto).
   */
  readonly endpoints?: Readonly<Record<string, string>>;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK attempts per call for throttling and 5xx (default 3, the SDK's). */
  readonly maxAttempts?: number;
}

/** The slice of an SDK v3 client the integrations use. */
export interface SdkClient {
  send(command: unknown): Promise<unknown>;
  middlewareStack: { add(middleware: unknown, options: unknown): void };
}

/** An SDK v3 client class, as `new DynamoDBClient(config)`. */
export type SdkClientClass<C> = new (config: Record<string, unknown>) => C;

/** A Task's `Credentials` field: the role Step Functions assumes for that one call. */
export interface TaskCredentials {
  readonly RoleArn?: string;
}

/** Where the SDK response's HTTP headers are kept on an output object (not enumerable, never serialized). */
export const RESPONSE_HEADERS = Symbol('asl-temporal.responseHeaders');

/** Builds SDK clients once per service, region and role, with the deployment's settings. */
export class AwsClients {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly settings: AwsSettings = {}) {}

  /** The region calls go to. */
  get region(): string {
    return this.settings.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  }

  /** A client of `ctor` for `service` (its endpoint id), acting as the Task's role when it names one. */
  get<C extends SdkClient>(ctor: SdkClientClass<C>, service: string, credentials?: unknown): C {
    const roleArn = roleOf(credentials);
    const key = `${ctor.name}|${service}|${roleArn ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached as C;
    const endpoint = this.settings.endpoints?.[service];
    const client = new ctor({
      region: this.region,
      ...(endpoint ? { endpoint } : {}),
      ...(this.settings.maxAttempts ? { maxAttempts: this.settings.maxAttempts } : {}),
      ...(roleArn
        ? { credentials: this.assumedRole(roleArn) }
        : this.settings.credentials
          ? { credentials: this.settings.credentials }
          : {}),
    });
    keepResponseHeaders(client);
    this.cache.set(key, client);
    return client;
  }

  /** Temporary credentials for a role, refreshed shortly before they expire. */
  private assumedRole(roleArn: string): AwsCredentialIdentityProvider {
    const sts = this.get(STSClient, 'sts');
    let current: AwsCredentialIdentity | undefined;
    return async () => {
      const expires = current?.expiration?.getTime() ?? 0;
      if (current && expires - Date.now() > 60_000) return current;
      const out = await sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'asl-temporal' }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new Error(`AssumeRole ${roleArn} returned no credentials`);
      current = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
      return current;
    };
  }
}

function roleOf(credentials: unknown): string | undefined {
  if (credentials && typeof credentials === 'object' && !Array.isArray(credentials)) {
    const role = (credentials as TaskCredentials).RoleArn;
    return typeof role === 'string' ? role : undefined;
  }
  return undefined;
}

/** Step Functions reports response headers in `SdkHttpMetadata`; the SDK v3 output drops them, so keep them. */
function keepResponseHeaders(client: SdkClient): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ output: unknown; response: unknown }>) => async (args: unknown) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
      if (headers && result.output && typeof result.output === 'object') {
        Object.defineProperty(result.output, RESPONSE_HEADERS, { value: headers, enumerable: false });
      }
      return result;
    },
    { step: 'deserialize', name: 'aslTemporalResponseHeaders' },
  );
}
