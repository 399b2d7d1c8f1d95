import { routeResource } from '../asl/resource-route';
import { type TraceEvent } from './trace';

/** A state machine's LoggingConfiguration level: which history events reach the log. */
export type ExecutionLogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

/** Step Functions' LoggingConfiguration, minus the destination (the worker's logger is the destination). */
export interface ExecutionLogging {
  readonly level: ExecutionLogLevel;
  /** Include inputs, outputs and causes (Step Functions' IncludeExecutionData); default false, as on AWS. */
  readonly includeExecutionData?: boolean;
}

/** One log record, shaped like the JSON Step Functions writes to CloudWatch Logs for a history event. */
export interface ExecutionLogRecord {
  readonly id: string;
  readonly type: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly event_timestamp: string;
  readonly execution_arn: string;
}

/** What to log for one event: the logger method to use (failures as errors), a message and the record. */
export interface ExecutionLogEntry {
  readonly severity: 'info' | 'error';
  readonly message: string;
  readonly record: ExecutionLogRecord;
}

/** Events that end an execution unsuccessfully: all that FATAL logs. */
const FATAL_TYPES = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/** Events ERROR logs besides the fatal ones (the failure events of AWS's log-level table we record). */
const ERROR_TYPES = new Set([
  ...FATAL_TYPES,
  'FailStateEntered',
  'TaskFailed',
  'LambdaFunctionFailed',
  'MapStateFailed',
  'MapIterationFailed',
  'MapRunFailed',
  'ParallelStateFailed',
]);

/**
 * The history event type as Step Functions names it: states' entries and exits carry the state type
 * (`ChoiceStateEntered`), and Tasks whose Resource is a Lambda function ARN are `LambdaFunction*` events.
 */
export function awsEventType(event: TraceEvent, resource = event.resource): string {
  switch (event.type) {
    case 'StateEntered':
    case 'StateExited':
      return `${event.stateType ?? ''}${event.type}`;
    case 'TaskScheduled':
    case 'TaskStarted':
    case 'TaskSucceeded':
    case 'TaskFailed':
      if (resource && routeResource(resource).kind === 'lambda-function') {
        return `LambdaFunction${event.type.slice('Task'.length)}`;
      }
      return event.type;
    case 'ExecutionFailed':
      // The interpreter records the execution's own TimeoutSeconds expiring as a cause-less States.Timeout.
      return event.error === 'States.Timeout' && event.cause === undefined ? 'ExecutionTimedOut' : event.type;
    default:
      return event.type;
  }
}

/**
 * Names a sequence of events as Step Functions does ({@link awsEventType}), remembering each Task's Resource from
 * its TaskScheduled event, since the later Task events do not carry it.
 */
export function awsEventNamer(): (event: TraceEvent) => string {
  const resources = new Map<string, string>();
  return (event) => {
    if (event.state !== undefined && event.resource !== undefined) resources.set(event.state, event.resource);
    return awsEventType(
      event,
      event.resource ?? (event.state !== undefined ? resources.get(event.state) : undefined),
    );
  };
}

function levelIncludes(level: ExecutionLogLevel, type: string): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'ERROR':
      return ERROR_TYPES.has(type);
    case 'FATAL':
      return FATAL_TYPES.has(type);
    case 'OFF':
      return false;
  }
}

/** The event's `details`, as Step Functions logs them: inputs and outputs as JSON text, only with execution data. */
function detailsOf(event: TraceEvent, withData: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (event.state !== undefined) details.name = event.state;
  if (event.resource !== undefined) details.resource = event.resource;
  if (event.index !== undefined) details.index = event.index;
  if (event.error !== undefined) details.error = event.error;
  if (!withData) return details;
  if (event.cause !== undefined) details.cause = event.cause;
  if (event.input !== undefined) {
    details.input = JSON.stringify(event.input);
    details.inputDetails = { truncated: false };
  }
  if (event.output !== undefined) {
    details.output = JSON.stringify(event.output);
    details.outputDetails = { truncated: false };
  }
  if (event.assignedVariables !== undefined) details.assignedVariables = event.assignedVariables;
  return details;
}

/**
 * Decides whether `logging` logs `event` and how: the level filters by event type as Step Functions does (ALL:
 * every event; ERROR: failures; FATAL: the execution's own failure; OFF: none), and only IncludeExecutionData adds
 * inputs, outputs and causes. Pure apart from naming events with {@link awsEventNamer}, so the generic workflow and
 * tests share it.
 */
export function createExecutionLog(
  logging: ExecutionLogging,
  executionArn: string,
): (event: TraceEvent) => ExecutionLogEntry | undefined {
  const nameOf = awsEventNamer();
  return (event) => {
    const type = nameOf(event);
    if (!levelIncludes(logging.level, type)) return undefined;
    const record: ExecutionLogRecord = {
      id: String(event.id ?? 0),
      type,
      details: detailsOf(event, logging.includeExecutionData === true),
      event_timestamp: String(event.timestamp),
      execution_arn: executionArn,
    };
    return {
      severity: ERROR_TYPES.has(type) ? 'error' : 'info',
      message: event.state ? `${type} ${event.state}` : type,
      record,
    };
  };
}
