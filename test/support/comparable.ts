import { type Outcome, type RunRecord } from './parity';

/**
 * A run record with Lambda error causes stripped of their `trace`: the stack names the activity that ran the
 * handler (`runTask` for the generic workflow, `invokeFunction` for hand-written code), which is not behaviour.
 */
export function comparable(run: RunRecord): RunRecord {
  return { ...run, outcome: withoutTrace(run.outcome) };
}

function withoutTrace(outcome: Outcome): Outcome {
  if (outcome.status !== 'FAILED') return outcome;
  try {
    const parsed = JSON.parse(outcome.cause) as unknown;
    if (parsed && typeof parsed === 'object' && 'errorType' in parsed && 'trace' in parsed) {
      const { trace: _trace, ...rest } = parsed as Record<string, unknown>;
      return { ...outcome, cause: JSON.stringify(rest) };
    }
  } catch {
    // Not a Lambda error payload: the cause is plain text and compared as is.
  }
  return outcome;
}
