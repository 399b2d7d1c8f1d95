/**
 * A Task, Parallel or Map state of exported code before it runs: `retry(...)` and `withCatch(...)` give it its
 * Retry and Catch, and awaiting it runs the state once, through its executor, with them. The policies are the
 * state's own (one entry in the history, attempts and the catch inside it, as Step Functions records them) rather
 * than a loop around it.
 */
import { type Json } from '../../src/asl/types';
import { type StateOutcome } from '../../src/interpreter/machine-context';
import { type StateFields } from './template';

/** A state to run: await it for its output, or hand it to `retry(...)` and `withCatch(...)` first. */
export class StateCall implements PromiseLike<Json> {
  private started?: Promise<StateOutcome>;

  constructor(
    private readonly run: (fields: StateFields) => Promise<StateOutcome>,
    private readonly fields: StateFields = {},
  ) {}

  /** The same state with more fields (its Retry or Catch); this one must not have started. */
  with(more: StateFields): StateCall {
    return new StateCall(this.run, { ...this.fields, ...more });
  }

  /** Runs the state (once, however often it is awaited): its output, and `next` when a catcher caught. */
  outcome(): Promise<StateOutcome> {
    this.started ??= this.run(this.fields);
    return this.started;
  }

  /** Runs the state and gives its output. */
  then<A = Json, B = never>(
    onfulfilled?: ((value: Json) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.outcome()
      .then((o) => o.output)
      .then(onfulfilled, onrejected);
  }
}
