/** GetExecutionHistory across continue-as-new: each run of an execution keeps the trace of its own part. */
import { type Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
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

/** No worker polls the execution's task queue, so nobody can answer for its trace. */
export class NoWorkerError extends Error {
  constructor(
    readonly executionName: string,
    readonly taskQueue: string,
  ) {
    super(
      `No worker is polling the task queue "${taskQueue}" of execution "${executionName}", and only a worker can ` +
        `read its history. Start one (asl-temporal worker --task-queue ${taskQueue}) and retry.`,
    );
    this.name = 'NoWorkerError';
  }
}

/** A worker that is running long-polls again within about a minute; the server lists stopped ones for a while. */
const POLLER_FRESH_MS = 90_000;

/**
 * How a query ends when no worker takes it, as gRPC status codes: DEADLINE_EXCEEDED (ours or the server's), or
 * FAILED_PRECONDITION once the server has noticed that nobody polls ("worker may be down").
 */
const NO_WORKER_CODES: ReadonlySet<number> = new Set([4, 9]);

/** gRPC's UNIMPLEMENTED. */
const UNIMPLEMENTED = 12;

/**
 * How long one run's trace query may take: a worker replays a closed run of up to ~8,000 events in a few seconds,
 * and a worker that has just stopped still looks alive to the server, which would hold the query much longer.
 */
const QUERY_DEADLINE_MS = 20_000;

/** Fails fast when no worker polls `taskQueue`: a query would otherwise wait for the server's query timeout. */
async function requireWorker(client: Client, executionName: string, taskQueue: string): Promise<void> {
  let response;
  try {
    response = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
    });
  } catch (err) {
    // Servers without DescribeTaskQueue (the time-skipping test server) cannot tell; the query's deadline will.
    if ((err as { code?: number }).code === UNIMPLEMENTED) return;
    throw err;
  }
  const now = Date.now();
  const live = (response.pollers ?? []).filter(
    (p) => now - (optionalTsToMs(p.lastAccessTime) ?? 0) < POLLER_FRESH_MS,
  );
  if (live.length === 0) throw new NoWorkerError(executionName, taskQueue);
}

/** The trace of one run; a query no worker answered in time becomes a {@link NoWorkerError}. */
async function runTrace(client: Client, workflowId: string, runId: string, taskQueue: string) {
  try {
    return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      client.workflow.getHandle(workflowId, runId).query<ExecutionHistory>(TRACE_QUERY),
    );
  } catch (err) {
    const code = ((err as Error).cause as { code?: number } | undefined)?.code;
    if (code !== undefined && NO_WORKER_CODES.has(code)) throw new NoWorkerError(workflowId, taskQueue);
    throw err;
  }
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
  const current = await client.workflow.getHandle(workflowId).describe();
  await requireWorker(client, workflowId, current.taskQueue);
  let runId: string | undefined = current.runId;
  while (runId !== undefined && kept < maxEvents) {
    const part = await runTrace(client, workflowId, runId, current.taskQueue);
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
