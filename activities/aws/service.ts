import { type Json } from '../../src/asl/types';
import { type IntegrationPattern } from '../../src/asl/resource-route';
import { aslFailure } from '../errors';
import { type AwsClients, RESPONSE_HEADERS } from './clients';
import { type FunctionResult } from './lambda';

/** One service call of a Task, as a service file receives it. */
export interface ServiceCall {
  readonly stateName: string;
  /** The Resource's service part: `dynamodb`, `sqs`, ..., or `aws-sdk:<service>`. */
  readonly service: string;
  readonly action: string;
  readonly pattern: IntegrationPattern;
  /** The Task's effective Parameters (or Arguments). */
  readonly parameters: Json;
  /** The Task's `Credentials` field, when set. */
  readonly credentials?: Json;
  /** The Task's TimeoutSeconds, in ms. */
  readonly timeoutMs?: number;
  /** The calling execution's ARNs. */
  readonly execution?: { readonly executionArn: string; readonly stateMachineArn: string };
}

/** What a service call may use besides its request: clients, and liveness and sleep for `.sync` polling. */
export interface ServiceContext {
  readonly clients: AwsClients;
  /** Reports progress of a long poll (an activity heartbeat in a worker; a no-op in-process). */
  readonly heartbeat: (details?: unknown) => void;
  /** Sleeps between polls; rejects when the activity is cancelled. */
  readonly sleep: (ms: number) => Promise<void>;
  /** How long `.sync` integrations wait between two polls of the job's status. */
  readonly pollIntervalMs: number;
  /** Runs a Lambda function by name or ARN: local handlers first, then real Lambda. */
  readonly invokeFunction: (functionName: string, payload: Json) => Promise<FunctionResult>;
}

/** A Task's Parameters as an object, or a located error naming the state and what it expected. */
export function parametersOf(call: ServiceCall): Record<string, Json> {
  const p = call.parameters;
  if (p !== null && typeof p === 'object' && !Array.isArray(p)) return p;
  throw aslFailure(
    'States.Runtime',
    `The Task '${call.stateName}' (${call.service}:${call.action}) needs an object in Parameters, got ${JSON.stringify(p)}.`,
  );
}

/** The field as a string, or a located error. */
export function requiredString(call: ServiceCall, params: Record<string, Json>, field: string): string {
  const value = params[field];
  if (typeof value === 'string' && value.length > 0) return value;
  throw aslFailure(
    'States.Runtime',
    `The Task '${call.stateName}' (${call.service}:${call.action}) needs a string '${field}' in its Parameters.`,
  );
}

/** A JSON value as the string a service expects: strings unchanged, anything else serialized, as Step Functions does. */
export function asMessageString(value: Json | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** An SDK v3 output as plain JSON: no `$metadata`, dates as epoch ms, bytes as UTF-8 text, undefined dropped. */
export function plainOutput(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(plainOutput);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      out[k] = plainOutput(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  return value as Json;
}

/**
 * An optimized integration's output as Step Functions returns it: the service's response plus `SdkHttpMetadata`
 * and `SdkResponseMetadata`, which the AWS Java SDK behind Step Functions adds.
 */
export function withSdkMetadata(output: unknown): Json {
  const plain = plainOutput(output) as Record<string, Json>;
  const meta = (output as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata ?? {};
  const headers = (output as { [RESPONSE_HEADERS]?: Record<string, string> })[RESPONSE_HEADERS] ?? {};
  return {
    ...plain,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: { ...headers },
      HttpStatusCode: meta.httpStatusCode ?? 200,
    },
    SdkResponseMetadata: { RequestId: meta.requestId ?? '' },
  };
}

/** The error for an action a service file does not offer as an optimized integration. */
export function unsupportedAction(call: ServiceCall, supported: readonly string[]) {
  return aslFailure(
    'States.Runtime',
    `The Task '${call.stateName}' calls ${call.service}:${call.action}, which is not an optimized integration ` +
      `(supported: ${supported.join(', ')}). Use arn:aws:states:::aws-sdk:${call.service}:${call.action} instead.`,
  );
}

/** The error for `.sync:2` on a job integration that offers `.sync` only (ECS, Batch). */
export function syncOnly(call: ServiceCall) {
  return aslFailure(
    'States.Runtime',
    `The Task '${call.stateName}' uses ${call.service}:${call.action}.sync:2; ${call.service} offers .sync only.`,
  );
}
