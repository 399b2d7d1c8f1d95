/** Shared by the api-*.test.ts files: `asl-temporal serve` on the run's dev server, and an SDK client for it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type CliProcess, startCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';

/** A running `serve` and the endpoint it listens at. */
export interface Serve {
  readonly process: CliProcess;
  readonly endpoint: string;
  readonly sfn: SFNClient;
}

/** A handlers folder with `approver`, a local function that just acknowledges (the token is read from history). */
export function approverHandlers(): string {
  const dir = tempDir('api-handlers');
  writeFileSync(join(dir, 'approver.js'), 'exports.handler = async () => ({ sent: true });\n');
  return dir;
}

/**
 * Starts `asl-temporal serve` on a free port polling `taskQueue`, against the shared dev server or, with
 * `embedded`, its own embedded dev server (then `extra` should name a `--db-file`).
 */
export async function startServe(
  taskQueue: string,
  extra: readonly string[] = [],
  options: { readonly embedded?: boolean } = {},
): Promise<Serve> {
  const ready = 'Step Functions API listening at ';
  const process = await startCli(
    [
      'serve',
      ...(options.embedded ? [] : ['--address', sharedSetting('devServerAddress')]),
      '--port',
      '0',
      '--region',
      'us-east-1',
      '--account',
      '123456789012',
      '--task-queue',
      taskQueue,
      ...extra,
    ],
    ready,
  );
  const endpoint = /Step Functions API listening at (http:\/\/\S+)/.exec(process.output())![1];
  const sfn = new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return { process, endpoint, sfn };
}

/** Polls `probe` until it gives a value (reads from the visibility store lag a little behind writes). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  attempts = 100,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A machine that waits a day, so its executions stay RUNNING. */
export const WAITING = JSON.stringify({
  StartAt: 'Nap',
  States: { Nap: { Type: 'Wait', Seconds: 86400, End: true } },
});

/** A machine that returns its input with a marker. */
export const PASSING = JSON.stringify({
  StartAt: 'Mark',
  States: { Mark: { Type: 'Pass', Result: 'done', ResultPath: '$.mark', End: true } },
});

/** The role ARN every test machine takes. */
export const ROLE = 'arn:aws:iam::123456789012:role/test';
