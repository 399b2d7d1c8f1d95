import { type ExecutionError } from '../asl/errors';
import { withStateContext } from '../dataflow/errors';
import { type Runtime } from './runtime';
import { type TraceEvent } from './trace';

/** Counts history events as Step Functions numbers them, so errors can say "entered at the event id #N". */
export class HistoryCounter {
  constructor(private count = 0) {}

  /** Records an event with the next id, and returns the id. */
  emit(runtime: Runtime, event: Omit<TraceEvent, 'id'>): number {
    this.count += 1;
    // Object.assign rather than a spread: the workflow bundle compiles spreads to a slow helper, once per event.
    runtime.record(Object.assign({ id: this.count }, event));
    return this.count;
  }

  /** Counts events Step Functions has but the trace does not keep (TaskScheduled/TaskStarted pairs). */
  skip(n: number): void {
    this.count += n;
  }

  /** How many events so far (carried across continue-as-new). */
  total(): number {
    return this.count;
  }
}

/** Prefixes a state's own data-flow error with where it arose, as AWS words it. */
export function locateError(error: ExecutionError, state: string, enteredEventId: number): ExecutionError {
  return error.located ? error : withStateContext(error, state, enteredEventId);
}
