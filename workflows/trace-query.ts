import { type Json } from '../src/asl/types';
import { MAX_WORKFLOW_PAYLOAD_BYTES, payloadSize } from '../src/dataflow/limits';
import { type TraceEvent } from '../src/interpreter/trace';

/** A trace as the query answers it: the kept events, oldest first, and how many older ones are not in it. */
export interface TraceAnswer {
  readonly events: readonly TraceEvent[];
  readonly dropped: number;
}

// Each event is measured once: a query comes every 250 ms while `run` watches, and events never change.
const sizes = new WeakMap<TraceEvent, number>();

function sizeOf(event: TraceEvent): number {
  let size = sizes.get(event);
  if (size === undefined) {
    size = payloadSize(event as unknown as Json);
    sizes.set(event, size);
  }
  return size;
}

/**
 * The trace cut to fit one Temporal payload: a state's input and output may each be 256 KiB, so a few large states
 * make a trace far over the 2 MiB an answer may carry (the SDK refuses to send it and the query never returns). The
 * newest events that fit are kept and the older ones count as dropped, as when the trace itself lets them go.
 */
export function traceAnswer(trace: TraceAnswer, budget = MAX_WORKFLOW_PAYLOAD_BYTES): TraceAnswer {
  const { events } = trace;
  // The envelope (`{"events":[],"dropped":N}`) and a comma per event.
  let size = 64;
  let first = events.length;
  while (first > 0) {
    const next = size + sizeOf(events[first - 1]) + 1;
    if (next > budget) break;
    size = next;
    first -= 1;
  }
  if (first === 0) return trace;
  return { events: events.slice(first), dropped: trace.dropped + first };
}
