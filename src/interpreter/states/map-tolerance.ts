import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type Json } from '../../asl/types';

/** A Map run's evaluated settings: its iterations, concurrency and tolerated failures. */
export interface MapSettings {
  readonly items: Json[];
  readonly maxConcurrency: number;
  readonly toleratedCount?: number;
  readonly toleratedPercentage?: number;
  /** Builds one iteration's input from the item and its index (synchronously unless JSONata must be awaited). */
  readonly itemInput: (item: Json, index: number) => Json | Promise<Json>;
}

function toleratesAny(settings: MapSettings): boolean {
  return settings.toleratedCount !== undefined || settings.toleratedPercentage !== undefined;
}

/** Whether the failures so far exceed what the Map tolerates. */
export function exceedsTolerance(settings: MapSettings, failures: number): boolean {
  const total = settings.items.length;
  if (!toleratesAny(settings)) return failures > 0;
  const byCount = settings.toleratedCount !== undefined && failures > settings.toleratedCount;
  const byPercent =
    settings.toleratedPercentage !== undefined &&
    total > 0 &&
    (failures / total) * 100 > settings.toleratedPercentage;
  return byCount || byPercent;
}

/** The most failures the Map survives (found with {@link exceedsTolerance} itself, so the two never disagree). */
export function toleratedFailures(settings: MapSettings): number {
  const total = settings.items.length;
  const byPercent =
    settings.toleratedPercentage === undefined
      ? total
      : Math.floor((settings.toleratedPercentage * total) / 100) + 1;
  let f = Math.min(total, settings.toleratedCount ?? total, byPercent);
  while (f > 0 && exceedsTolerance(settings, f)) f -= 1;
  return f;
}

/** The error a Map fails with once failures exceed its tolerance: the iteration's own when none is tolerated. */
export function toleranceFailure(settings: MapSettings, error: ExecutionError): ExecutionError {
  if (!toleratesAny(settings)) return error;
  return new ExecutionError(
    STATES_ERRORS.ExceedToleratedFailureThreshold,
    'The specified tolerated failure threshold was exceeded',
  );
}
