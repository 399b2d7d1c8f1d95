import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { type Json, type StateMachine } from '../src/asl/types';
import { type ExecutionLogging } from '../src/interpreter/execution-log';
import { type TaskMocks } from '../src/interpreter/mocks';
import { type MapRunProgress } from '../src/interpreter/pause';
import { type ChildMachineRequest } from '../src/interpreter/runtime';

/** Where a run resumes after continue-as-new: everything the interpreter had at that state boundary. */
export interface ResumePoint {
  readonly startAt: string;
  readonly input: Json;
  readonly variables: Readonly<Record<string, Json>>;
  readonly mockCalls?: Readonly<Record<string, number>>;
  /** History events counted so far, so event ids continue where the last run stopped. */
  readonly eventCount: number;
  /** How many runs came before this one (for the trace). */
  readonly run: number;
  /** Set when the run stopped inside a Distributed Map's Map Run (at `startAt`), between two batches. */
  readonly mapRun?: MapRunProgress;
}

/**
 * The generic state-machine workflow's input: the definition travels with the execution, so updating a machine
 * never breaks executions already running.
 */
export interface StateMachineWorkflowInput {
  readonly definition: StateMachine;
  readonly input: Json;
  readonly stateMachineName: string;
  /** The execution's name when the workflow id is not the name itself (the API scopes ids by machine). */
  readonly executionName?: string;
  readonly region?: string;
  readonly account?: string;
  /** ISO start time of the execution (set by the first run, carried by the next ones). */
  readonly startTime?: string;
  /** Epoch ms at which the machine's TimeoutSeconds expires (carried across runs). */
  readonly deadline?: number;
  /** Mocked Task responses by state name (tests and `--mock-config`). */
  readonly mocks?: TaskMocks;
  /**
   * Keep {@link CURRENT_STATE_ATTRIBUTE} up to date (the namespace must have it: the client sets this only then).
   * Costs one history event per Task, Wait, Map or Parallel state entered.
   */
  readonly searchAttributes?: boolean;
  /** Continue-as-new after this many history events even if Temporal does not suggest it yet. */
  readonly continueAsNewAfterEvents?: number;
  /**
   * State transitions one workflow task runs before handing back to Temporal (default
   * `DEFAULT_TRANSITIONS_PER_TASK`): the top level continues as new there (once its run is 1 s old), nested
   * machines and younger runs take a 1 ms timer.
   */
  readonly transitionsPerTask?: number;
  /** Step Functions' LoggingConfiguration: history events go to the workflow logger at this level (default OFF). */
  readonly logging?: ExecutionLogging;
  /**
   * Step Functions' TracingConfiguration: one OpenTelemetry span per state, exported by workers that trace
   * (Temporal's OpenTelemetry interceptors installed); workflow and activity spans do not depend on it.
   */
  readonly tracing?: { readonly enabled: boolean };
  readonly resume?: ResumePoint;
}

/** The input of one Distributed Map batch's child workflow: the batch request, with the mocks as plain data. */
export interface MapBatchWorkflowInput extends Omit<ChildMachineRequest, 'mocker' | 'items'> {
  readonly items: Json[];
  readonly mocks?: TaskMocks;
  /** The parent's mock call counts when the batch started (children count on from there, each on its own). */
  readonly mockCalls?: Readonly<Record<string, number>>;
}

/** The query that returns the Step Functions-style trace of an execution. */
export const TRACE_QUERY = 'aslTrace';
/** The query that returns the current state's name. */
export const CURRENT_STATE_QUERY = 'aslCurrentState';

/** The update through which SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat reach a waiting Task. */
export const TASK_RESPONSE_UPDATE = 'aslTaskResponse';

/** What a SendTask* call delivers to the workflow holding the token. */
export type TaskResponse =
  | { readonly kind: 'success'; readonly taskToken: string; readonly output: Json }
  | { readonly kind: 'failure'; readonly taskToken: string; readonly error?: string; readonly cause?: string }
  | { readonly kind: 'heartbeat'; readonly taskToken: string };

/** The search attribute (Keyword) holding an execution's state machine name, so `list` filters on the server. */
export const STATE_MACHINE_ATTRIBUTE = defineSearchAttributeKey(
  'AslStateMachine',
  SearchAttributeType.KEYWORD,
);
/** The search attribute (Keyword) holding the state an execution rests in (Task, Wait, Map, Parallel). */
export const CURRENT_STATE_ATTRIBUTE = defineSearchAttributeKey(
  'AslCurrentState',
  SearchAttributeType.KEYWORD,
);
