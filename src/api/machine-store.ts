/**
 * State machines kept in Temporal itself: one `stateMachineEntity` workflow each, its record in the memo. Reads
 * (describe, list) come from the server without a worker; changes are updates, which a worker on the entity's task
 * queue applies.
 */
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { deleteEntity, entityRecord, entityRecords, isNotFound, tagEntity } from './entity-records';
import {
  type ResourceTag,
  STATE_MACHINE_RECORD_MEMO,
  type StateMachineChange,
  stateMachineEntity,
  stateMachineEntityId,
  type StateMachineRecord,
  updateStateMachineUpdate,
} from '../../workflows/state-machine-entity';

/** The state machines of one namespace. */
export class StateMachineStore {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Creates the machine, or returns the one already there (`created: false`) for the caller to compare. */
  async create(record: StateMachineRecord): Promise<{ record: StateMachineRecord; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.workflow.start(stateMachineEntity, {
          args: [record],
          workflowId: stateMachineEntityId(record.name),
          taskQueue: this.taskQueue,
          // A deleted machine's name may be used again, as on AWS.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          memo: { [STATE_MACHINE_RECORD_MEMO]: record },
        });
        return { record, created: true };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const existing = await this.get(record.name);
        if (existing) return { record: existing, created: false };
        // Deleted in between: start again.
        if (attempt >= 2) throw err;
      }
    }
  }

  /** The machine's record, or undefined when there is none (never created, or deleted). */
  async get(name: string): Promise<StateMachineRecord | undefined> {
    return entityRecord<StateMachineRecord>(
      this.client,
      stateMachineEntityId(name),
      STATE_MACHINE_RECORD_MEMO,
    );
  }

  /** Every machine of the namespace, newest first (from the visibility store, so just-made changes may lag). */
  async list(): Promise<StateMachineRecord[]> {
    return entityRecords<StateMachineRecord>(this.client, 'stateMachineEntity', STATE_MACHINE_RECORD_MEMO);
  }

  /** Applies UpdateStateMachine's change; undefined when the machine does not exist. */
  async update(name: string, change: StateMachineChange): Promise<StateMachineRecord | undefined> {
    if (!(await this.get(name))) return undefined;
    try {
      return await this.client.workflow
        .getHandle(stateMachineEntityId(name))
        .executeUpdate(updateStateMachineUpdate, { args: [change] });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Adds and removes tags; undefined when the machine does not exist. */
  async tag(
    name: string,
    add: readonly ResourceTag[],
    remove: readonly string[],
  ): Promise<readonly ResourceTag[] | undefined> {
    const exists = (await this.get(name)) !== undefined;
    return tagEntity(this.client, stateMachineEntityId(name), exists, { add, remove });
  }

  /** Deletes the machine (its entity ends; its executions go on, as on AWS). No error when there is none. */
  async delete(name: string): Promise<void> {
    const exists = (await this.get(name)) !== undefined;
    await deleteEntity(this.client, stateMachineEntityId(name), exists, 'DeleteStateMachine');
  }
}
