/** Temporal servers, the workflow bundle and history helpers for the benchmarks. */
import { type Client, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type EmbeddedDevServer, startEmbeddedDevServer } from '../../src/server/embedded';
import { silentProgress } from '../../src/server/progress';
import { toExecutable } from '../../src/server/resolved';
import { resolveTestServer } from '../../src/server/test-server';
import { workflowBundle } from '../../src/workflow-bundle';
import { installCliRuntime } from '../../src/worker';

/** The cached workflow bundle (bundled on first use after a change to workflows/). */
export async function bundle(): Promise<{ code: string }> {
  const b = await workflowBundle({ progress: silentProgress });
  return { code: b.code };
}

/** A dev server of its own with executions kept in memory. */
export function devServer(): Promise<EmbeddedDevServer> {
  return startEmbeddedDevServer({ dbFilename: false, progress: silentProgress });
}

/** A time-skipping test server of its own. */
export async function timeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const server = await resolveTestServer({ progress: silentProgress });
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: toExecutable(server) } });
}

/** The number of history events of one run. */
export async function historyLength(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return history.events?.length ?? 0;
}

/** One run of a continue-as-new chain: its events and approximate history size. */
export interface RunSummary {
  readonly runId: string;
  readonly events: number;
  readonly bytes: number;
  /** Child workflows (a Distributed Map's batches) this run saw complete. */
  readonly childrenCompleted: number;
  /** The run's workflow input (the first argument), decoded. */
  readonly input: unknown;
}

/** Walks a continue-as-new chain from its first run, as far as `limit` runs; each run's events and bytes. */
export async function chainOf(
  client: Client,
  workflowId: string,
  firstRunId: string,
  limit = 10_000,
): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let runId: string | undefined = firstRunId;
  while (runId && runs.length < limit) {
    const history: temporal.api.history.v1.IHistory = await client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    const payload = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const input: unknown = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
    const childrenCompleted = events.filter((e) => e.childWorkflowExecutionCompletedEventAttributes).length;
    runs.push({ runId, events: events.length, bytes, childrenCompleted, input });
    runId =
      events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ??
      undefined;
  }
  return runs;
}

/** Keeps the SDK's info lines off stderr (warnings and errors still show). Call before any connection. */
export function quietRuntime(): void {
  installCliRuntime('WARN');
}
