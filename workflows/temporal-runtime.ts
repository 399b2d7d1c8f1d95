import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  sleep,
  uuid4,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ExecutionError } from '../src/asl/errors';
import { type Json, type SubMachine } from '../src/asl/types';
import { type TaskMocker, type TaskMocks } from '../src/interpreter/mocks';
import { runPool } from '../src/interpreter/pool';
import { stateNamesOf } from '../src/interpreter/states/processor-scan';
import {
  type ChildBatchResult,
  type ChildMachineRequest,
  type Runtime,
  type TaskRequest,
} from '../src/interpreter/runtime';
import { routeResource } from '../src/asl/resource-route';
import { type TraceEvent } from '../src/interpreter/trace';
import { type NestedContext, runNestedExecution } from './nested-execution';
import { type TaskTokens, workflowTaskTokens } from './task-tokens';
import type { mapBatch } from './map-batch';
import { readItemsActivity, writeResultsActivity } from './item-io';
import { liveActivityOptions } from './activity-options';
import { aslErrorOf } from './patterns/lib/errors';
import { type MapBatchWorkflowInput } from './state-machine-input';
import { TransitionBudget } from './transition-budget';
import { ACTIVITY_TASK_PATCH, runActivityTask } from './activity-task';

/** AWS's default Task timeout: 99999999 seconds. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/**
 * Runs a Task as one activity that outlives its worker: TimeoutSeconds bounds every attempt together, a lost
 * worker's attempt runs again, and HeartbeatSeconds is the activity's own watch over the work's heartbeats.
 */
async function runTaskActivity(request: TaskRequest): Promise<Json> {
  const { runTask } = proxyActivities<Activities>(
    liveActivityOptions(
      `${request.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS} seconds`,
      request.stateName,
    ),
  );
  try {
    return (await runTask(request)) as Json;
  } catch (err) {
    if (err instanceof ActivityFailure || err instanceof ApplicationFailure) {
      const { error, cause } = aslErrorOf(err);
      throw new ExecutionError(error, cause);
    }
    throw err;
  }
}

/**
 * The id of a Distributed Map batch's child workflow: derived from its parent's id, the Map state, the run of that
 * state (entry event id and retry, so loops and retries never collide with earlier children) and the batch index,
 * so a replay starts the very same children.
 */
export function childWorkflowId(parentId: string, request: ChildMachineRequest): string {
  return `${parentId}:map:${request.stateName}:${request.runKey}:batch-${request.batchIndex}`;
}

/** The mocks (and call counts) of the processor's own states: only those can answer a batch's Tasks. */
function processorMocks(
  processor: SubMachine,
  mocker: TaskMocker,
): Pick<MapBatchWorkflowInput, 'mocks' | 'mockCalls'> {
  const names = stateNamesOf(processor as unknown as Json);
  const calls = mocker.callCounts();
  const mocks: Record<string, TaskMocks[string]> = {};
  const mockCalls: Record<string, number> = {};
  for (const [name, responses] of Object.entries(mocker.mocks)) {
    if (!names.has(name)) continue;
    mocks[name] = responses;
    if (calls[name] !== undefined) mockCalls[name] = calls[name];
  }
  return { mocks, mockCalls };
}

async function runChildBatch(parentId: string, request: ChildMachineRequest): Promise<ChildBatchResult> {
  const { mocker, batchWorkflow, ...rest } = request;
  const input: MapBatchWorkflowInput = {
    ...rest,
    items: [...rest.items],
    // A processor of code has no states to pick mocks by: its batches get them all.
    ...(mocker
      ? batchWorkflow
        ? { mocks: mocker.mocks, mockCalls: mocker.callCounts() }
        : processorMocks(request.machine, mocker)
      : {}),
  };
  const last = request.firstIndex + request.items.length - 1;
  try {
    const ended = await executeChild<typeof mapBatch>(batchWorkflow ?? 'mapBatch', {
      args: [input],
      workflowId: childWorkflowId(parentId, request),
      staticSummary: `${request.stateName}: items ${request.firstIndex}-${last}`,
    });
    return Array.isArray(ended) ? { results: ended } : ended;
  } catch (err) {
    if (isCancellation(err)) throw err;
    // A child that failed as a whole (rather than per item) fails the Map with its ASL error name.
    const { error, cause } = aslErrorOf(err);
    throw new ExecutionError(error, cause);
  }
}

/** Where a Temporal runtime records, and under which id its Distributed Map children start. */
export interface TemporalRuntimeOptions {
  readonly record: (event: TraceEvent) => void;
  /** The prefix of child workflow ids: the workflow's id, plus the item index inside a batch. */
  readonly childIdPrefix: string;
  /** Region and account of the execution, for nested executions' ARNs. */
  readonly nested?: NestedContext;
  /** The workflow's transition budget, shared by all its runtimes (default: one of this runtime's own). */
  readonly budget?: TransitionBudget;
  /**
   * Whether the workflow has decided its end. Branches still running then must issue no command: one after the
   * workflow's FailWorkflowExecution (a `patched()` marker) made the server refuse every workflow task.
   */
  readonly closed?: () => boolean;
}

/**
 * Runs a Task: nested executions as child workflows; `.waitForTaskToken` as the call that hands out the token, then
 * a durable wait for SendTaskSuccess/Failure; everything else as one activity.
 */
function taskRunner(
  tokens: TaskTokens,
  nested: NestedContext,
  closed: () => boolean,
): (request: TaskRequest) => Promise<Json> {
  return (request) => {
    const route = routeResource(request.resource);
    const call =
      route.kind === 'service' && route.service === 'states' && route.action === 'startExecution'
        ? () => runNestedExecution(request, route.pattern, nested)
        : route.kind === 'activity' && (closed() || patched(ACTIVITY_TASK_PATCH))
          ? () => runActivityTask(request, route.activityArn)
          : () => runTaskActivity(request.taskToken ? { ...request, heartbeatSeconds: undefined } : request);
    return request.taskToken ? tokens.wait(request, call) : call();
  };
}

/** The Runtime port bound to Temporal: activities, durable timers, cancellation scopes, child workflows. */
export function temporalRuntime(options: TemporalRuntimeOptions): Runtime {
  const tokens = workflowTaskTokens();
  const budget = options.budget ?? new TransitionBudget();
  const closed = options.closed ?? (() => false);
  const runTask = taskRunner(tokens, options.nested ?? {}, closed);
  return {
    // Each of these awaits Temporal, so the workflow task ends there: the transition budget starts over.
    runTask: (request) => budget.track(runTask(request)),
    sleep: (ms) => (ms > 0 ? budget.track(sleep(ms)) : Promise.resolve()),
    now: () => Date.now(),
    random: () => Math.random(),
    uuid: () => uuid4(),
    taskToken: () => tokens.issue(),
    record: options.record,
    betweenStates: (nested) => {
      budget.spend();
      if (!budget.exhausted()) return undefined;
      // The top level continues as new at a spent budget (its BoundaryHook) once its run is a second old.
      return nested || !budget.mayContinueAsNew() ? budget.pauseIfExhausted() : undefined;
    },
    // Once the workflow has decided its end the answer no longer matters, and asking would record a marker.
    isPatched: (change) => closed() || patched(change),
    all: (tasks, limits) => {
      const scope = new CancellationScope();
      return scope.run(() => runPool(tasks, limits?.limit, () => scope.cancel(), limits?.stop));
    },
    runChildMachine: (request) => budget.track(runChildBatch(options.childIdPrefix, request)),
    readItems: (request) => budget.track(readItemsActivity(request)),
    writeResults: (request) => budget.track(writeResultsActivity(request)),
  };
}
