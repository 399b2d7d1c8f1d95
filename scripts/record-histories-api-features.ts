// The recorded features of the Step Functions API's workflow code (`asl-temporal serve`): an activity Task answered
// the way GetActivityTask and SendTask* answer it, the entity workflows of a state machine and an activity changed
// through the updates the API sends, and a Distributed Map whose batches write their own ResultWriter files to S3
// (moto). Kept apart from record-histories-features.ts, which appends them to its FEATURES.
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type Client } from '@temporalio/client';
import { type Json, type State, type StateMachine } from '../src/asl/types';
import { ActivityStore } from '../src/api/activity-store';
import {
  completeActivityTask,
  failActivityTask,
  heartbeatActivityTask,
  pollActivityTask,
} from '../src/api/activity-tasks';
import { activityArn, DEFAULT_SCOPE } from '../src/api/arn';
import { StateMachineStore } from '../src/api/machine-store';
import {
  activityEntityId,
  stateMachineEntityId,
  type StateMachineRecord,
} from '../workflows/state-machine-entity';
import type { Feature, Outcome, RecordedRun } from './record-histories-features';

/** The activity whose Tasks the `activity-task` feature runs and answers. */
const WORKER_ACTIVITY = 'recorded-worker';
/** The bucket the ResultWriter feature writes to (moto's). */
const RESULTS_BUCKET = 'asl-recorded-results';
const WRITER_ITEMS = 150;

const same = (actual: unknown, expected: unknown): string | undefined =>
  JSON.stringify(actual) === JSON.stringify(expected)
    ? undefined
    : `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;

const outputOf = (outcome: Outcome): Json | undefined =>
  outcome.status === 'succeeded' ? outcome.output : undefined;

/** The next task of the activity, polling again while a long poll comes back empty. */
async function nextTask(client: Client, activity: string): Promise<{ taskToken: string; input: string }> {
  const signal = new AbortController().signal;
  for (let polls = 0; polls < 5; polls++) {
    const { taskToken, input } = await pollActivityTask(client, activity, 'record-histories', signal);
    if (taskToken) return { taskToken, input: input ?? 'null' };
  }
  throw new Error(`no task of activity ${activity} in 5 polls`);
}

/** How many histories of a workflow type schedule an activity of `activityType`. */
function scheduling(recorded: readonly RecordedRun[], workflowType: string, activityType: string): number {
  return recorded.filter(
    (r) =>
      r.workflowType === workflowType &&
      r.history.events?.some(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType,
      ),
  ).length;
}

/** The record a state machine entity starts with. */
function machineRecord(nowMs: number, definition: StateMachine): StateMachineRecord {
  return {
    name: 'recorded-orders',
    definition: JSON.stringify(definition),
    roleArn: `arn:aws:iam::${DEFAULT_SCOPE.account}:role/recorded`,
    type: 'STANDARD',
    creationDate: nowMs,
    revisionId: randomUUID(),
    tags: [{ key: 'team', value: 'orders' }],
  };
}

const ORDERS_V1: StateMachine = { StartAt: 'Hello', States: { Hello: { Type: 'Pass', End: true } } };
const ORDERS_V2: StateMachine = {
  StartAt: 'Hello',
  States: { Hello: { Type: 'Pass', Result: 'v2', End: true } },
};

/** Ends an entity as DeleteStateMachine / DeleteActivity do and says what it held last. */
async function deleted(
  client: Client,
  workflowId: string,
  memo: Json,
  remove: () => Promise<void>,
): Promise<{ workflowId: string; runId: string; outcome: Outcome }> {
  const { runId } = await client.workflow.getHandle(workflowId).describe();
  await remove();
  return { workflowId, runId, outcome: { status: 'terminated', memo } };
}

/** The features of the API's workflow code, in recording order. */
export const API_FEATURES: readonly Feature[] = [
  {
    name: 'activity-task',
    what: 'two Tasks on an activity ARN (patched asl-activity-task-queue), polled as GetActivityTask polls: the first answered by SendTaskHeartbeat then SendTaskSuccess, the second by SendTaskFailure, caught',
    definition: {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: activityArn(DEFAULT_SCOPE, WORKER_ACTIVITY),
          Parameters: { 'orderId.$': '$.orderId' },
          TimeoutSeconds: 86_400,
          HeartbeatSeconds: 3_600,
          ResultPath: '$.work',
          Next: 'Check',
        },
        Check: {
          Type: 'Task',
          Resource: activityArn(DEFAULT_SCOPE, WORKER_ACTIVITY),
          TimeoutSeconds: 86_400,
          Catch: [{ ErrorEquals: ['CheckFailed'], ResultPath: '$.error', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    },
    input: () => ({ orderId: 'o-7' }),
    options: { account: DEFAULT_SCOPE.account },
    drive: async ({ temporal }) => {
      const work = await nextTask(temporal, WORKER_ACTIVITY);
      const wrong = same(JSON.parse(work.input), { orderId: 'o-7' });
      if (wrong) throw new Error(`activity-task: the first task's input: ${wrong}`);
      await heartbeatActivityTask(temporal, work.taskToken);
      await completeActivityTask(temporal, work.taskToken, JSON.stringify({ done: true }));
      const check = await nextTask(temporal, WORKER_ACTIVITY);
      await failActivityTask(temporal, check.taskToken, { error: 'CheckFailed', cause: 'the check failed' });
    },
    check: (outcome) =>
      same(outputOf(outcome), {
        orderId: 'o-7',
        work: { done: true },
        error: { Error: 'CheckFailed', Cause: 'the check failed' },
      }),
  },
  {
    name: 'state-machine-entity',
    what: 'a stateMachineEntity (CreateStateMachine) changed by UpdateStateMachine, TagResource and UntagResource, then deleted (terminated) by DeleteStateMachine',
    definition: ORDERS_V1,
    input: (now) => machineRecord(now, ORDERS_V1) as unknown as Json,
    entity: async ({ temporal, taskQueue, input, nowMs }) => {
      const store = new StateMachineStore(temporal, taskQueue);
      const record = input as unknown as StateMachineRecord;
      const { created } = await store.create(record);
      if (!created) throw new Error('state-machine-entity: the machine already existed');
      await store.update(record.name, {
        definition: JSON.stringify(ORDERS_V2),
        loggingConfiguration: { level: 'ALL', includeExecutionData: true },
        revisionId: randomUUID(),
        updateDate: nowMs + 1_000,
      });
      await store.tag(record.name, [{ key: 'stage', value: 'test' }], []);
      await store.tag(record.name, [{ key: 'team', value: 'billing' }], ['stage']);
      const last = await store.get(record.name);
      return deleted(temporal, stateMachineEntityId(record.name), (last ?? null) as unknown as Json, () =>
        store.delete(record.name),
      );
    },
    check: (outcome, recorded) => {
      if (outcome.status !== 'terminated') return `ended ${JSON.stringify(outcome)}`;
      const last = outcome.memo as unknown as StateMachineRecord | null;
      return (
        same(last?.tags, [{ key: 'team', value: 'billing' }]) ??
        same(last?.definition, JSON.stringify(ORDERS_V2)) ??
        same(last?.loggingConfiguration, { level: 'ALL', includeExecutionData: true }) ??
        same(
          recorded.map((r) => r.workflowType),
          ['stateMachineEntity'],
        )
      );
    },
  },
  {
    name: 'state-machine-entity-continue-as-new',
    what: 'a stateMachineEntity past 2,000 events: TagResource until it continues as new carrying its record (memo included), one more tag on the second run, then DeleteStateMachine',
    definition: ORDERS_V1,
    input: (now) => machineRecord(now, ORDERS_V1) as unknown as Json,
    entity: async ({ temporal, taskQueue, input }) => {
      const store = new StateMachineStore(temporal, taskQueue);
      const record = input as unknown as StateMachineRecord;
      const workflowId = stateMachineEntityId(record.name);
      await store.create(record);
      const { runId } = await temporal.workflow.getHandle(workflowId).describe();
      // Each update costs 6 events (a workflow task, accepted, the memo, completed): some 334 reach 2,000.
      for (let n = 1; ; n++) {
        await store.tag(record.name, [{ key: 'round', value: String(n) }], []);
        const now = await temporal.workflow.getHandle(workflowId).describe();
        if (now.runId !== runId) break;
        if (n > 500) throw new Error('the entity did not continue as new after 500 updates');
      }
      await store.tag(record.name, [{ key: 'stage', value: 'second-run' }], []);
      const last = await store.get(record.name);
      await store.delete(record.name);
      return {
        workflowId,
        runId,
        outcome: { status: 'terminated', memo: (last ?? null) as unknown as Json },
      };
    },
    check: (outcome, recorded) => {
      if (outcome.status !== 'terminated') return `ended ${JSON.stringify(outcome)}`;
      const tags = (outcome.memo as unknown as StateMachineRecord | null)?.tags ?? [];
      return (
        same(
          recorded.map((r) => r.workflowType),
          ['stateMachineEntity', 'stateMachineEntity'],
        ) ?? same(tags.find((t) => t.key === 'stage')?.value, 'second-run')
      );
    },
  },
  {
    name: 'activity-entity',
    what: 'an activityEntity (CreateActivity with a tag) changed by TagResource and UntagResource, then deleted (terminated) by DeleteActivity',
    input: (now) => ({ name: WORKER_ACTIVITY, creationDate: now, tags: [{ key: 'team', value: 'orders' }] }),
    entity: async ({ temporal, taskQueue, input }) => {
      const store = new ActivityStore(temporal, taskQueue);
      const record = input as unknown as { name: string; creationDate: number; tags: [] };
      await store.create(record);
      await store.tag(
        record.name,
        [
          { key: 'stage', value: 'test' },
          { key: 'owner', value: 'ops' },
        ],
        [],
      );
      await store.tag(record.name, [], ['team']);
      const last = await store.get(record.name);
      return deleted(temporal, activityEntityId(record.name), (last ?? null) as unknown as Json, () =>
        store.delete(record.name),
      );
    },
    check: (outcome, recorded) =>
      outcome.status !== 'terminated'
        ? `ended ${JSON.stringify(outcome)}`
        : (same((outcome.memo as { tags?: Json } | null)?.tags, [
            { key: 'stage', value: 'test' },
            { key: 'owner', value: 'ops' },
          ]) ??
          same(
            recorded.map((r) => r.workflowType),
            ['activityEntity'],
          )),
  },
  {
    name: 'map-run-result-files',
    what: `a Distributed Map of ${WRITER_ITEMS} items with a ResultWriter to S3 (moto; patched asl-map-run-batch-result-files): each mapBatch child writes its own SUCCEEDED file, the parent the manifest`,
    definition: {
      StartAt: 'Items',
      States: {
        Items: {
          Type: 'Map',
          ItemsPath: '$.values',
          MaxConcurrency: 10,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Mark',
            States: { Mark: { Type: 'Pass', Parameters: { 'n.$': '$' }, End: true } },
          },
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: RESULTS_BUCKET, Prefix: 'recorded' },
          },
          End: true,
        } as unknown as State,
      },
    },
    input: () => ({ values: Array.from({ length: WRITER_ITEMS }, (_, i) => i) }),
    options: { account: DEFAULT_SCOPE.account },
    aws: true,
    prepare: async () => {
      // moto's endpoint is an IP address: this client addresses the bucket by path.
      const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: RESULTS_BUCKET }));
      s3.destroy();
    },
    check: (outcome, recorded) => {
      const output = outputOf(outcome) as { MapRunArn?: string; ResultWriterDetails?: Json } | undefined;
      const runId = /:([0-9a-f-]{36})$/.exec(output?.MapRunArn ?? '')?.[1];
      return (
        same(output?.ResultWriterDetails, {
          Bucket: RESULTS_BUCKET,
          Key: `recorded/${runId ?? '?'}/manifest.json`,
        }) ??
        // Both batches write their own files, and the parent its manifest.
        same(scheduling(recorded, 'mapBatch', 'writeResults'), 2) ??
        same(scheduling(recorded, 'stateMachine', 'writeResults'), 1)
      );
    },
  },
];
