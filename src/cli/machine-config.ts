/**
 * A state machine's settings outside its definition (LoggingConfiguration, TracingConfiguration), read from the
 * seed's JSON, a CloudFormation `Properties` block or CreateStateMachine's parameters, for `run` and `start`.
 */
import { parse as parseYaml } from 'yaml';
import { type ExecutionLogging, type ExecutionLogLevel } from '../interpreter/execution-log';
import { readText, UsageError } from './inputs';

/** What a machine config says about monitoring; `destinations` counts the log destinations it named. */
export interface MachineMonitoring {
  readonly logging?: ExecutionLogging;
  readonly tracing?: boolean;
  readonly destinations: number;
}

/** The monitoring flags of `run` and `start`. */
export interface MonitoringFlags {
  readonly machineConfig?: string;
  readonly logLevel?: ExecutionLogLevel;
  readonly includeExecutionData?: boolean;
  readonly tracing?: boolean;
}

const LEVELS: readonly ExecutionLogLevel[] = ['ALL', 'ERROR', 'FATAL', 'OFF'];

/** The other properties of a state machine resource, which a machine config may hold and this command ignores. */
const OTHER_PROPERTIES = new Set(
  [
    'Definition',
    'DefinitionString',
    'DefinitionS3Location',
    'DefinitionSubstitutions',
    'RoleArn',
    'StateMachineName',
    'StateMachineType',
    'Tags',
    'Type',
    'Name',
    'EncryptionConfiguration',
    'Publish',
    'VersionDescription',
  ].map((k) => k.toLowerCase()),
);

type Fields = Record<string, unknown>;

/** A field by its PascalCase (CloudFormation, the seed) or camelCase (the API) name. */
function field(object: Fields, name: string): unknown {
  return object[name] ?? object[name[0].toLowerCase() + name.slice(1)];
}

function isObject(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads the monitoring settings from a parsed machine config, naming the field and what it should be when wrong. */
export function monitoringFromConfig(value: unknown, file: string): MachineMonitoring {
  const wrong = (where: string, expected: string, got?: unknown) =>
    new UsageError(
      `The machine config ${file}: ${where} must be ${expected}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}.`,
    );
  if (!isObject(value)) throw wrong('the top level', 'an object');
  // A CloudFormation resource puts the settings under Properties.
  const root = isObject(value.Properties) ? value.Properties : value;
  let logging: ExecutionLogging | undefined;
  let tracing: boolean | undefined;
  let destinations = 0;
  for (const [key, setting] of Object.entries(root)) {
    switch (key.toLowerCase()) {
      case 'loggingconfig':
      case 'loggingconfiguration': {
        if (!isObject(setting)) throw wrong(key, 'an object');
        const level = field(setting, 'Level') ?? 'OFF';
        if (!LEVELS.includes(level as ExecutionLogLevel))
          throw wrong(`${key}.Level`, LEVELS.join(', '), level);
        const data = field(setting, 'IncludeExecutionData') ?? false;
        if (typeof data !== 'boolean') throw wrong(`${key}.IncludeExecutionData`, 'true or false', data);
        const targets = field(setting, 'Destinations') ?? [];
        if (!Array.isArray(targets)) throw wrong(`${key}.Destinations`, 'an array', targets);
        destinations = targets.length;
        logging = { level: level as ExecutionLogLevel, includeExecutionData: data };
        break;
      }
      case 'tracingconfig':
      case 'tracingconfiguration': {
        const enabled = isObject(setting) ? (field(setting, 'Enabled') ?? false) : setting;
        if (typeof enabled !== 'boolean') throw wrong(`${key}.Enabled`, 'true or false', enabled);
        tracing = enabled;
        break;
      }
      default:
        if (!OTHER_PROPERTIES.has(key.toLowerCase())) {
          throw wrong(
            `"${key}"`,
            'LoggingConfig(uration), TracingConfig(uration) or a state machine property',
          );
        }
    }
  }
  return { ...(logging ? { logging } : {}), ...(tracing !== undefined ? { tracing } : {}), destinations };
}

/** Reads a machine config file (JSON or YAML). */
export async function loadMachineConfig(file: string): Promise<MachineMonitoring> {
  const text = await readText(file, 'machine config');
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new UsageError(`The machine config ${file} is neither JSON nor YAML: ${(err as Error).message}`);
  }
  return monitoringFromConfig(value, file);
}

/**
 * The logging and tracing an execution gets: the flags where given, else the machine config's settings.
 * OFF (the default, as on AWS) means no logging.
 */
export async function resolveMonitoring(flags: MonitoringFlags): Promise<{
  readonly logging?: ExecutionLogging;
  readonly tracing: boolean;
  readonly destinations: number;
}> {
  const config = flags.machineConfig ? await loadMachineConfig(flags.machineConfig) : { destinations: 0 };
  const level = flags.logLevel ?? config.logging?.level ?? 'OFF';
  const includeExecutionData = flags.includeExecutionData ?? config.logging?.includeExecutionData ?? false;
  return {
    ...(level !== 'OFF' ? { logging: { level, includeExecutionData } } : {}),
    tracing: flags.tracing ?? config.tracing ?? false,
    destinations: config.destinations,
  };
}
