/** The worker's optional config file: the same settings as its options, for deployments that prefer a file. */
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type AwsSettings } from '../../activities/aws/clients';
import { readText, UsageError } from './inputs';

/** What a worker config file may hold (JSON or YAML); paths are relative to the file. */
export interface WorkerConfig {
  readonly address?: string;
  readonly namespace?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** The private CA's certificate (relative to the config file). */
  readonly tlsCaCert?: string;
  readonly tlsServerName?: string;
  readonly apiKey?: string;
  /** The 256-bit key file for payload encryption (relative to the config file). */
  readonly encryptionKeyFile?: string;
  readonly taskQueue?: string;
  readonly handlers?: string;
  readonly stateMachines?: string;
  /** A folder of exported workflows (`<name>.workflow.ts`) to register beside the generic one (relative to the file). */
  readonly workflows?: string;
  readonly realLambda?: boolean;
  readonly pollInterval?: number;
  /** Export OpenTelemetry spans to this OTLP/HTTP endpoint. */
  readonly otlpEndpoint?: string;
  readonly aws?: Pick<AwsSettings, 'region' | 'endpoints' | 'maxAttempts'>;
}

const STRINGS = [
  'address',
  'namespace',
  'tlsCert',
  'tlsKey',
  'tlsCaCert',
  'tlsServerName',
  'apiKey',
  'encryptionKeyFile',
  'taskQueue',
  'handlers',
  'stateMachines',
  'workflows',
  'otlpEndpoint',
];
const PATHS = new Set([
  'tlsCert',
  'tlsKey',
  'tlsCaCert',
  'encryptionKeyFile',
  'handlers',
  'stateMachines',
  'workflows',
]);
const KNOWN = new Set([...STRINGS, 'realLambda', 'pollInterval', 'aws']);

/** Reads and checks a worker config file, naming the field and what it should be when something is wrong. */
export async function loadWorkerConfig(file: string): Promise<WorkerConfig> {
  const text = await readText(file, 'worker config');
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new UsageError(`The worker config ${file} is neither JSON nor YAML: ${(err as Error).message}`);
  }
  const wrong = (field: string, expected: string) =>
    new UsageError(`The worker config ${file}: "${field}" must be ${expected}.`);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw wrong('(top level)', 'an object');
  const raw = value as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    if (!KNOWN.has(key)) throw wrong(key, `one of the known settings (${[...KNOWN].join(', ')})`);
    if (STRINGS.includes(key)) {
      if (typeof v !== 'string' || v === '') throw wrong(key, 'a non-empty string');
      config[key] = PATHS.has(key) ? resolve(dirname(file), v) : v;
    }
  }
  if (raw.realLambda !== undefined) {
    if (typeof raw.realLambda !== 'boolean') throw wrong('realLambda', 'true or false');
    config.realLambda = raw.realLambda;
  }
  if (raw.pollInterval !== undefined) {
    if (typeof raw.pollInterval !== 'number' || !(raw.pollInterval > 0))
      throw wrong('pollInterval', 'seconds > 0');
    config.pollInterval = raw.pollInterval;
  }
  if (raw.aws !== undefined) {
    const aws = raw.aws as Record<string, unknown>;
    if (aws === null || typeof aws !== 'object' || Array.isArray(aws)) throw wrong('aws', 'an object');
    if (aws.region !== undefined && typeof aws.region !== 'string') throw wrong('aws.region', 'a string');
    if (aws.maxAttempts !== undefined && typeof aws.maxAttempts !== 'number')
      throw wrong('aws.maxAttempts', 'a number');
    const endpoints = aws.endpoints as Record<string, unknown> | undefined;
    if (
      endpoints !== undefined &&
      (endpoints === null ||
        typeof endpoints !== 'object' ||
        Object.values(endpoints).some((url) => typeof url !== 'string'))
    ) {
      throw wrong('aws.endpoints', 'an object of service id -> URL strings');
    }
    config.aws = aws;
  }
  return config as WorkerConfig;
}
