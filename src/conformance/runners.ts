import { type Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type TraceEvent } from '../interpreter/trace';
import { runLocally } from '../runtimes/run-local';
import { TRACE_QUERY, type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { type ExecutionCase } from './cases';
import { type ActualResult } from './compare';

/** What one engine did with one case: its result as reported, and the history events it recorded. */
export interface CaseRun {
  readonly actual: ActualResult;
  readonly trace: readonly TraceEvent[];
}

/** Runs one case and reports what happened; a crash of the engine is an error status, never a throw. */
export type CaseRunner = (c: ExecutionCase) => Promise<CaseRun>;

/** The fixed start time of local runs, so that `$$.Execution.StartTime` does not vary. */
const LOCAL_START_TIME = Date.UTC(2026, 0, 1);

/** Runs cases in-process on the local runtime (virtual clock, the case's mocks). */
export const runCaseLocally: CaseRunner = async (c) => {
  try {
    const { result, trace } = await runLocally(c.definition, c.input, {
      mocks: c.mocks,
      startTime: LOCAL_START_TIME,
    });
    return { actual: result, trace };
  } catch (err) {
    return { actual: engineError(err), trace: [] };
  }
};

/** Where the Temporal runner starts executions: a client and the task queue a `stateMachine` worker polls. */
export interface TemporalTarget {
  readonly client: Client;
  readonly taskQueue: string;
  /** Makes each execution's workflow id unique. */
  readonly workflowId: (c: ExecutionCase) => string;
}

/** Which workflow runs a case, and its arguments. */
export interface CaseWorkflow {
  readonly type: string;
  readonly args: unknown[];
}

/** The generic workflow: the case's definition, input and mocks in one `stateMachine` input. */
export function stateMachineWorkflow(c: ExecutionCase): CaseWorkflow {
  const args: StateMachineWorkflowInput = {
    definition: c.definition,
    input: c.input,
    stateMachineName: 'conformance',
    mocks: c.mocks,
  };
  return { type: 'stateMachine', args: [args] };
}

/**
 * Runs cases as workflows (by default `stateMachine`; `workflowFor` may name another) and reads their trace back
 * through the workflow's trace query.
 */
export function temporalCaseRunner(
  target: TemporalTarget,
  workflowFor: (c: ExecutionCase) => CaseWorkflow = stateMachineWorkflow,
): CaseRunner {
  return async (c) => {
    const workflow = workflowFor(c);
    const handle = await target.client.workflow.start(workflow.type, {
      args: workflow.args,
      taskQueue: target.taskQueue,
      workflowId: target.workflowId(c),
      // A stuck case must fail with its id, not hang the whole run.
      workflowExecutionTimeout: '2 minutes',
    });
    let actual: ActualResult;
    try {
      actual = { status: 'SUCCEEDED', output: await handle.result() };
    } catch (err) {
      actual = failureOf(err);
    }
    let trace: readonly TraceEvent[] = [];
    try {
      trace = (await handle.query<{ events: readonly TraceEvent[] }>(TRACE_QUERY)).events;
    } catch {
      // A workflow that timed out or was terminated may not answer; its trace then disagrees, which is the truth.
    }
    return { actual, trace };
  };
}

function failureOf(err: unknown): ActualResult {
  if (!(err instanceof WorkflowFailedError)) return engineError(err);
  if (!(err.cause instanceof ApplicationFailure)) {
    return { status: 'ABORTED', error: err.cause?.name, cause: err.cause?.message ?? err.message };
  }
  return { status: 'FAILED', error: err.cause.type || undefined, cause: err.cause.message || undefined };
}

function engineError(err: unknown): ActualResult {
  return {
    status: 'ENGINE_ERROR',
    error: 'EngineError',
    cause: String((err as Error)?.stack ?? err).slice(0, 600),
  };
}
