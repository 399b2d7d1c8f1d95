import { type Json } from '../../src/asl/types';
import { aslFailure } from '../errors';
import { type SdkClient, type SdkClientClass } from './clients';
import { sdkIntegrationFailure, sdkServiceName } from './sdk-errors';
import { fromSdkOutput, operationSchemas, pascalCase, schemaReaderFor, toSdkInput } from './sdk-shapes';
import { parametersOf, type ServiceCall, type ServiceContext } from './service';

/**
 * Step Functions' service names (`arn:aws:states:::aws-sdk:<name>:<action>`, the AWS SDK for Java 2.x module names)
 * whose `@aws-sdk/client-*` package is spelled differently. Any other name is its own package name
 * (`dynamodb`, `sqs`, `sfn`, `eventbridge`, `cloudwatch`, `ecs`, ...).
 */
export const SDK_PACKAGE_NAMES: Readonly<Record<string, string>> = {
  acmpca: 'acm-pca',
  apigateway: 'api-gateway',
  applicationautoscaling: 'application-auto-scaling',
  autoscaling: 'auto-scaling',
  bedrockagent: 'bedrock-agent',
  bedrockagentruntime: 'bedrock-agent-runtime',
  bedrockruntime: 'bedrock-runtime',
  cloudwatchevents: 'cloudwatch-events',
  cloudwatchlogs: 'cloudwatch-logs',
  cognitoidentity: 'cognito-identity',
  cognitoidentityprovider: 'cognito-identity-provider',
  costexplorer: 'cost-explorer',
  databasemigration: 'database-migration-service',
  dynamodbstreams: 'dynamodb-streams',
  elasticbeanstalk: 'elastic-beanstalk',
  elasticloadbalancing: 'elastic-load-balancing',
  elasticloadbalancingv2: 'elastic-load-balancing-v2',
  elastictranscoder: 'elastic-transcoder',
  emrcontainers: 'emr-containers',
  emrserverless: 'emr-serverless',
  iotdataplane: 'iot-data-plane',
  kinesisanalytics: 'kinesis-analytics',
  kinesisanalyticsv2: 'kinesis-analytics-v2',
  kinesisvideo: 'kinesis-video',
  lexmodelsv2: 'lex-models-v2',
  lexruntimev2: 'lex-runtime-v2',
  rdsdata: 'rds-data',
  redshiftdata: 'redshift-data',
  resourcegroupstaggingapi: 'resource-groups-tagging-api',
  route53: 'route-53',
  route53domains: 'route-53-domains',
  s3control: 's3-control',
  sagemakerruntime: 'sagemaker-runtime',
  secretsmanager: 'secrets-manager',
  servicecatalog: 'service-catalog',
  timestreamquery: 'timestream-query',
  timestreamwrite: 'timestream-write',
};

/** A loaded client package: its client class, its exports (commands, exception classes) and the error prefix. */
interface SdkPackage {
  readonly packageName: string;
  readonly clientClass: SdkClientClass<SdkClient>;
  readonly exports: Readonly<Record<string, unknown>>;
  readonly serviceName: string;
}

const packages = new Map<string, SdkPackage>();

/** The npm package that serves a Step Functions service name. */
export function sdkPackageName(service: string): string {
  return `@aws-sdk/client-${SDK_PACKAGE_NAMES[service] ?? service}`;
}

function loadPackage(call: ServiceCall, service: string): SdkPackage {
  const cached = packages.get(service);
  if (cached) return cached;
  const packageName = sdkPackageName(service);
  let exports: Record<string, unknown>;
  try {
    // Loaded on demand: a deployment installs only the clients its state machines call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(packageName) as Record<string, unknown>;
  } catch (err) {
    const missing =
      (err as { code?: string }).code === 'MODULE_NOT_FOUND' && String(err).includes(packageName);
    if (!missing) throw err;
    throw aslFailure(
      'States.Runtime',
      `The Task '${call.stateName}' calls arn:aws:states:::aws-sdk:${service}:${call.action}, which needs the ` +
        `package ${packageName}. Install it next to asl-temporal: npm install ${packageName}`,
    );
  }
  const clientName = Object.keys(exports).find(
    (name) =>
      name.endsWith('Client') &&
      !name.startsWith('__') &&
      typeof exports[name] === 'function' &&
      typeof (exports[name] as { prototype?: { send?: unknown } }).prototype?.send === 'function',
  );
  if (!clientName) {
    throw aslFailure(
      'States.Runtime',
      `${packageName} exports no SDK v3 client class; is it an AWS SDK v3 client?`,
    );
  }
  const clientClass = exports[clientName] as SdkClientClass<SdkClient>;
  // The service id (`DynamoDB`, `ACM PCA`) names the errors; the class name is the fallback for old clients.
  const serviceId = serviceIdOf(clientClass) ?? clientName.replace(/Client$/, '');
  const loaded = { packageName, clientClass, exports, serviceName: sdkServiceName(serviceId) };
  packages.set(service, loaded);
  return loaded;
}

function serviceIdOf(clientClass: SdkClientClass<SdkClient>): string | undefined {
  try {
    const probe = new clientClass({ region: 'us-east-1' }) as unknown as {
      config?: { serviceId?: unknown };
      destroy?: () => void;
    };
    const id = probe.config?.serviceId;
    probe.destroy?.();
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `arn:aws:states:::aws-sdk:<service>:<action>`: calls `<Action>Command` of `@aws-sdk/client-<service>` with the
 * Task's Parameters (PascalCase, as Step Functions takes them) and returns the response in PascalCase without
 * `$metadata`; streamed and binary bodies become text. Errors are `<ServiceName>.<ExceptionName>`.
 * `.waitForTaskToken` is a plain call here (the workflow waits); `.sync` does not exist for SDK integrations.
 */
export async function sdkCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  const service = call.service.slice('aws-sdk:'.length);
  if (call.pattern === 'sync' || call.pattern === 'sync:2') {
    throw aslFailure(
      'States.Runtime',
      `The Task '${call.stateName}' uses aws-sdk:${service}:${call.action}.${call.pattern}; AWS SDK integrations ` +
        'support only request-response and .waitForTaskToken.',
    );
  }
  const pkg = loadPackage(call, service);
  const commandName = `${pascalCase(call.action)}Command`;
  const Command = pkg.exports[commandName] as (new (input: unknown) => unknown) | undefined;
  if (typeof Command !== 'function') {
    throw aslFailure(
      'States.Runtime',
      `The Task '${call.stateName}' calls aws-sdk:${service}:${call.action}, but ${pkg.packageName} has no ` +
        `${commandName}. Check the action's name (camelCase, as in the service's API reference), or update the package.`,
    );
  }
  const read = schemaReaderFor(pkg.packageName);
  const { input, output } = operationSchemas(read, new Command({}));
  const command = new Command(toSdkInput(input, parametersOf(call)));
  const client = ctx.clients.get(pkg.clientClass, service, call.credentials);
  let response: unknown;
  try {
    response = await client.send(command);
  } catch (err) {
    throw sdkIntegrationFailure(pkg.serviceName, err, (name) => isExceptionClass(pkg.exports[name]));
  }
  return fromSdkOutput(output, response);
}

function isExceptionClass(value: unknown): boolean {
  return typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error;
}
