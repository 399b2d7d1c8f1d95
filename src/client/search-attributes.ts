import { type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CURRENT_STATE_ATTRIBUTE, STATE_MACHINE_ATTRIBUTE } from '../../workflows/state-machine-input';

const NAMES = [STATE_MACHINE_ATTRIBUTE.name, CURRENT_STATE_ATTRIBUTE.name];

/** Whether the namespace has both search attributes (false too when the operator API is not reachable). */
export async function hasSearchAttributes(client: Client): Promise<boolean> {
  try {
    const response = await client.connection.operatorService.listSearchAttributes({
      namespace: client.options.namespace,
    });
    const custom = response.customAttributes ?? {};
    return NAMES.every((name) => name in custom);
  } catch {
    return false;
  }
}

/**
 * Registers the search attributes in the namespace when they are missing. Temporal Cloud does not let a worker do
 * this (use `tcld` or the Cloud UI), so failure is an answer, not an error: `list` then filters on the client.
 */
export async function ensureSearchAttributes(
  client: Client,
): Promise<'present' | 'registered' | 'unavailable'> {
  if (await hasSearchAttributes(client)) return 'present';
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace: client.options.namespace,
      searchAttributes: Object.fromEntries(
        NAMES.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
    return 'registered';
  } catch {
    return 'unavailable';
  }
}
