/** GetExecutionHistory across continue-as-new: each run of an execution keeps the trace of its own part. */
import { type Client } from '@temporalio/client';
import { type TraceEvent } from '../interpreter/trace';
import { TRACE_QUERY } from '../../workflows/state-machine-input';

/** Step Functions keeps at most 25,000 events per execution; a longer history keeps its newest. */
export const MAX_HISTORY_EVENTS = 25_000;

/** An execution's Step Functions-style events, oldest first, and how many older ones are not included. */
export interface ExecutionHistory {
  readonly events: readonly TraceEvent[];
  readonly dropped: number;
}

/** The run this one continued, from its first history event (one event fetched, not the whole history). */
async function previousRunId(client: Client, workflowId: string, runId: string): Promise<string | undefined> {
  const response = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const started = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  return started?.continuedExecutionRunId || undefined;
}

/**
 * The events of every run of an execution, newest run first until `maxEvents` are collected: a worker answers the
 * trace query of each run, closed ones by replaying them. Event ids carry on across runs, so the joined events
 * number as one Step Functions history and `dropped` is what precedes the first one kept.
 */
export async function executionHistory(
  client: Client,
  workflowId: string,
  maxEvents = MAX_HISTORY_EVENTS,
): Promise<ExecutionHistory> {
  const parts: ExecutionHistory[] = [];
  let kept = 0;
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId !== undefined && kept < maxEvents) {
    const part: ExecutionHistory = await client.workflow.getHandle(workflowId, runId).query(TRACE_QUERY);
    parts.unshift(part);
    kept += part.events.length;
    // A run that already let its oldest events go cannot be joined to the run before it without a gap.
    if (part.dropped > 0) break;
    runId = await previousRunId(client, workflowId, runId);
  }
  const events = parts.flatMap((p) => p.events).slice(-maxEvents);
  const firstId = events[0]?.id;
  const dropped = firstId !== undefined ? firstId - 1 : parts.reduce((n, p) => n + p.dropped, 0);
  return { events, dropped };
}
