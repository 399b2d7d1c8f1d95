import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
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

interface PrivateCreate {
  create(options: {
    server: { type: 'existing' };
    address: string;
    namespace: string;
    supportsTimeSkipping: boolean;
  }): Promise<TestWorkflowEnvironment>;
}

/**
 * Connects to the run's shared time-skipping server. The SDK's public factories either start a new server or
 * connect without time skipping; its internal `create` does what we need (one JVM for the whole run).
 */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return (TestWorkflowEnvironment as unknown as PrivateCreate).create({
    server: { type: 'existing' },
    address: sharedSetting('timeSkippingAddress'),
    namespace: 'default',
    supportsTimeSkipping: true,
  });
}

/** Connects to the run's shared dev server (full Temporal, no time skipping). */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: sharedSetting('devServerAddress') });
}

/**
 * A time-skipping server of the caller's own, for tests that would disturb the shared one: a file that keeps it
 * busy for minutes, or a parent abandoning a child (after which the Java test server stops skipping time).
 */
export async function ownTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await resolveTestServer({ progress: silentProgress });
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: toExecutable(server) } });
}
