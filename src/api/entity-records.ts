/**
 * Reading the records the API's entity workflows keep in their memo (state machines, activities): no worker is
 * needed, since Temporal answers describe and list from the memo itself.
 */
import { type Client } from '@temporalio/client';
import { type ResourceTag, tagStateMachineUpdate } from '../../workflows/state-machine-entity';
import { readableExecutions, warnUnreadable } from '../client/readable-list';

/** Whether a Temporal client error says the workflow does not exist. */
export function isNotFound(err: unknown): boolean {
  return err instanceof Error && (err.name === 'WorkflowNotFoundError' || /not found/i.test(err.message));
}

/** The record in a running entity's memo, or undefined when the entity is gone or never was. */
export async function entityRecord<R>(
  client: Client,
  workflowId: string,
  memoKey: string,
): Promise<R | undefined> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name !== 'RUNNING') return undefined;
    return description.memo?.[memoKey] as R | undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The records of every running entity of a workflow type, newest first (the visibility store may lag); records this
 * client cannot decode (another key's) are left out with a warning.
 */
export async function entityRecords<R extends { readonly creationDate: number; readonly name: string }>(
  client: Client,
  workflowType: string,
  memoKey: string,
): Promise<R[]> {
  const out: R[] = [];
  const query = `WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running'`;
  const warn = warnUnreadable.bind(undefined, `${workflowType} records`);
  for await (const info of readableExecutions(client, query, warn)) {
    const record = info.memo?.[memoKey] as R | undefined;
    if (record) out.push(record);
  }
  return out.sort((a, b) => b.creationDate - a.creationDate || a.name.localeCompare(b.name));
}

/** Adds and removes an entity's tags through its update; undefined when the entity does not exist. */
export async function tagEntity(
  client: Client,
  workflowId: string,
  exists: boolean,
  change: { readonly add: readonly ResourceTag[]; readonly remove: readonly string[] },
): Promise<readonly ResourceTag[] | undefined> {
  if (!exists) return undefined;
  try {
    return await client.workflow
      .getHandle(workflowId)
      .executeUpdate(tagStateMachineUpdate, { args: [change] });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Ends an entity (its Delete operation); no error when there is none. */
export async function deleteEntity(
  client: Client,
  workflowId: string,
  exists: boolean,
  reason: string,
): Promise<void> {
  if (!exists) return;
  try {
    await client.workflow.getHandle(workflowId).terminate(reason);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
