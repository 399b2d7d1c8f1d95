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
    // The id is added to the caller's object (every caller passes a fresh literal) rather than to a copy: copying
    // each event (Object.assign; a spread is slower still in the workflow bundle) was a tenth of a Task's cost.
    (event as { id?: number }).id = this.count;
    runtime.record(event);
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
