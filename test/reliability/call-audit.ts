/**
 * Compares what the handlers say they ran (the call log of `handlers/record.js`) with what Temporal recorded (the
 * executions' histories): how many Task activities ran more than once, and whether any ran again after its result
 * was in the history.
 */
import { readFileSync } from 'node:fs';
import { tsToMs } from '@temporalio/common/lib/time';
import { type temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One line of the call log. */
export interface Call {
  readonly callId: string;
  readonly workflowId: string;
  readonly activityId: string;
  readonly attempt: number;
  readonly state: string;
  readonly item: number | null;
  readonly retry: number;
  readonly pid: number;
  readonly phase: 'start' | 'end';
  readonly at: number;
}

/** The call log's entries; a line a killed worker left half-written (never seen so far) is counted, not parsed. */
export function readCalls(path: string): { calls: Call[]; torn: number } {
  const calls: Call[] = [];
  let torn = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      calls.push(JSON.parse(line) as Call);
    } catch {
      torn += 1;
    }
  }
  return { calls, torn };
}

/** How an activity ended in the history: the attempt whose result Temporal recorded, and when. */
interface Closed {
  readonly outcome: 'completed' | 'failed' | 'timed out' | 'cancelled';
  readonly attempt: number;
  readonly at: number;
}

/** The activities of one history: scheduled ids, and how each closed one ended. */
export interface HistoryActivities {
  readonly scheduled: Set<string>;
  readonly closed: Map<string, Closed>;
}

function closedAttributes(event: HistoryEvent) {
  const pairs = [
    ['completed', event.activityTaskCompletedEventAttributes],
    ['failed', event.activityTaskFailedEventAttributes],
    ['timed out', event.activityTaskTimedOutEventAttributes],
    ['cancelled', event.activityTaskCanceledEventAttributes],
  ] as const;
  for (const [outcome, attributes] of pairs) if (attributes) return { outcome, attributes };
  return undefined;
}

/** Reads the activities out of one execution's history events. */
export function historyActivities(events: readonly HistoryEvent[]): HistoryActivities {
  const idBySchedule = new Map<number, string>();
  const attemptByStart = new Map<number, number>();
  const closed = new Map<string, Closed>();
  for (const event of events) {
    const eventId = Number(event.eventId);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) idBySchedule.set(eventId, scheduled.activityId ?? '');
    const started = event.activityTaskStartedEventAttributes;
    if (started) attemptByStart.set(eventId, started.attempt ?? 1);
    const close = closedAttributes(event);
    if (close) {
      const id = idBySchedule.get(Number(close.attributes.scheduledEventId)) ?? '?';
      const startedId = Number((close.attributes as { startedEventId?: unknown }).startedEventId ?? 0);
      closed.set(id, {
        outcome: close.outcome,
        attempt: attemptByStart.get(startedId) ?? 0,
        at: event.eventTime ? tsToMs(event.eventTime) : Infinity,
      });
    }
  }
  return { scheduled: new Set(idBySchedule.values()), closed };
}

/** The audit's figures and any contradiction between the log and the histories. */
export interface CallAudit {
  readonly starts: number;
  /** Activities the log shows more than one start for (at-least-once at work). */
  readonly rerunActivities: number;
  /** Starts beyond the first, over all activities. */
  readonly extraRuns: number;
  /** Calls that started and never ended: the ones a kill cut off. */
  readonly cutOff: number;
  readonly violations: string[];
}

const key = (c: Call) => `${c.workflowId} ${c.activityId}`;

/**
 * Checks every call against its execution's history: it belongs to an activity the workflow scheduled; no call of a
 * closed activity started after the attempt whose result was recorded (by attempt number and by time); the recorded
 * attempt itself is in the log; and no Task (state, item, retry count) was scheduled twice, which a workflow
 * re-running a Task after a replay would do.
 */
export function auditCalls(
  calls: readonly Call[],
  histories: ReadonlyMap<string, HistoryActivities>,
): CallAudit {
  const starts = calls.filter((c) => c.phase === 'start');
  const ended = new Set(calls.filter((c) => c.phase === 'end').map((c) => c.callId));
  const violations: string[] = [];
  const byActivity = new Map<string, Call[]>();
  const activitiesByTask = new Map<string, Set<string>>();
  for (const call of starts) {
    byActivity.set(key(call), [...(byActivity.get(key(call)) ?? []), call]);
    const task = `${call.workflowId} ${call.state} ${call.item} ${call.retry}`;
    activitiesByTask.set(task, (activitiesByTask.get(task) ?? new Set()).add(call.activityId));
  }
  for (const [activity, runs] of byActivity) {
    const history = histories.get(runs[0].workflowId);
    if (!history?.scheduled.has(runs[0].activityId)) {
      violations.push(`${activity}: ran, but its history never scheduled it`);
      continue;
    }
    const closed = history.closed.get(runs[0].activityId);
    if (!closed) continue;
    for (const run of runs) {
      if (run.attempt > closed.attempt || run.at > closed.at) {
        violations.push(
          `${activity}: attempt ${run.attempt} started after attempt ${closed.attempt} ${closed.outcome} in the history`,
        );
      }
    }
    if (!runs.some((r) => r.attempt === closed.attempt)) {
      violations.push(`${activity}: the history's ${closed.outcome} attempt ${closed.attempt} never ran`);
    }
  }
  for (const [task, activities] of activitiesByTask) {
    if (activities.size > 1) violations.push(`${task}: scheduled ${activities.size} times`);
  }
  const rerun = [...byActivity.values()].filter((runs) => runs.length > 1);
  return {
    starts: starts.length,
    rerunActivities: rerun.length,
    extraRuns: rerun.reduce((n, runs) => n + runs.length - 1, 0),
    cutOff: starts.filter((c) => !ended.has(c.callId)).length,
    violations,
  };
}
