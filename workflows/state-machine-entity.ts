/**
 * One long-running workflow per state machine of the Step Functions API (`asl-temporal serve`): the machine's
 * record lives in the workflow's state and, after every change, in its memo, so DescribeStateMachine and
 * ListStateMachines read it from the server (describe, visibility) without a worker; changes are updates.
 */
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  makeContinueAsNewFunc,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';

/** A tag of a Step Functions resource. */
export interface ResourceTag {
  readonly key: string;
  readonly value: string;
}

/** A state machine as the API stores it (dates are epoch milliseconds, from the API server's clock). */
export interface StateMachineRecord {
  readonly name: string;
  /** The definition text exactly as the caller sent it (DescribeStateMachine returns it unchanged). */
  readonly definition: string;
  readonly roleArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly creationDate: number;
  readonly updateDate?: number;
  readonly revisionId: string;
  readonly description?: string;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  readonly tags: readonly ResourceTag[];
}

/** The memo key that holds the {@link StateMachineRecord}. */
export const STATE_MACHINE_RECORD_MEMO = 'aslStateMachineRecord';

/** The workflow id of a state machine's entity workflow. */
export function stateMachineEntityId(name: string): string {
  return `asl-state-machine:${name}`;
}

/** What UpdateStateMachine changes (the caller picks the new revision id and date, so replays are plain). */
export interface StateMachineChange {
  readonly definition?: string;
  readonly roleArn?: string;
  readonly loggingConfiguration?: unknown;
  readonly tracingConfiguration?: unknown;
  readonly revisionId: string;
  readonly updateDate: number;
}

/** UpdateStateMachine: returns the record after the change. */
export const updateStateMachineUpdate = defineUpdate<StateMachineRecord, [StateMachineChange]>(
  'aslUpdateStateMachine',
);

/** TagResource / UntagResource: adds or replaces `add` (by key), then removes `remove`; returns the tags. */
export const tagStateMachineUpdate = defineUpdate<
  readonly ResourceTag[],
  [{ readonly add: readonly ResourceTag[]; readonly remove: readonly string[] }]
>('aslTagStateMachine');

/** Past this many history events the entity continues as new, carrying only its record. */
const EVENTS_BEFORE_CONTINUE = 2_000;

/** The entity workflow of one state machine: holds its record until DeleteStateMachine terminates it. */
export async function stateMachineEntity(initial: StateMachineRecord): Promise<void> {
  let record = initial;
  const changed = (next: StateMachineRecord): StateMachineRecord => {
    record = next;
    upsertMemo({ [STATE_MACHINE_RECORD_MEMO]: record });
    return record;
  };
  setHandler(updateStateMachineUpdate, (change) => {
    const next: StateMachineRecord = { ...record, ...change };
    return changed(next);
  });
  setHandler(tagStateMachineUpdate, ({ add, remove }) => {
    const byKey = new Map(record.tags.map((t) => [t.key, t.value]));
    for (const tag of add) byKey.set(tag.key, tag.value);
    for (const key of remove) byKey.delete(key);
    return changed({ ...record, tags: [...byKey].map(([key, value]) => ({ key, value })) }).tags;
  });
  await condition(
    () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > EVENTS_BEFORE_CONTINUE,
  );
  // Updates in flight finish in this run; the next one starts from the record they leave.
  await condition(allHandlersFinished);
  await makeContinueAsNewFunc<typeof stateMachineEntity>({
    memo: { [STATE_MACHINE_RECORD_MEMO]: record },
  })(record);
}

/** A Step Functions activity as the API stores it. */
export interface ActivityRecord {
  readonly name: string;
  readonly creationDate: number;
  readonly tags: readonly ResourceTag[];
}

/** The memo key that holds the {@link ActivityRecord}. */
export const ACTIVITY_RECORD_MEMO = 'aslActivityRecord';

/** The workflow id of an activity's entity workflow. */
export function activityEntityId(name: string): string {
  return `asl-activity:${name}`;
}

/** The entity workflow of one activity: its record (tags change through updates) until DeleteActivity ends it. */
export async function activityEntity(initial: ActivityRecord): Promise<void> {
  let record = initial;
  setHandler(tagStateMachineUpdate, ({ add, remove }) => {
    const byKey = new Map(record.tags.map((t) => [t.key, t.value]));
    for (const tag of add) byKey.set(tag.key, tag.value);
    for (const key of remove) byKey.delete(key);
    record = { ...record, tags: [...byKey].map(([key, value]) => ({ key, value })) };
    upsertMemo({ [ACTIVITY_RECORD_MEMO]: record });
    return record.tags;
  });
  await condition(
    () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > EVENTS_BEFORE_CONTINUE,
  );
  await condition(allHandlersFinished);
  await makeContinueAsNewFunc<typeof activityEntity>({ memo: { [ACTIVITY_RECORD_MEMO]: record } })(record);
}
