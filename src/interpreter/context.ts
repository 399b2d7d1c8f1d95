import { type Json, type JsonObject } from '../asl/types';

/** The facts of one execution that the `$$` context object exposes. */
export interface ExecutionInfo {
  /** The execution ARN (`arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`). */
  readonly id: string;
  readonly name: string;
  readonly input: Json;
  /** ISO-8601 start time. */
  readonly startTime: string;
  readonly roleArn: string;
  /** The state machine ARN. */
  readonly stateMachineId: string;
  readonly stateMachineName: string;
  /** Redrive count, always 0 here. */
  readonly redriveCount?: number;
}

/** The per-state part of the context object. */
export interface StateFacts {
  readonly name: string;
  /** ISO-8601 time the state was entered. */
  readonly enteredTime: string;
  readonly retryCount?: number;
}

/** The Map iteration facts (`$$.Map.Item`). */
export interface MapItemFacts {
  readonly index: number;
  readonly value: Json;
  /** The Map's input items source key, when ItemReader produced it (unused inline). */
  readonly source?: string;
}

/** Builds the `$$` context object for one state as Step Functions shows it. */
export function contextObject(
  execution: ExecutionInfo,
  state: StateFacts,
  extra: { readonly taskToken?: string; readonly mapItem?: MapItemFacts } = {},
): JsonObject {
  const context: JsonObject = {
    Execution: {
      Id: execution.id,
      Input: execution.input,
      Name: execution.name,
      RoleArn: execution.roleArn,
      StartTime: execution.startTime,
      RedriveCount: execution.redriveCount ?? 0,
    },
    State: {
      EnteredTime: state.enteredTime,
      Name: state.name,
      ...(state.retryCount !== undefined ? { RetryCount: state.retryCount } : {}),
    },
    StateMachine: { Id: execution.stateMachineId, Name: execution.stateMachineName },
  };
  if (extra.taskToken !== undefined) context.Task = { Token: extra.taskToken };
  if (extra.mapItem) context.Map = { Item: { Index: extra.mapItem.index, Value: extra.mapItem.value } };
  return context;
}

// The last time formatted: the states of a run mostly share one (virtual) millisecond, and formatting a Date
// was the largest single cost of a short local execution.
let lastMs = NaN;
let lastIso = '';

/** Formats epoch milliseconds as Step Functions does (ISO-8601 with milliseconds, UTC). */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

/** The ARNs and names a local execution gets when the caller gives none. */
export function executionArns(options: {
  readonly stateMachineName: string;
  readonly executionName: string;
  readonly region?: string;
  readonly account?: string;
}): { readonly stateMachineArn: string; readonly executionArn: string; readonly roleArn: string } {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  return {
    stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${options.stateMachineName}`,
    executionArn: `arn:aws:states:${region}:${account}:execution:${options.stateMachineName}:${options.executionName}`,
    roleArn: `arn:aws:iam::${account}:role/asl-temporal-execution`,
  };
}
