import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { silentProgress } from '../server/progress';
import { toExecutable } from '../server/resolved';
import { resolveTestServer } from '../server/test-server';
import { createWorker } from '../worker';
import { type ExecutionCase } from './cases';
import { temporalCaseRunner } from './runners';
import { runSuite, type CaseResult, type SuiteReport } from './suite';

/** Options for {@link runOnTemporal}. */
export interface OnTemporalOptions {
  readonly concurrency?: number;
  readonly onResult?: (r: CaseResult, done: number) => void;
  /** A prebuilt workflow bundle (tests pass the run's); without it the worker bundles `workflows/` itself. */
  readonly workflowBundle?: { readonly codePath: string };
}

/**
 * Runs cases as real `stateMachine` workflows on a time-skipping server of its own, with one worker, and tears
 * both down. Time skipping is unlocked once around the whole batch: the testing client's per-result unlocking
 * leaves the lock count unbalanced when results are awaited concurrently.
 */
export async function runOnTemporal(
  cases: readonly ExecutionCase[],
  options: OnTemporalOptions = {},
): Promise<SuiteReport> {
  const server = await resolveTestServer({ progress: silentProgress });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: toExecutable(server) },
  });
  const taskQueue = `conformance-${randomUUID()}`;
  try {
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      handlers: {},
      workflowBundle: options.workflowBundle,
    });
    const client = new Client({ connection: env.connection });
    const runner = temporalCaseRunner({ client, taskQueue, workflowId: (c) => `${c.id}-${randomUUID()}` });
    const testService = env.connection.testService;
    if (!testService) throw new Error('The time-skipping server offers no test service.');
    return await worker.runUntil(async () => {
      await testService.unlockTimeSkipping({});
      try {
        return await runSuite('temporal', cases, runner, {
          concurrency: options.concurrency ?? 8,
          onResult: options.onResult,
        });
      } finally {
        await testService.lockTimeSkipping({});
      }
    });
  } finally {
    await env.teardown();
  }
}
