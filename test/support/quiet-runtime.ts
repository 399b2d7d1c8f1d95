// Run before each test file of the temporal project: worker logs below ERROR would drown jest's output.
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

/**
 * Installs a Runtime that reports only errors, from the SDK's TypeScript and its Rust core alike. Jest may run
 * tests in the process that ran global setup, where the Runtime already exists; that one is already quiet.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
  } catch (err) {
    if (!(err instanceof Error) || !/already/i.test(err.message)) throw err;
  }
}
