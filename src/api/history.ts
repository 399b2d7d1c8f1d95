/** GetExecutionHistory's events, in Step Functions' shape, from the interpreter's trace. */
import { awsEventNamer } from '../interpreter/execution-log';
import { type TraceEvent } from '../interpreter/trace';

/** One HistoryEvent as the API returns it. */
export type HistoryEvent = Record<string, unknown>;

const text = (value: unknown): string => JSON.stringify(value ?? null);

/** The part of a Task Resource ARN Step Functions reports as resourceType and resource (`lambda`, `invoke`). */
function resourceParts(resource: string | undefined): { resourceType: string; resource: string } {
  const match = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(resource ?? '');
  if (match) return { resourceType: match[1], resource: match[2] };
  return { resourceType: 'lambda', resource: resource ?? '' };
}

/** The `<type>EventDetails` member of one event (inputs and outputs left out unless `withData`). */
function detailsOf(
  type: string,
  event: TraceEvent,
  resource: string | undefined,
  withData: boolean,
  mapLength?: number,
): Record<string, unknown> | undefined {
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
      return { resource, ...data('input', event.input) };
    case 'LambdaFunctionStarted':
      return undefined;
    case 'LambdaFunctionSucceeded':
      return data('output', event.output);
    case 'LambdaFunctionFailed':
      return failure;
    case 'TaskScheduled':
      return { ...resourceParts(resource), region: '', parameters: withData ? text(event.input) : '' };
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
      return mapLength !== undefined ? { length: mapLength } : undefined;
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
    if (event.type === 'MapStateSucceeded' || event.type === 'MapStateFailed') break;
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

/** The trace events as Step Functions' HistoryEvents (ids from the trace, each with the previous event's id). */
export function historyEvents(
  events: readonly TraceEvent[],
  options: { readonly includeExecutionData: boolean; readonly roleArn?: string },
): HistoryEvent[] {
  const nameOf = awsEventNamer();
  const resources = new Map<string, string>();
  let previous = 0;
  return events.map((event, i) => {
    if (event.state !== undefined && event.resource !== undefined) resources.set(event.state, event.resource);
    const type = nameOf(event);
    const id = event.id ?? i + 1;
    const resource = event.resource ?? (event.state !== undefined ? resources.get(event.state) : undefined);
    const mapLength = type === 'MapStateStarted' ? mapLengthAt(events, i) : undefined;
    const details = detailsOf(type, event, resource, options.includeExecutionData, mapLength);
    const extra =
      type === 'ExecutionStarted' && details && options.roleArn ? { roleArn: options.roleArn } : {};
    const out: HistoryEvent = {
      timestamp: event.timestamp / 1000,
      type,
      id,
      previousEventId: previous,
      ...(details ? { [detailsMember(type)]: { ...details, ...extra } } : {}),
    };
    previous = id;
    return out;
  });
}
