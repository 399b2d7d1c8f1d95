/**
 * Executions in flight survive a worker upgrade: histories recorded by an older worker replay on today's
 * workflow code with no non-determinism. One fixture (or chain of runs and children) per feature, recorded by
 * scripts/record-histories.ts; how and when each was recorded is in test/fixtures/histories/README.md and in the
 * fixture's JSON sidecar.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { type ReplayWorkerOptions, Worker } from '@temporalio/worker';
import { FEATURES } from '../../scripts/record-histories-features';
import { workflowBundle as cachedBundle } from '../../src/workflow-bundle';
import { workflowBundle } from '../support/temporal';

const FIXTURES = join(__dirname, '..', 'fixtures', 'histories');
const HISTORY_FILES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.history.pb'))
  .sort();

function history(name: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.decode(readFileSync(join(FIXTURES, name)));
}

const EventType = temporal.api.enums.v1.EventType;

/** What a fixture's JSON sidecar (written by scripts/record-histories.ts) says of its histories. */
interface Sidecar {
  readonly histories: readonly {
    readonly file: string;
    readonly workflowId: string;
    readonly events: number;
  }[];
}

function sidecar(feature: string): Sidecar {
  return JSON.parse(readFileSync(join(FIXTURES, `${feature}.json`), 'utf8')) as Sidecar;
}

/**
 * The workflow id each history ran under, by file: replay must use it, because the workflow code derives ids
 * from it (task tokens, Distributed Map batch children). A fixture without a sidecar gets its file name.
 */
const WORKFLOW_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => sidecar(f.replace(/\.json$/, '')).histories.map((h) => [h.file, h.workflowId])),
);

/** Replays every fixture on one replay worker: the error of each, by file name (undefined when it replayed). */
async function replayAll(options: ReplayWorkerOptions): Promise<Record<string, string | undefined>> {
  const results: Record<string, string | undefined> = {};
  const histories = HISTORY_FILES.map((file) => ({
    workflowId: WORKFLOW_IDS[file] ?? file,
    history: history(file),
  }));
  // The replay worker runs one history at a time and yields in order, so the n-th result is the n-th file's.
  let n = 0;
  for await (const result of Worker.runReplayHistories(options, histories)) {
    const file = HISTORY_FILES[n++];
    expect(result.workflowId).toBe(histories[n - 1].workflowId);
    results[file] = result.error ? `${result.error.name}: ${result.error.message}` : undefined;
  }
  return results;
}

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

  it("holds, in the Step Functions API's fixtures, the commands of the paths they protect", () => {
    const events = (file: string) => history(file).events ?? [];
    const patches = (file: string) =>
      events(file).flatMap((e) =>
        (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map(
          (p) => (JSON.parse(Buffer.from(p.data ?? []).toString()) as { id: string }).id,
        ),
      );
    const scheduled = (file: string) =>
      events(file).flatMap((e) => {
        const a = e.activityTaskScheduledEventAttributes;
        return a ? [`${a.activityType?.name ?? '?'}@${a.taskQueue?.name ?? '?'}`] : [];
      });
    const updates = (file: string) =>
      events(file).flatMap((e) => {
        const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
        return name ? [name] : [];
      });
    const count = (file: string, type: number) => events(file).filter((e) => e.eventType === type).length;
    const last = (file: string) => events(file).at(-1)?.eventType;

    // Activity Tasks on the activity's own task queue, one completed and one failed by the activity worker.
    expect(patches('activity-task.history.pb')).toContain('asl-activity-task-queue');
    expect(scheduled('activity-task.history.pb')).toEqual([
      'aslActivityTask@asl-activity:recorded-worker',
      'aslActivityTask@asl-activity:recorded-worker',
    ]);
    expect(count('activity-task.history.pb', EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toBe(1);
    expect(count('activity-task.history.pb', EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)).toBe(1);

    // The entities: each update upserts the memo in its own task, and Delete* terminates the entity.
    expect(updates('state-machine-entity.history.pb')).toEqual([
      'aslUpdateStateMachine',
      'aslTagStateMachine',
      'aslTagStateMachine',
    ]);
    expect(updates('activity-entity.history.pb')).toEqual(['aslTagStateMachine', 'aslTagStateMachine']);
    for (const [file, changes] of [
      ['state-machine-entity.history.pb', 3],
      ['activity-entity.history.pb', 2],
    ] as const) {
      expect(count(file, EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED)).toBe(changes);
      expect(last(file)).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    }

    // An entity past 2,000 events continues as new, its record in the next run's input and memo.
    const chain = [
      'state-machine-entity-continue-as-new.history.pb',
      'state-machine-entity-continue-as-new.run-2.history.pb',
    ];
    expect(last(chain[0])).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    expect(events(chain[0]).length).toBeGreaterThan(2_000);
    expect(updates(chain[1])).toEqual(['aslTagStateMachine']);
    expect(last(chain[1])).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);

    // A ResultWriter whose batches write their own files: one writeResults per batch, the manifest in the parent.
    expect(patches('map-run-result-files.history.pb')).toContain('asl-map-run-batch-result-files');
    for (const file of [
      'map-run-result-files.child-1.history.pb',
      'map-run-result-files.child-2.history.pb',
    ]) {
      expect(scheduled(file)).toEqual([expect.stringMatching(/^writeResults@/)]);
    }
    expect(scheduled('map-run-result-files.history.pb')).toEqual([expect.stringMatching(/^writeResults@/)]);
  });

  it('holds a fixture for every feature the recording script records, with every history its sidecar lists', () => {
    for (const feature of FEATURES) {
      const { histories } = sidecar(feature.name);
      expect(histories.map((h) => h.file)).toContain(`${feature.name}.history.pb`);
      for (const { file, events } of histories) {
        expect(HISTORY_FILES).toContain(file);
        expect({ file, events: history(file).events?.length }).toEqual({ file, events });
      }
    }
  });

  it("replays every fixture in the folder on today's workflow code with no non-determinism", async () => {
    const results = await replayAll({ workflowBundle: workflowBundle() });
    expect(Object.keys(results).sort()).toEqual(HISTORY_FILES);
    // The failures by fixture name, so a failing run says which feature's executions would break.
    const failures = Object.fromEntries(Object.entries(results).filter(([, error]) => error !== undefined));
    expect(failures).toEqual({});
  }, 120_000);

  it('fails every fixture on workflow code changed to issue a command the histories lack (the test bites)', async () => {
    const { code } = await cachedBundle({
      interceptorModules: [require.resolve('./replay-compat.breaking-change')],
    });
    const results = await replayAll({ workflowBundle: { code } });
    expect(Object.keys(results).sort()).toEqual(HISTORY_FILES);
    const verdicts = Object.entries(results).map(([file, error]) => [file, error?.split(':')[0]]);
    expect(Object.fromEntries(verdicts)).toEqual(
      Object.fromEntries(HISTORY_FILES.map((file) => [file, 'DeterminismViolationError'])),
    );
  }, 180_000);
});
