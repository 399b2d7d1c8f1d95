import { dirname } from 'node:path';
import { type Json } from '../../src/asl/types';
import { withSdkMetadata } from './service';

/**
 * The slice of `@smithy/core/schema`'s NormalizedSchema the conversions read. SDK v3 clients describe every
 * operation's input and output with these schemas, so the conversions follow the service model instead of guessing.
 */
export interface ShapeSchema {
  isStructSchema(): boolean;
  isListSchema(): boolean;
  isMapSchema(): boolean;
  isBlobSchema(): boolean;
  isTimestampSchema(): boolean;
  getValueSchema(): ShapeSchema;
  structIterator(): Iterable<[string, ShapeSchema]>;
}

/** Builds a {@link ShapeSchema} from a client's static schema (an array, or a function returning one). */
export type SchemaReader = (schema: unknown) => ShapeSchema;

/** An SDK v3 command instance: its operation schema is `[9, namespace, name, traits, input, output]`. */
interface SchemaCommand {
  readonly schema?: unknown;
}

const readers = new Map<string, SchemaReader | undefined>();

/**
 * The schema reader of the `@smithy/core` copy that `clientPackage` itself loads, so schemas and reader always come
 * from the same version (clients may pin different ones). Undefined for a client too old to carry schemas.
 */
export function schemaReaderFor(clientPackage: string): SchemaReader | undefined {
  if (readers.has(clientPackage)) return readers.get(clientPackage);
  let reader: SchemaReader | undefined;
  try {
    const from = dirname(require.resolve(clientPackage));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const core = require(require.resolve('@smithy/core/schema', { paths: [from] })) as {
      NormalizedSchema?: { of(schema: unknown): ShapeSchema };
    };
    const normalized = core.NormalizedSchema;
    reader = normalized ? (schema) => normalized.of(schema) : undefined;
  } catch {
    reader = undefined;
  }
  readers.set(clientPackage, reader);
  return reader;
}

/** The input and output schemas of a command, when its client carries schemas. */
export function operationSchemas(
  read: SchemaReader | undefined,
  command: unknown,
): { input?: ShapeSchema; output?: ShapeSchema } {
  const op = (command as SchemaCommand).schema;
  if (!read || !Array.isArray(op) || op.length < 6) return {};
  return { input: read(op[4]), output: read(op[5]) };
}

/** `taskDefinition` -> `TaskDefinition`: how Step Functions spells every member, whatever the service's model says. */
export function pascalCase(name: string): string {
  return name.length > 0 ? name[0].toUpperCase() + name.slice(1) : name;
}

/**
 * A Task's Parameters as the SDK v3 command takes them. Step Functions takes members in PascalCase even where the
 * model is camelCase (ECS, Batch), so each structure member is matched by name ignoring the case of its letters;
 * map keys (DynamoDB attribute names, Batch parameters) are left alone. Text given for a blob is sent as UTF-8
 * (a JSON value serialized), and a timestamp may be an ISO string or epoch seconds or milliseconds.
 */
export function toSdkInput(schema: ShapeSchema | undefined, value: Json | undefined): unknown {
  if (value === undefined || value === null || !schema) return value;
  if (schema.isBlobSchema()) {
    return typeof value === 'string'
      ? Buffer.from(value, 'utf8')
      : Buffer.from(JSON.stringify(value), 'utf8');
  }
  if (schema.isTimestampSchema()) {
    if (typeof value === 'number') return new Date(value < 1e11 ? value * 1000 : value);
    return typeof value === 'string' ? new Date(value) : value;
  }
  if (schema.isListSchema()) {
    return Array.isArray(value) ? value.map((v) => toSdkInput(schema.getValueSchema(), v)) : value;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  if (schema.isMapSchema()) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toSdkInput(schema.getValueSchema(), v);
    return out;
  }
  if (!schema.isStructSchema()) return value;
  const members = new Map<string, [string, ShapeSchema]>();
  for (const [name, member] of schema.structIterator()) members.set(name.toLowerCase(), [name, member]);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const member = members.get(key.toLowerCase());
    // An unknown member goes through as given: the SDK ignores it, as Step Functions' validation would reject it.
    if (member) out[member[0]] = toSdkInput(member[1], v);
    else out[key] = v;
  }
  return out;
}

/** What an SDK v3 streaming body offers (S3 GetObject's Body, Lambda InvokeWithResponseStream's parts). */
interface StreamingBody {
  transformToString(encoding?: string): Promise<string>;
}

function isStreamingBody(value: unknown): value is StreamingBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<StreamingBody>).transformToString === 'function'
  );
}

/**
 * An SDK v3 output as Step Functions returns it: structure members in PascalCase, map keys unchanged, bytes and
 * streamed bodies as UTF-8 text, dates as epoch milliseconds (as `plainOutput` does), `$metadata` and undefined
 * members dropped. Without a schema, only the value conversions apply.
 */
export async function fromSdkOutput(schema: ShapeSchema | undefined, value: unknown): Promise<Json> {
  if (value === undefined || value === null) return null;
  if (isStreamingBody(value)) return value.transformToString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) {
    const item = schema?.isListSchema() ? schema.getValueSchema() : undefined;
    return Promise.all(value.map((v) => fromSdkOutput(item, v)));
  }
  if (typeof value !== 'object') return value as Json;
  const out: Record<string, Json> = {};
  if (schema?.isStructSchema()) {
    for (const [name, member] of schema.structIterator()) {
      const v = (value as Record<string, unknown>)[name];
      if (v !== undefined) out[pascalCase(name)] = await fromSdkOutput(member, v);
    }
    return out;
  }
  const item = schema?.isMapSchema() ? schema.getValueSchema() : undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === '$metadata' || v === undefined) continue;
    out[k] = await fromSdkOutput(item, v);
  }
  return out;
}

/**
 * An optimized integration's response in PascalCase plus the `SdkHttpMetadata` and `SdkResponseMetadata` that the
 * Java SDK behind Step Functions adds (ECS RunTask, Batch SubmitJob as request-response).
 */
export async function withPascalSdkMetadata(
  schema: ShapeSchema | undefined,
  response: unknown,
): Promise<Json> {
  const meta = withSdkMetadata(response) as Record<string, Json>;
  const output = (await fromSdkOutput(schema, response)) as Record<string, Json>;
  return { ...output, SdkHttpMetadata: meta.SdkHttpMetadata, SdkResponseMetadata: meta.SdkResponseMetadata };
}

/** The item schema of a structure's list member (`tasks` of DescribeTasks' output -> `Task`). */
export function listItemSchema(schema: ShapeSchema | undefined, member: string): ShapeSchema | undefined {
  if (!schema?.isStructSchema()) return undefined;
  for (const [name, m] of schema.structIterator()) {
    if (name === member && m.isListSchema()) return m.getValueSchema();
  }
  return undefined;
}
