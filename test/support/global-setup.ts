import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { installQuietRuntime } from './quiet-runtime';
import { AWS_CLI_ENV, AWS_CLI_UNAVAILABLE, resolveAwsCli } from '../../src/server/aws-cli';
import { SEARCH_ATTRIBUTE_ARGS } from '../../src/server/embedded';
import { type MotoServer, resolveMoto, startMoto } from '../../src/server/moto';
import { describeServer, provisionServers } from '../../src/server/provision';
import { toExecutable } from '../../src/server/resolved';
import { formatDuration } from '../../src/server/progress';
import { workflowBundle } from '../../src/workflow-bundle';
import { SHARED_ENV } from './shared-env';

/** What global teardown must stop; kept on globalThis, which jest shares between setup and teardown. */
export interface SharedServers {
  readonly devServer: TestWorkflowEnvironment;
  readonly moto: MotoServer;
  /** Holds the workflow bundle; removed at teardown. */
  readonly bundleDir: string;
}

declare global {
  var __aslTemporalServers: SharedServers | undefined;
}

function log(message: string): void {
  process.stderr.write(`[test-setup] ${message}\n`);
}

/** Starts both Temporal servers and bundles the workflows once for the whole jest run. */
export default async function globalSetup(): Promise<void> {
  installQuietRuntime();
  const { devServer, testServer } = await provisionServers();
  log(describeServer('dev server', devServer));
  log(describeServer('test server', testServer));

  // Each test file starts its own time-skipping server (test/support/temporal.ts); time the first cold start here.
  let started = Date.now();
  const timeSkipping = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: toExecutable(testServer) },
  });
  log(`a time-skipping test server listens after ${formatDuration(Date.now() - started)}`);
  await timeSkipping.teardown();

  started = Date.now();
  const dev = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: toExecutable(devServer),
      extraArgs: ['--log-level', 'error', ...SEARCH_ATTRIBUTE_ARGS],
    },
  });
  log(`dev server listening at ${dev.address} after ${formatDuration(Date.now() - started)}`);

  started = Date.now();
  // The CLI's bundle cache: unchanged workflow sources are not bundled again from one jest run to the next.
  const { code, reused } = await workflowBundle({ progress: { line: log } });
  const dir = mkdtempSync(join(tmpdir(), 'asl-temporal-jest-'));
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);
  log(
    `workflow bundle ${reused ? 'taken from the cache' : 'built'} in ${formatDuration(Date.now() - started)}`,
  );

  started = Date.now();
  const moto = await startMoto(await resolveMoto());
  log(`moto (AWS endpoint) listening at ${moto.endpoint} after ${formatDuration(Date.now() - started)}`);
  // Every AWS SDK call in the test workers goes to moto, with moto's dummy credentials.
  process.env[SHARED_ENV.awsEndpoint] = moto.endpoint;
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';

  // The API's second client. Without it the whole run still goes on, and its test fails saying how to provide one.
  try {
    process.env[AWS_CLI_ENV] = await resolveAwsCli({ progress: { line: log } });
    log(`AWS CLI at ${process.env[AWS_CLI_ENV]}`);
  } catch (err) {
    delete process.env[AWS_CLI_ENV];
    process.env[AWS_CLI_UNAVAILABLE] = err instanceof Error ? err.message : String(err);
    log(`no AWS CLI; test/integration/api-aws-cli.test.ts will fail: ${process.env[AWS_CLI_UNAVAILABLE]}`);
  }

  process.env[SHARED_ENV.devServerAddress] = dev.address;
  process.env[SHARED_ENV.workflowBundle] = bundlePath;
  globalThis.__aslTemporalServers = { devServer: dev, moto, bundleDir: dir };
}
