/**
 * Step Functions' X-Ray view of an execution (one segment per state) as OpenTelemetry spans: the generic workflow
 * feeds its trace events here when the execution asked for tracing (TracingConfig).
 */
import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { type TraceEvent } from '../src/interpreter/trace';

/** The instrumentation scope of the state spans. */
export const STATE_TRACER_NAME = 'asl-temporal';

/**
 * Returns a recorder that opens a span when a state is entered and ends it when the state exits, timed by the
 * events' own (workflow) timestamps. Spans leave the workflow only when the worker installed Temporal's
 * OpenTelemetry interceptors; without them the API's tracer is a no-op, so this costs nothing. Spans are exported
 * through a sink, which Temporal does not call during replay, so a replayed state is not exported twice.
 */
export function createStateSpans(stateMachineName: string): (event: TraceEvent) => void {
  const tracer = trace.getTracer(STATE_TRACER_NAME);
  // Concurrent Map iterations enter the same state name; the first entered is the first to exit.
  const open = new Map<string, Span[]>();
  const endAll = (event: TraceEvent, failed: boolean) => {
    for (const spans of open.values()) {
      for (const span of spans.splice(0)) {
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? event.type });
        span.end(event.timestamp);
      }
    }
  };
  return (event) => {
    const name = event.state;
    switch (event.type) {
      case 'StateEntered': {
        if (name === undefined) return;
        const span = tracer.startSpan(`State:${name}`, {
          startTime: event.timestamp,
          attributes: {
            'asl.state_machine': stateMachineName,
            'asl.state.name': name,
            'asl.state.type': event.stateType ?? '',
          },
        });
        open.set(name, [...(open.get(name) ?? []), span]);
        return;
      }
      case 'TaskScheduled':
        if (name !== undefined && event.resource)
          open.get(name)?.[0]?.setAttribute('asl.resource', event.resource);
        return;
      case 'TaskFailed':
      case 'MapStateFailed':
      case 'ParallelStateFailed': {
        const span = name === undefined ? undefined : open.get(name)?.[0];
        span?.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? event.type });
        span?.setAttribute('asl.error', event.error ?? '');
        return;
      }
      case 'StateExited': {
        if (name === undefined) return;
        open.get(name)?.shift()?.end(event.timestamp);
        return;
      }
      case 'ExecutionFailed':
      case 'ExecutionSucceeded':
        // A state that ends the execution (a Fail state, an uncaught error) never exits; its span ends with it.
        endAll(event, event.type === 'ExecutionFailed');
        return;
      default:
        return;
    }
  };
}
