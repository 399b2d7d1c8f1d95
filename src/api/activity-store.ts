/**
 * Step Functions activities kept in Temporal: one `activityEntity` workflow each, its record in the memo (read
 * without a worker); tags change through the entity's update.
 */
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { deleteEntity, entityRecord, entityRecords, tagEntity } from './entity-records';
import {
  ACTIVITY_RECORD_MEMO,
  activityEntity,
  activityEntityId,
  type ActivityRecord,
  type ResourceTag,
} from '../../workflows/state-machine-entity';

/** The activities of one namespace. */
export class ActivityStore {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Creates the activity, or returns the one already there (CreateActivity is idempotent on AWS). */
  async create(record: ActivityRecord): Promise<ActivityRecord> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.workflow.start(activityEntity, {
          args: [record],
          workflowId: activityEntityId(record.name),
          taskQueue: this.taskQueue,
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          memo: { [ACTIVITY_RECORD_MEMO]: record },
        });
        return record;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const existing = await this.get(record.name);
        if (existing) return existing;
        if (attempt >= 2) throw err;
      }
    }
  }

  /** The activity's record, or undefined when there is none. */
  async get(name: string): Promise<ActivityRecord | undefined> {
    return entityRecord<ActivityRecord>(this.client, activityEntityId(name), ACTIVITY_RECORD_MEMO);
  }

  /** Every activity, newest first (from the visibility store). */
  async list(): Promise<ActivityRecord[]> {
    return entityRecords<ActivityRecord>(this.client, 'activityEntity', ACTIVITY_RECORD_MEMO);
  }

  /** Adds and removes tags; undefined when the activity does not exist. */
  async tag(
    name: string,
    add: readonly ResourceTag[],
    remove: readonly string[],
  ): Promise<readonly ResourceTag[] | undefined> {
    const exists = (await this.get(name)) !== undefined;
    return tagEntity(this.client, activityEntityId(name), exists, { add, remove });
  }

  /** Deletes the activity (no error when there is none). */
  async delete(name: string): Promise<void> {
    const exists = (await this.get(name)) !== undefined;
    await deleteEntity(this.client, activityEntityId(name), exists, 'DeleteActivity');
  }
}
