/** GetExecutionHistory's events, in Step Functions' shape, from the interpreter's trace. */
import { createHash } from 'node:crypto';
import { type StateMachine } from '../asl/types';
import { awsEventNamer } from '../interpreter/execution-log';
import { type TraceEvent } from '../interpreter/trace';
import { type ArnScope } from './arn';
import { previousEventIds, type StatePlace, statePlaces } from './history-links';

/** One HistoryEvent as the API returns it. */
export type HistoryEvent = Record<string, unknown>;

const text = (value: unknown): string => JSON.stringify(value ?? null);

/** The part of a Task Resource ARN Step Functions reports as resourceType and resource (`lambda`, `invoke`). */
function resourceParts(resource: string | undefined): { resourceType: string; resource: string } {
  const match = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(resource ?? '');
  if (match) return { resourceType: match[1], resource: match[2] };
  return { resourceType: 'lambda', resource: resource ?? '' };
}

const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:/;

/**
 * The type AWS gives a Task event: a Task whose Resource is an activity ARN records Activity* events
 * (ActivityTimedOut when its TimeoutSeconds or HeartbeatSeconds ran out), the others as named by the trace.
 */
function eventType(type: string, event: TraceEvent, resource: string | undefined): string {
  if (!type.startsWith('Task') || type.endsWith('StateEntered') || type.endsWith('StateExited')) return type;
  if (!resource || !ACTIVITY_ARN.test(resource)) return type;
  if (
    type === 'TaskFailed' &&
    (event.error === 'States.Timeout' || event.error === 'States.HeartbeatTimeout')
  ) {
    return 'ActivityTimedOut';
  }
  return `Activity${type.slice('Task'.length)}`;
}

/** What the details of one event are made from besides the event itself. */
interface DetailsContext {
  readonly resource: string | undefined;
  readonly withData: boolean;
  readonly region: string;
  /** The event's state in the definition, for the Task's TimeoutSeconds and HeartbeatSeconds. */
  readonly place: StatePlace | undefined;
  readonly mapLength?: number;
  readonly mapRunArn?: string;
}

/**
 * A Task's TimeoutSeconds and HeartbeatSeconds as the call resolved them (TimeoutSecondsPath, a JSONata expression),
 * or, in traces recorded before the trace kept them, when the definition gives them as numbers.
 */
function taskTimeouts(
  event: TraceEvent,
  place: StatePlace | undefined,
  members: 'lambda' | 'task',
): Record<string, number> {
  const resolved = event.timeoutSeconds !== undefined || event.heartbeatSeconds !== undefined;
  const timeout = resolved ? event.timeoutSeconds : place?.state.TimeoutSeconds;
  const heartbeat = resolved ? event.heartbeatSeconds : place?.state.HeartbeatSeconds;
  return {
    ...(typeof timeout === 'number' ? { timeoutInSeconds: timeout } : {}),
    // LambdaFunctionScheduledEventDetails has no heartbeat member.
    ...(members === 'task' && typeof heartbeat === 'number' ? { heartbeatInSeconds: heartbeat } : {}),
  };
}

/** The `<type>EventDetails` member of one event (inputs and outputs left out unless `withData`). */
function detailsOf(
  type: string,
  event: TraceEvent,
  context: DetailsContext,
): Record<string, unknown> | undefined {
  const { resource, withData } = context;
  const data = (member: 'input' | 'output', value: unknown): Record<string, unknown> =>
    withData ? { [member]: text(value), [`${member}Details`]: { truncated: false } } : {};
  const failure = {
    ...(event.error !== undefined ? { error: event.error } : {}),
    ...(event.cause !== undefined ? { cause: event.cause } : {}),
  };
  if (type.endsWith('StateEntered')) return { name: event.state, ...data('input', event.input) };
  if (type.endsWith('StateExited')) return { name: event.state, ...data('output', event.output) };
  switch (type) {
    case 'ExecutionStarted':
      return data('input', event.input);
    case 'ExecutionSucceeded':
      return data('output', event.output);
    case 'ExecutionFailed':
    case 'ExecutionTimedOut':
      return failure;
    case 'LambdaFunctionScheduled':
      return { resource, ...data('input', event.input), ...taskTimeouts(event, context.place, 'lambda') };
    case 'ActivityScheduled':
      return { resource, ...data('input', event.input), ...taskTimeouts(event, context.place, 'task') };
    case 'ActivityStarted':
      // AWS names the worker that polled; the trace records the start before any worker polls, so none is known.
      return {};
    case 'ActivitySucceeded':
      return data('output', event.output);
    case 'ActivityFailed':
    case 'ActivityTimedOut':
      return failure;
    case 'LambdaFunctionStarted':
      return undefined;
    case 'LambdaFunctionSucceeded':
      return data('output', event.output);
    case 'LambdaFunctionFailed':
      return failure;
    case 'TaskScheduled':
      return {
        ...resourceParts(resource),
        region: context.region,
        parameters: withData ? text(event.input) : '',
        ...taskTimeouts(event, context.place, 'task'),
      };
    case 'TaskStarted':
      return resourceParts(resource);
    case 'TaskSucceeded':
      return { ...resourceParts(resource), ...data('output', event.output) };
    case 'TaskFailed':
      return { ...resourceParts(resource), ...failure };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return { name: event.state, index: event.index };
    case 'MapStateStarted':
      return context.mapLength !== undefined ? { length: context.mapLength } : undefined;
    case 'MapRunStarted':
      return context.mapRunArn !== undefined ? { mapRunArn: context.mapRunArn } : undefined;
    case 'MapRunFailed':
      // The error the Map Run failed with (the Map state then fails with the same one).
      return failure;
    default:
      return undefined;
  }
}

/**
 * The item count of the Map whose MapStateStarted is `events[at]`, which the trace does not record: one more than
 * the highest iteration index of that Map before it ends (exact once every iteration started; a Map that failed
 * early counts only those that did).
 */
function mapLengthAt(events: readonly TraceEvent[], at: number): number {
  const name = events[at].state;
  let length = 0;
  for (let i = at + 1; i < events.length; i++) {
    const event = events[i];
    if (event.state !== name) continue;
    // A retry's next attempt (its own MapStateStarted) ends this one too.
    if (
      event.type === 'MapStateSucceeded' ||
      event.type === 'MapStateFailed' ||
      event.type === 'MapStateStarted'
    ) {
      break;
    }
    if (event.type.startsWith('MapIteration') && event.index !== undefined) {
      length = Math.max(length, event.index + 1);
    }
  }
  return length;
}

/** The detail member's name: `taskScheduledEventDetails` for `TaskScheduled`, one for all StateEntered kinds. */
function detailsMember(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
}

/** What {@link historyEvents} needs besides the trace. */
export interface HistoryOptions {
  readonly includeExecutionData: boolean;
  readonly roleArn?: string;
  /** The definition the execution runs: Task timeouts, and which Parallel branch an event belongs to. */
  readonly definition?: StateMachine;
  /** Where ARNs point (the region of TaskScheduled, Map Run ARNs), and the execution's machine and ARN. */
  readonly scope?: ArnScope;
  readonly stateMachineName?: string;
  readonly executionArn?: string;
  /**
   * A stopped execution's end (StopExecution's error and cause): the trace ends where the execution was cancelled,
   * so its ExecutionAborted event is added here.
   */
  readonly aborted?: { readonly at: Date; readonly error?: string; readonly cause?: string };
}

/**
 * A Map Run's ARN, `arn:aws:states:<region>:<account>:mapRun:<machine>/<label or state>:<id>`: the id is derived
 * from the execution and the MapRunStarted event, so every read of the history gives the same ARN.
 */
export function mapRunArn(
  scope: ArnScope,
  machine: string,
  label: string,
  executionArn: string,
  eventId: number,
): string {
  const hex = createHash('sha256').update(`${executionArn}#${eventId}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `arn:aws:states:${scope.region}:${scope.account}:mapRun:${machine}/${label}:${id}`;
}

/** The trace events as Step Functions' HistoryEvents: ids from the trace, linked as Step Functions links them. */
export function historyEvents(events: readonly TraceEvent[], options: HistoryOptions): HistoryEvent[] {
  const nameOf = awsEventNamer();
  const places = statePlaces(options.definition);
  const resources = new Map<string, string>();
  const named = events.map((event, i) => {
    if (event.state !== undefined && event.resource !== undefined) resources.set(event.state, event.resource);
    const resource = event.resource ?? (event.state !== undefined ? resources.get(event.state) : undefined);
    return { event, type: eventType(nameOf(event), event, resource), id: event.id ?? i + 1, resource };
  });
  const linked = named.map(({ event, type, id }) => ({
    id,
    type,
    state: event.state,
    index: event.index,
    path: event.path,
  }));
  const lastId = named.at(-1)?.id ?? 0;
  const aborted = options.aborted && named.at(-1)?.type !== 'ExecutionAborted' ? options.aborted : undefined;
  if (aborted)
    linked.push({
      id: lastId + 1,
      type: 'ExecutionAborted',
      state: undefined,
      index: undefined,
      path: undefined,
    });
  const previous = previousEventIds(linked, places);
  const out = named.map(({ event, type, id, resource }, i): HistoryEvent => {
    const place = event.state !== undefined ? places.get(event.state) : undefined;
    const label = typeof place?.state.Label === 'string' ? place.state.Label : (event.state ?? '');
    const details = detailsOf(type, event, {
      resource,
      withData: options.includeExecutionData,
      region: options.scope?.region ?? '',
      place,
      ...(type === 'MapStateStarted' ? { mapLength: mapLengthAt(events, i) } : {}),
      ...(type === 'MapRunStarted' && options.scope && options.executionArn
        ? {
            mapRunArn: mapRunArn(
              options.scope,
              options.stateMachineName ?? '',
              label,
              options.executionArn,
              id,
            ),
          }
        : {}),
    });
    const extra =
      type === 'ExecutionStarted' && details && options.roleArn ? { roleArn: options.roleArn } : {};
    return {
      timestamp: event.timestamp / 1000,
      type,
      id,
      previousEventId: previous[i],
      ...(details ? { [detailsMember(type)]: { ...details, ...extra } } : {}),
    };
  });
  if (aborted) {
    const failure = {
      ...(aborted.error !== undefined ? { error: aborted.error } : {}),
      ...(aborted.cause !== undefined ? { cause: aborted.cause } : {}),
    };
    out.push({
      timestamp: aborted.at.getTime() / 1000,
      type: 'ExecutionAborted',
      id: lastId + 1,
      previousEventId: previous[linked.length - 1],
      executionAbortedEventDetails: failure,
    });
  }
  return out;
}
