import { type Json } from '../asl/types';
import { type TraceEvent } from './trace';

/** A Task's request to the outside world, after the state's input processing. */
export interface TaskRequest {
  /** The Task state's name (unique in the machine), for mocks, summaries and errors. */
  readonly stateName: string;
  /** The Task's `Resource` ARN. */
  readonly resource: string;
  /** The effective parameters (JSONPath `Parameters` or JSONata `Arguments`), or the effective input. */
  readonly parameters: Json;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  readonly credentials?: Json;
  /** The task token, for `.waitForTaskToken` resources. */
  readonly taskToken?: string;
}

/** A concurrent unit of work for {@link Runtime.all}. */
export type ConcurrentTask<T> = () => Promise<T>;

/**
 * The interpreter's only door to the world. The Temporal workflow implements it with activities, durable timers
 * and cancellation scopes; the local runtime with a virtual clock. Failures are thrown as ExecutionError.
 */
export interface Runtime {
  /** Runs one Task and returns its raw result. */
  runTask(request: TaskRequest): Promise<Json>;
  /** Waits for a duration (durable in Temporal, virtual locally). */
  sleep(ms: number): Promise<void>;
  /** The current time in epoch milliseconds (deterministic in a workflow). */
  now(): number;
  /** A deterministic random number in [0, 1). */
  random(): number;
  /** A deterministic random v4 uuid. */
  uuid(): string;
  /** Records a Step Functions-style history event. */
  record(event: TraceEvent): void;
  /**
   * Runs tasks concurrently, at most `limit` at a time (0 or undefined: unbounded), resolving with their results in
   * order; the first failure rejects and cancels the tasks still running.
   */
  all<T>(tasks: readonly ConcurrentTask<T>[], options?: { readonly limit?: number }): Promise<T[]>;
}
