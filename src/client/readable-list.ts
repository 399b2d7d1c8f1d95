/**
 * Listing workflow executions one record at a time. The SDK's `workflow.list` decodes each page's memos and fails
 * the whole listing on the first it cannot decode; a namespace shared with a `serve` or worker that encrypts under
 * another key holds such records, and one of them must not hide every other machine or execution. Each memo is
 * decoded on its own here; one that cannot be (another key's ciphertext) is counted and left out, as AWS never
 * lists what the caller cannot read.
 */
import { type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';

/** What a listing left out: how many records this client's data converter could not decode, and why. */
export interface Unreadable {
  readonly count: number;
  readonly firstError: string;
}

/** Writes the one-line warning a listing that left records out gives (on stderr, so output stays parseable). */
export function warnUnreadable(what: string, unreadable: Unreadable): void {
  process.stderr.write(
    `asl-temporal: ${unreadable.count} ${what} left out of the list, as this client cannot read ` +
      `${unreadable.count === 1 ? 'its' : 'their'} data (${unreadable.firstError})\n`,
  );
}

/**
 * The executions matching `query`, each decoded alone; those whose memo cannot be decoded are skipped and reported
 * once, when the listing ends (or stops early), through `onUnreadable`.
 */
export async function* readableExecutions(
  client: Client,
  query: string,
  onUnreadable: (unreadable: Unreadable) => void,
): AsyncGenerator<WorkflowExecutionInfo> {
  const { namespace, loadedDataConverter } = client.options;
  let count = 0;
  let firstError = '';
  let nextPageToken: Uint8Array = new Uint8Array();
  try {
    for (;;) {
      const response = await client.workflowService.listWorkflowExecutions({
        namespace,
        query,
        nextPageToken,
      });
      for (const raw of response.executions) {
        let info: WorkflowExecutionInfo;
        try {
          info = await executionInfoFromRaw(raw, loadedDataConverter, raw, namespace);
        } catch (err) {
          count++;
          firstError ||= err instanceof Error ? err.message : String(err);
          continue;
        }
        yield info;
      }
      nextPageToken = response.nextPageToken ?? new Uint8Array();
      if (nextPageToken.length === 0) return;
    }
  } finally {
    if (count > 0) onUnreadable({ count, firstError });
  }
}
