/**
 * Executions in flight survive a worker upgrade: histories recorded by an older worker replay on today's
 * workflow code with no non-determinism. Each fixture's name says what changed since it was recorded; the
 * recording scripts are in test/fixtures/histories/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';

const FIXTURES = join(__dirname, '..', 'fixtures', 'histories');

function history(name: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.decode(readFileSync(join(FIXTURES, name)));
}

const EventType = temporal.api.enums.v1.EventType;

describe('histories recorded before a change to the workflow code', () => {
  it('replays a 60-item Map of Tasks and a 6,000-iteration loop recorded before the 40-wide Map and the transition budget', async () => {
    const recorded = history('pre-budget-map-and-loop.history.pb');
    const events = recorded.events ?? [];
    // What the old worker did: all 60 Tasks scheduled in one workflow task, no patch markers, no pause timers.
    const firstTaskScheduled = events.findIndex(
      (e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    );
    const scheduledTogether = events
      .slice(firstTaskScheduled)
      .findIndex((e) => e.eventType !== EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(scheduledTogether).toBe(60);
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(false);
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)).toBe(false);
    expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);

    await expect(
      Worker.runReplayHistory({ workflowBundle: workflowBundle() }, recorded, 'pre-budget-map-and-loop'),
    ).resolves.toBeUndefined();
  }, 120_000);
});
