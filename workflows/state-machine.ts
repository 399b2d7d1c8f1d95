import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ExecutionError } from '../src/asl/errors';
import { type Json } from '../src/asl/types';
import { executionArns, isoTime } from '../src/interpreter/context';
import { executeStateMachine } from '../src/interpreter/execute';
import { TaskMocker, withMocks } from '../src/interpreter/mocks';
import { runPool } from '../src/interpreter/pool';
import { type Runtime, type TaskRequest } from '../src/interpreter/runtime';
import { BoundedTrace, type TraceEvent } from '../src/interpreter/trace';
import { aslErrorOf } from './patterns/lib/errors';
import { CURRENT_STATE_QUERY, type StateMachineWorkflowInput, TRACE_QUERY } from './state-machine-input';

/** AWS's default Task timeout: 99999999 seconds. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/** Our own ceiling on history length per run, below Temporal's limits and suggestion. */
const DEFAULT_CONTINUE_AS_NEW_AFTER = 8_000;

const traceQuery = defineQuery<{ events: readonly TraceEvent[]; dropped: number }>(TRACE_QUERY);
const currentStateQuery = defineQuery<string | null>(CURRENT_STATE_QUERY);

async function runTaskActivity(request: TaskRequest): Promise<Json> {
  const { runTask } = proxyActivities<Activities>({
    startToCloseTimeout: `${request.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS} seconds`,
    ...(request.heartbeatSeconds ? { heartbeatTimeout: `${request.heartbeatSeconds} seconds` } : {}),
    retry: { maximumAttempts: 1 },
    summary: request.stateName,
  });
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

/** The Runtime port bound to Temporal: activities, durable timers, cancellation scopes, deterministic randomness. */
function temporalRuntime(trace: BoundedTrace, onState: (name: string) => void): Runtime {
  return {
    runTask: runTaskActivity,
    sleep: (ms) => (ms > 0 ? sleep(ms) : Promise.resolve()),
    now: () => Date.now(),
    random: () => Math.random(),
    uuid: () => uuid4(),
    record: (event) => {
      if (event.type === 'StateEntered' && event.state) onState(event.state);
      trace.add(event);
    },
    all: (tasks, options) => {
      const scope = new CancellationScope();
      return scope.run(() => runPool(tasks, options?.limit, () => scope.cancel()));
    },
  };
}

/**
 * The generic workflow: runs any valid ASL definition with the pure interpreter, and continues as new at a state
 * boundary when the history grows long, carrying state, input, variables and mock counters.
 */
export async function stateMachine(args: StateMachineWorkflowInput): Promise<Json> {
  const info = workflowInfo();
  const trace = new BoundedTrace();
  let currentState: string | null = null;
  setHandler(traceQuery, () => trace.snapshot());
  setHandler(currentStateQuery, () => currentState);

  const startTime = args.startTime ?? isoTime(Date.now());
  const deadline =
    args.deadline ??
    (args.definition.TimeoutSeconds !== undefined
      ? Date.parse(startTime) + args.definition.TimeoutSeconds * 1000
      : undefined);
  const arns = executionArns({
    stateMachineName: args.stateMachineName,
    executionName: info.workflowId,
    region: args.region,
    account: args.account,
  });
  const mocker = new TaskMocker(args.mocks ?? {}, args.resume?.mockCalls);
  const runtime = withMocks(
    temporalRuntime(trace, (name) => (currentState = name)),
    mocker,
  );
  const limit = args.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;

  const result = await executeStateMachine(args.definition, args.resume ? args.resume.input : args.input, {
    runtime,
    execution: {
      id: arns.executionArn,
      name: info.workflowId,
      input: args.input,
      startTime,
      roleArn: arns.roleArn,
      stateMachineId: arns.stateMachineArn,
      stateMachineName: args.stateMachineName,
    },
    startAt: args.resume?.startAt,
    variables: args.resume?.variables,
    eventCount: args.resume?.eventCount,
    deadline,
    onBoundary: () => {
      const current = workflowInfo();
      return current.continueAsNewSuggested || current.historyLength >= limit;
    },
  });
  switch (result.status) {
    case 'PAUSED':
      return continueAsNew<typeof stateMachine>({
        ...args,
        startTime,
        deadline,
        resume: {
          startAt: result.startAt,
          input: result.input,
          variables: result.variables,
          eventCount: result.eventCount,
          mockCalls: mocker.callCounts(),
          run: (args.resume?.run ?? 0) + 1,
        },
      });
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
