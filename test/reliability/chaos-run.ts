/**
 * What the chaos tests share around their kills: starting the executions, waiting for their results with a
 * deadline (and saying what the stranded ones wait on), counting the calls a process had in flight, and auditing
 * the call log against the histories.
 */
import { type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import {
  auditCalls,
  type CallAudit,
  type HistoryActivities,
  historyActivities,
  readCalls,
} from './call-audit';
import { CHAOS_MACHINE, inputOf } from './chaos-machine';

/** Starts `count` executions of the chaos machine on `taskQueue`, execution n with workflow id `<taskQueue>-<n>`. */
export function startChaosExecutions(
  client: Client,
  taskQueue: string,
  count: number,
  stateMachineName: string,
): Promise<WorkflowHandle[]> {
  return Promise.all(
    Array.from({ length: count }, (_, n) => {
      const args: StateMachineWorkflowInput = {
        definition: CHAOS_MACHINE,
        input: inputOf(n),
        stateMachineName,
      };
      return client.workflow.start('stateMachine', {
        args: [args],
        taskQueue,
        workflowId: `${taskQueue}-${n}`,
      });
    }),
  );
}

/** The executions' results as they close: an output, or `{ failed }` with the error. */
export interface ResultWatch {
  readonly done: ReadonlySet<string>;
  readonly outputs: ReadonlyMap<string, unknown>;
  readonly settled: Promise<unknown>;
}

/** Long-polls every execution's result; aborting `signal` ends the polls of the ones still open. */
export function watchResults(
  connection: Connection,
  handles: readonly WorkflowHandle[],
  signal: AbortSignal,
): ResultWatch {
  const done = new Set<string>();
  const outputs = new Map<string, unknown>();
  const settled = Promise.all(
    handles.map((h) =>
      connection
        .withAbortSignal(signal, () => h.result())
        .then(
          (output: unknown) => outputs.set(h.workflowId, output),
          (err: unknown) => outputs.set(h.workflowId, { failed: String(err) }),
        )
        .finally(() => done.add(h.workflowId)),
    ),
  );
  return { done, outputs, settled };
}

/** One event, briefly: its id, time from `t0`, type, and for a workflow task its queue kind and attempt. */
function brief(event: temporal.api.history.v1.IHistoryEvent, t0: number): string {
  const type = temporal.api.enums.v1.EventType[event.eventType ?? 0].replace('EVENT_TYPE_', '');
  const task = event.workflowTaskScheduledEventAttributes;
  // Which queue a workflow task waited on (the worker's sticky one or the normal one) tells a lost poll apart.
  const queue = task
    ? ` ${temporal.api.enums.v1.TaskQueueKind[task.taskQueue?.kind ?? 0]} attempt ${task.attempt}`
    : '';
  return `#${event.eventId} +${((tsToMs(event.eventTime) - t0) / 1000).toFixed(1)} s ${type}${queue}`;
}

/** What the executions still running after the deadline wait on, one line each (at most ten). */
async function strandedReport(
  handles: readonly WorkflowHandle[],
  done: ReadonlySet<string>,
): Promise<string> {
  const running = handles.filter((h) => !done.has(h.workflowId));
  const lines = await Promise.all(
    running.slice(0, 10).map(async (h) => {
      const pending = (await h.describe()).raw.pendingActivities ?? [];
      const activities = pending.map(
        (a) =>
          `activity ${a.activityId} ${temporal.api.enums.v1.PendingActivityState[a.state ?? 0]} ` +
          `attempt ${a.attempt} on ${a.lastWorkerIdentity}`,
      );
      const events = (await h.fetchHistory()).events ?? [];
      const t0 = events.length ? tsToMs(events[0].eventTime) : 0;
      const last = events.slice(-3).map((e) => brief(e, t0));
      return `${h.workflowId}: ${activities.join('; ') || 'no pending activity'}; last events ${last.join(', ')}`;
    }),
  );
  return `${running.length} of ${handles.length} executions still RUNNING:\n${lines.join('\n')}`;
}

/** Resolves once every execution closed; past `deadline` (epoch ms) throws, listing what the stranded ones wait on. */
export async function awaitResults(
  watch: ResultWatch,
  handles: readonly WorkflowHandle[],
  deadline: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), Math.max(0, deadline - Date.now()));
  });
  const outcome = await Promise.race([watch.settled, late]);
  clearTimeout(timer);
  if (outcome === 'deadline') {
    const stall = await longestStall(handles);
    throw new Error(`${await strandedReport(handles, watch.done)}\nlongest stall: ${stall}`);
  }
}

/** How many calls process `pid` has started and not ended, by the call log. */
export function callsInFlight(callLog: string, pid: number): number {
  const { calls } = readCalls(callLog);
  const ended = new Set(calls.filter((c) => c.phase === 'end').map((c) => c.callId));
  return calls.filter((c) => c.pid === pid && c.phase === 'start' && !ended.has(c.callId)).length;
}

/** The audit of a run, with the number of Task activities its histories scheduled and a line to report. */
export interface RunAudit {
  readonly audit: CallAudit;
  readonly scheduled: number;
  /** Call-log lines a kill left half-written. */
  readonly torn: number;
  /** Calls started, by worker pid. */
  readonly startsByPid: ReadonlyMap<number, number>;
  readonly summary: string;
}

/** Reads every execution's history and audits the call log against them (see auditCalls). */
export async function auditRun(handles: readonly WorkflowHandle[], callLog: string): Promise<RunAudit> {
  const histories = new Map<string, HistoryActivities>();
  for (const h of handles)
    histories.set(h.workflowId, historyActivities((await h.fetchHistory()).events ?? []));
  const { calls, torn } = readCalls(callLog);
  const audit = auditCalls(calls, histories);
  const scheduled = [...histories.values()].reduce((n, h) => n + h.scheduled.size, 0);
  const startsByPid = new Map<number, number>();
  for (const c of calls) if (c.phase === 'start') startsByPid.set(c.pid, (startsByPid.get(c.pid) ?? 0) + 1);
  const summary =
    `${scheduled} Task activities, ${audit.starts} calls: ${audit.rerunActivities} activities ran more than once ` +
    `(${audit.extraRuns} extra calls, ${audit.cutOff} calls cut off by a kill); ${audit.violations.length} ` +
    'ran after their result was recorded or disagree with the history';
  return { audit, scheduled, torn, startsByPid, summary };
}

/** The longest wait between two consecutive events over the executions' histories, with the events before it. */
export async function longestStall(handles: readonly WorkflowHandle[]): Promise<string> {
  let worst = { ms: -1, line: 'no events' };
  for (const h of handles) {
    const events = (await h.fetchHistory()).events ?? [];
    const t0 = events.length ? tsToMs(events[0].eventTime) : 0;
    for (let i = 1; i < events.length; i++) {
      const ms = tsToMs(events[i].eventTime) - tsToMs(events[i - 1].eventTime);
      if (ms > worst.ms) {
        const around = events.slice(Math.max(0, i - 4), i + 2).map((e) => brief(e, t0));
        worst = { ms, line: `${(ms / 1000).toFixed(1)} s in ${h.workflowId}: ${around.join(', ')}` };
      }
    }
  }
  return worst.line;
}
