import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Client } from '@temporalio/client';
import { type temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadHandlersFromDir } from '../../activities/local/load';
import { type HandlerMap } from '../../activities/local/handlers';
import { silentProgress } from '../../src/server/progress';
import { toExecutable } from '../../src/server/resolved';
import { resolveTestServer } from '../../src/server/test-server';
import { sharedSetting } from './shared-env';

/** A workflow id (or task queue) no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** The workflow bundle that global setup built once for the run. */
export function workflowBundle(): { codePath: string } {
  return { codePath: sharedSetting('workflowBundle') };
}

/** The local handlers of one example, by function name. */
export function exampleHandlers(example: string): HandlerMap {
  return loadHandlersFromDir(join(__dirname, '..', '..', 'examples', example, 'handlers'));
}

/**
 * Starts a time-skipping server for one test file (about a second with the class-data archive) and connects to it.
 * Files do not share one: the server skips time only when nothing at all is in flight on it, so one file's
 * leftovers (a workflow still waiting on an activity whose worker has gone, a parent that abandoned a child, which
 * stops the Java test server from skipping) would stall every timer of the files after it.
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await resolveTestServer({ progress: silentProgress });
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: toExecutable(server) } });
}

/** Connects to the run's shared dev server (full Temporal, no time skipping). */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: sharedSetting('devServerAddress') });
}

/** The history of every run of a continue-as-new chain, first run first. */
export async function runChain(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<temporal.api.history.v1.IHistoryEvent[][]> {
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    runs.push(events);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}
