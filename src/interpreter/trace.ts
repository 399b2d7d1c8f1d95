import { type Json } from '../asl/types';

/** The kinds of Step Functions-style history events the interpreter records. */
export type TraceEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'StateEntered'
  | 'StateExited'
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapStateFailed'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapRunFailed'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed';

/** One history event, shaped like an entry of Step Functions' GetExecutionHistory. */
export interface TraceEvent {
  /** The event's id, counted as Step Functions counts its history events (ExecutionStarted is 1). */
  readonly id?: number;
  readonly type: TraceEventType;
  /** Epoch milliseconds, from the runtime's clock. */
  readonly timestamp: number;
  /** The state this event belongs to; absent on execution events. */
  readonly state?: string;
  /** The state's type, on StateEntered/StateExited (so a reader can name them `TaskStateEntered` etc.). */
  readonly stateType?: string;
  readonly input?: Json;
  readonly output?: Json;
  readonly assignedVariables?: Readonly<Record<string, Json>>;
  readonly error?: string;
  readonly cause?: string;
  readonly resource?: string;
  /** The Map iteration index, on MapIteration* events. */
  readonly index?: number;
  /**
   * Where the event ran: at each enclosing Map or Parallel, outermost first, the iteration's index or the branch's;
   * absent at the top level. A Map's own events (MapIterationStarted, ...) carry the path of the Map itself.
   */
  readonly path?: readonly number[];
  /** On TaskScheduled, TimeoutSeconds and HeartbeatSeconds as resolved for the call (from a number or a path). */
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

/** A bounded in-memory trace: keeps the last `capacity` events and counts those it dropped. */
export class BoundedTrace {
  // A ring once full (`start` is the oldest kept event): dropping the oldest is O(1), where Array#shift moved
  // the whole array on every event of a long execution.
  private readonly events: TraceEvent[] = [];
  private start = 0;
  private dropped = 0;

  constructor(private readonly capacity = 10_000) {}

  /** Adds an event, dropping the oldest when full. */
  add(event: TraceEvent): void {
    if (this.events.length < this.capacity) {
      this.events.push(event);
      return;
    }
    if (this.capacity <= 0) {
      this.dropped += 1;
      return;
    }
    this.events[this.start] = event;
    this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
    this.dropped += 1;
  }

  /** The kept events, oldest first, and how many older ones were dropped. */
  snapshot(): { readonly events: readonly TraceEvent[]; readonly dropped: number } {
    const events =
      this.start === 0
        ? this.events.slice()
        : this.events.slice(this.start).concat(this.events.slice(0, this.start));
    return { events, dropped: this.dropped };
  }
}
