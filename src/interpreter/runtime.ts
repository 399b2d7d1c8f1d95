import { type Json, type QueryLanguage, type SubMachine } from '../asl/types';
import { type ExecutionInfo } from './context';
import {
  type ItemReadPage,
  type ItemReadRequest,
  type ResultWriteOutcome,
  type ResultWriteRequest,
} from './item-io';
import { type TaskMocker } from './mocks';
import { type TraceEvent } from './trace';
import { type ResultFileList } from './pause';
import { type ResultFileTarget } from './states/result-files';

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
  /** The calling execution, for integrations that report it (EventBridge adds both ARNs to each event). */
  readonly execution?: { readonly executionArn: string; readonly stateMachineArn: string };
}

/**
 * One batch of a Distributed Map's iterations, run apart from the parent (a child workflow on Temporal): the item
 * processor once per input, each in a fresh variable scope, as Step Functions runs a Map Run's child executions.
 */
export interface ChildMachineRequest {
  /** The item processor. */
  readonly machine: SubMachine;
  /** The query language the processor's states default to. */
  readonly queryLanguage?: QueryLanguage;
  /**
   * The parent execution's facts, which the iterations' `$$.Execution` shows; `input` is null when no state of the
   * processor can read `$$.Execution.Input`, so a large execution input is not copied into every batch.
   */
  readonly execution: ExecutionInfo;
  /** The Map state's name. */
  readonly stateName: string;
  /** Unique per run of the Map state within the execution (entry event id and retry), for child ids. */
  readonly runKey: string;
  readonly batchIndex: number;
  /** The Map index of the batch's first item. */
  readonly firstIndex: number;
  /** The iteration inputs of this batch (after ItemSelector/ItemBatcher). */
  readonly items: readonly Json[];
  /** Iterations of this batch running at once (0: all). */
  readonly maxConcurrency: number;
  /** Stop the batch once more than this many of its iterations failed (the Map fails anyway then). */
  readonly maxFailures?: number;
  /** Report SUCCEEDED items without their output: the Map discards its result (ResultPath null, no ResultWriter). */
  readonly discardOutputs?: boolean;
  /** The Task mocks in force, which the iterations keep answering from. */
  readonly mocker?: TaskMocker;
  /** A ResultWriter's target: the batch writes its own items' result files there and reports no outputs. */
  readonly resultFiles?: ResultFileTarget;
  /**
   * The child workflow type that runs the batch when the processor is code (exported workflows): its `machine` is
   * then a placeholder without states. Absent: `mapBatch`, which interprets `machine`.
   */
  readonly batchWorkflow?: string;
}

/** How a child batch ended: each item's result, and the result files it wrote when asked to. */
export interface ChildBatchResult {
  readonly results: readonly ChildItemResult[];
  readonly files?: ResultFileList;
}

/**
 * How one iteration of a child batch ended; ABORTED: never finished because the batch stopped early. A SUCCEEDED
 * item has no output when the request asked to discard outputs.
 */
export type ChildItemResult =
  | { readonly status: 'SUCCEEDED'; readonly output?: Json }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string }
  | { readonly status: 'ABORTED' };

/** How {@link Runtime.all} runs its tasks. */
export interface PoolOptions {
  /** At most this many at once (0 or undefined: all). */
  readonly limit?: number;
  /**
   * Asked before each task starts: once true, no further task starts and the pool resolves when the running ones
   * settle, the unstarted tasks' results left undefined (a Map Run pausing between batches).
   */
  readonly stop?: () => boolean;
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
  /**
   * Whether a mocked response answers the Task: it stands for the whole service call, so no integration reads the
   * Task's parameters. Absent: nothing is mocked.
   */
  answersFromMock?(request: TaskRequest): boolean;
  /** Waits for a duration (durable in Temporal, virtual locally). */
  sleep(ms: number): Promise<void>;
  /** The current time in epoch milliseconds (deterministic in a workflow). */
  now(): number;
  /** A deterministic random number in [0, 1). */
  random(): number;
  /** A deterministic random v4 uuid. */
  uuid(): string;
  /** A new task token for a `.waitForTaskToken` Task: one that SendTaskSuccess can lead back to this Task. */
  taskToken(): string;
  /** Records a Step Functions-style history event. */
  record(event: TraceEvent): void;
  /**
   * Told between two states of any machine, so the runtime can bound the work done without awaiting the world
   * (on Temporal: one workflow task). A nested machine (`nested`: a branch or iteration, which cannot continue as
   * new) awaits the promise it may return before its next state; the top level pauses through its BoundaryHook.
   * Absent: no bound.
   */
  betweenStates?(nested: boolean): Promise<void> | undefined;
  /**
   * Whether this execution runs with a change to how the engine schedules its work that executions already in
   * flight did not have (on Temporal, `patched(change)`, recorded in the history). Absent: every change applies.
   */
  isPatched?(change: string): boolean;
  /**
   * Runs tasks concurrently, at most `limit` at a time (0 or undefined: unbounded), resolving with their results in
   * order; the first failure rejects and cancels the tasks still running.
   */
  all<T>(tasks: readonly ConcurrentTask<T>[], options?: PoolOptions): Promise<T[]>;
  /**
   * Runs one batch of a Distributed Map apart from this machine, resolving with one result per item, in order;
   * an iteration's failure is a result, not a rejection, so tolerated failures can be counted across batches.
   */
  runChildMachine(request: ChildMachineRequest): Promise<ChildBatchResult>;
  /** Reads one page of a Distributed Map's ItemReader source (an activity on Temporal); fails with ItemReaderFailed. */
  readItems(request: ItemReadRequest): Promise<ItemReadPage>;
  /** Puts one ResultWriter object (a result file or the manifest); fails with ResultWriterFailed. */
  writeResults(request: ResultWriteRequest): Promise<ResultWriteOutcome>;
}
