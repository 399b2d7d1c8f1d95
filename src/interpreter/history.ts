import { type ExecutionError } from '../asl/errors';
import { withStateContext } from '../dataflow/errors';
import { type Runtime } from './runtime';
import { type TraceEvent } from './trace';

/** Counts history events as Step Functions numbers them, so errors can say "entered at the event id #N". */
export class HistoryCounter {
  // Shared by the counters of every Map iteration and Parallel branch of one execution (see `within`).
  private readonly shared: { count: number };

  constructor(
    count = 0,
    private readonly path?: readonly number[],
    shared?: { count: number },
  ) {
    this.shared = shared ?? { count };
  }

  /** Records an event with the next id, and returns the id. */
  emit(runtime: Runtime, event: Omit<TraceEvent, 'id'>): number {
    const id = (this.shared.count += 1);
    // The id is added to the caller's object (every caller passes a fresh literal) rather than to a copy: copying
    // each event (Object.assign; a spread is slower still in the workflow bundle) was a tenth of a Task's cost.
    (event as { id?: number }).id = id;
    if (this.path !== undefined) (event as { path?: readonly number[] }).path = this.path;
    runtime.record(event);
    return id;
  }

  /**
   * The counter for the events of one Map iteration or Parallel branch (`index`) under this one: the same ids, each
   * event tagged with its path, so a reader can tell interleaved iterations apart.
   */
  within(index: number): HistoryCounter {
    return new HistoryCounter(0, this.path === undefined ? [index] : [...this.path, index], this.shared);
  }

  /** Counts events Step Functions has but the trace does not keep (TaskScheduled/TaskStarted pairs). */
  skip(n: number): void {
    this.shared.count += n;
  }

  /** How many events so far (carried across continue-as-new). */
  total(): number {
    return this.shared.count;
  }
}

/** Prefixes a state's own data-flow error with where it arose, as AWS words it. */
export function locateError(error: ExecutionError, state: string, enteredEventId: number): ExecutionError {
  return error.located ? error : withStateContext(error, state, enteredEventId);
}
