/**
 * Runs a generated case on the local runtime, bounded (a cap on history events and on wall time), and reduces it
 * to what the fuzz properties compare: SUCCEEDED with the output, or FAILED/TIMED_OUT with error and cause.
 */
import { ExecutionError } from '../../../src/asl/errors';
import { type Json } from '../../../src/asl/types';
import { activityTaskRunner } from '../../../src/runtimes/activity-tasks';
import { runLocally } from '../../../src/runtimes/run-local';
import { type FuzzCase } from './case';
import { FUZZ_HANDLERS } from './handlers';
import { withTaskLatencies } from './schedules';

/** How a run ended. */
export type FuzzOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: 'FAILED' | 'TIMED_OUT'; readonly error: string; readonly cause: string };

/** More history events than any generated machine records (loops are 3 rounds, Maps 4 items, 3 levels deep). */
export const MAX_EVENTS = 50_000;

/** Wall time a local run may take before it counts as a hang. */
export const MAX_RUN_MS = 20_000;

/** Thrown (and failing the property) when a run exceeds {@link MAX_EVENTS} or {@link MAX_RUN_MS}. */
export class FuzzHang extends Error {}

const runTask = activityTaskRunner(FUZZ_HANDLERS);

/**
 * Runs a case with runLocally; rejects only with what the property must report (a crash or a hang). `schedule`
 * (see schedules.ts) plays the run with other Task latencies; without it each handled Task answers at once.
 */
export async function runCaseLocally(c: FuzzCase, schedule?: number): Promise<FuzzOutcome> {
  let events = 0;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzHang(`no end after ${MAX_RUN_MS} ms`)), MAX_RUN_MS);
  });
  try {
    const run = runLocally(c.machine, c.input, {
      mocks: c.mocks,
      runTask: schedule === undefined ? runTask : withTaskLatencies(runTask, schedule),
      stateMachineName: 'fuzz',
      executionName: 'fuzz-execution',
      startTime: Date.UTC(2026, 0, 1),
      onEvent: () => {
        events += 1;
        if (events > MAX_EVENTS) throw new FuzzHang(`more than ${MAX_EVENTS} history events`);
      },
    });
    const { result } = await Promise.race([run, hang]);
    switch (result.status) {
      case 'SUCCEEDED':
        return { status: 'SUCCEEDED', output: result.output };
      case 'FAILED':
      case 'TIMED_OUT':
        return { status: result.status, error: result.error ?? '', cause: result.cause ?? '' };
      default:
        throw new Error(`runLocally ended ${result.status}`);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Whether an error name is one an execution may end with: `States.*`, or the handlers', mocks' and Fails'. */
export function isAslErrorName(name: string): boolean {
  return /^States\.[A-Za-z]+$/.test(name) || name.startsWith('Custom.');
}

/** A thrown value as the property reports it (an ExecutionError escaping runLocally is a bug too). */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof ExecutionError) return `ExecutionError ${thrown.error}: ${thrown.causeText}`;
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}\n${thrown.stack}` : String(thrown);
}
