import {
  ApplicationFailure,
  continueAsNew,
  defineQuery,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { type Json } from '../src/asl/types';
import {
  cannotContinueAsNew,
  historyNearLimit,
  MAX_WORKFLOW_PAYLOAD_BYTES,
  payloadSize,
} from '../src/dataflow/limits';
import { executionArns, isoTime } from '../src/interpreter/context';
import { executeStateMachine } from '../src/interpreter/execute';
import { createExecutionLog } from '../src/interpreter/execution-log';
import { TaskMocker, withMocks } from '../src/interpreter/mocks';
import { type MapRunProgress } from '../src/interpreter/pause';
import { BoundedTrace, type TraceEvent } from '../src/interpreter/trace';
import {
  CURRENT_STATE_ATTRIBUTE,
  CURRENT_STATE_QUERY,
  type StateMachineWorkflowInput,
  TRACE_QUERY,
} from './state-machine-input';
import { createStateSpans } from './state-spans';
import { temporalRuntime } from './temporal-runtime';
import { traceAnswer } from './trace-query';
import { TransitionBudget } from './transition-budget';

/** States an execution can rest in; only these update the current-state search attribute (each upsert is an event). */
const RESTING_STATES: ReadonlySet<string> = new Set(['Task', 'Wait', 'Map', 'Parallel']);

/** Our own ceiling on history length per run, below Temporal's limits and suggestion. */
const DEFAULT_CONTINUE_AS_NEW_AFTER = 8_000;

/**
 * A Distributed Map's Map Run pauses after a batch once its run has this many events or bytes of history: a batch
 * costs about 4 events plus its input and result, so a run stays near 2,000 events and 2 MB whatever the Map's size.
 */
const MAP_RUN_EVENTS = 1_500;
const MAP_RUN_HISTORY_BYTES = 1_500_000;

/**
 * The `patched()` id of the continue-as-new size bound: a run whose next arguments would not fit in one Temporal
 * payload resumes in place instead of continuing as new, a command older executions never issued.
 */
export const CONTINUE_AS_NEW_SIZE_PATCH = 'asl-continue-as-new-size-1';

/**
 * History events a run that could not continue as new waits before measuring its arguments again (or fewer, when
 * the execution continues as new more often than that).
 */
const RECHECK_AFTER_EVENTS = 1_000;

const traceQuery = defineQuery<{ events: readonly TraceEvent[]; dropped: number }>(TRACE_QUERY);
const currentStateQuery = defineQuery<string | null>(CURRENT_STATE_QUERY);

/**
 * The generic workflow: runs any valid ASL definition with the pure interpreter, and continues as new at a state
 * boundary when the history grows long, carrying state, input, variables and mock counters.
 */
export async function stateMachine(args: StateMachineWorkflowInput): Promise<Json> {
  const info = workflowInfo();
  const trace = new BoundedTrace();
  let currentState: string | null = null;
  setHandler(traceQuery, () => traceAnswer(trace.snapshot()));
  setHandler(currentStateQuery, () => currentState);

  const startTime = args.startTime ?? isoTime(Date.now());
  const deadline =
    args.deadline ??
    (args.definition.TimeoutSeconds !== undefined
      ? Date.parse(startTime) + args.definition.TimeoutSeconds * 1000
      : undefined);
  const arns = executionArns({
    stateMachineName: args.stateMachineName,
    executionName: args.executionName ?? info.workflowId,
    region: args.region,
    account: args.account,
  });
  const mocker = new TaskMocker(args.mocks ?? {}, args.resume?.mockCalls);
  const logged = args.logging ? createExecutionLog(args.logging, arns.executionArn) : undefined;
  const spans = args.tracing?.enabled ? createStateSpans(args.stateMachineName) : undefined;
  const budget = new TransitionBudget(args.transitionsPerTask);
  // Set once the run's end is decided: Parallel branches and Map iterations still running in this workflow task (a
  // sibling failed first) go on in microtasks, and a command they issued after the workflow's last one (its
  // Fail, Complete or ContinueAsNew) made the server refuse the task, again on every retry.
  let closed = false;
  const runtime = withMocks(
    temporalRuntime({
      record: (event) => {
        if (event.type === 'StateEntered' && event.state) {
          currentState = event.state;
          if (!closed && args.searchAttributes && RESTING_STATES.has(event.stateType ?? '')) {
            upsertSearchAttributes([{ key: CURRENT_STATE_ATTRIBUTE, value: event.state }]);
          }
        }
        trace.add(event);
        // The workflow logger drops calls made while replaying, so each event is logged once.
        const entry = logged?.(event);
        if (entry) log[entry.severity](entry.message, { ...entry.record });
        spans?.(event);
      },
      childIdPrefix: info.workflowId,
      nested: { region: args.region, account: args.account },
      budget,
      closed: () => closed,
    }),
    mocker,
  );
  const limit = args.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  // The history length at which this run's continue-as-new arguments last came out too large, if they did.
  let blockedAt: number | undefined;

  const execute = (resume?: {
    startAt: string;
    input: Json;
    variables: Readonly<Record<string, Json>>;
    eventCount: number;
    mapRun?: MapRunProgress;
  }) =>
    executeStateMachine(args.definition, resume ? resume.input : args.input, {
      runtime,
      execution: {
        id: arns.executionArn,
        name: args.executionName ?? info.workflowId,
        input: args.input,
        startTime,
        roleArn: arns.roleArn,
        stateMachineId: arns.stateMachineArn,
        stateMachineName: args.stateMachineName,
      },
      startAt: resume?.startAt,
      variables: resume?.variables,
      eventCount: resume?.eventCount,
      mapRun: resume?.mapRun,
      deadline,
      // Continues as new when the history grows long, or when this workflow task has run its share of transitions
      // without awaiting anything (a Pass/Choice loop): a new run starts with a fresh task.
      onBoundary: () => {
        const current = workflowInfo();
        if (blockedAt !== undefined) {
          // Too large to continue as new: the budget pauses on timers; measure again now and then, or give up
          // before Temporal's history limits.
          return (
            current.historyLength >= blockedAt + Math.min(RECHECK_AFTER_EVENTS, limit) ||
            historyNearLimit({ bytes: current.historySize, events: current.historyLength })
          );
        }
        if (budget.exhausted()) return true;
        return current.continueAsNewSuggested || current.historyLength >= limit;
      },
      pauseMapRun: () => {
        const current = workflowInfo();
        // A run that cannot continue as new lets its Map Run go on in place.
        if (blockedAt !== undefined) return false;
        return (
          current.continueAsNewSuggested ||
          current.historyLength >= Math.min(limit, MAP_RUN_EVENTS) ||
          current.historySize >= MAP_RUN_HISTORY_BYTES
        );
      },
    });

  let result = await execute(args.resume);
  while (result.status === 'PAUSED') {
    const next: StateMachineWorkflowInput = {
      ...args,
      startTime,
      deadline,
      resume: {
        startAt: result.startAt,
        input: result.input,
        variables: result.variables,
        eventCount: result.eventCount,
        mockCalls: mocker.callCounts(),
        ...(result.mapRun ? { mapRun: result.mapRun } : {}),
        run: (args.resume?.run ?? 0) + 1,
      },
    };
    // Temporal terminates a workflow whose continue-as-new carries over 2 MiB (variables may hold 10 MiB): such a
    // run goes on in place, its history growing, until the arguments fit again or the history nears its limit.
    const size = payloadSize(next as unknown as Json);
    if (size <= MAX_WORKFLOW_PAYLOAD_BYTES || !patched(CONTINUE_AS_NEW_SIZE_PATCH)) {
      closed = true;
      return continueAsNew<typeof stateMachine>(next);
    }
    const current = workflowInfo();
    const history = { bytes: current.historySize, events: current.historyLength };
    if (historyNearLimit(history)) {
      const error = cannotContinueAsNew(size, history);
      // The trace ends as an interpreter-failed execution's does (no commands: the trace lives in memory).
      runtime.record({
        id: result.eventCount + 1,
        type: 'ExecutionFailed',
        timestamp: Date.now(),
        error: error.error,
        cause: error.causeText,
      });
      closed = true;
      throw ApplicationFailure.create({
        type: error.error,
        message: error.causeText,
        nonRetryable: true,
        details: [{ status: 'FAILED' }],
      });
    }
    blockedAt = history.events;
    budget.blockContinueAsNew();
    result = await execute(result);
  }
  closed = true;
  switch (result.status) {
    case 'SUCCEEDED':
      return result.output;
    case 'FAILED':
    case 'TIMED_OUT':
      throw ApplicationFailure.create({
        type: result.error ?? '',
        message: result.cause ?? '',
        nonRetryable: true,
        details: [{ status: result.status }],
      });
  }
}
