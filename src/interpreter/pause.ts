import { type Json } from '../asl/types';

/** What a ResultWriter's batches wrote so far, by status, in batch order: the manifest lists these. */
export interface ResultFileList {
  readonly SUCCEEDED: readonly { readonly Key: string; readonly Size: number }[];
  readonly FAILED: readonly { readonly Key: string; readonly Size: number }[];
  readonly PENDING: readonly { readonly Key: string; readonly Size: number }[];
}

/**
 * A top-level Distributed Map's Map Run, stopped between two batches so the workflow can continue as new: the
 * Map state's run (so `$$.State`, child ids and Retry go on as they were) and the batches done so far.
 */
export interface MapRunProgress {
  /** The Map state's name. */
  readonly state: string;
  readonly enteredAt: number;
  readonly enteredEventId: number;
  readonly retryCount: number;
  /** Attempts each of the Map's retriers has spent. */
  readonly retrierCounts: readonly number[];
  /** When the Map Run started (epoch ms). */
  readonly startedAt: number;
  /** Every batch before this one has ended. */
  readonly nextBatch: number;
  /** Failed iterations so far (they count against the tolerated failures). */
  readonly failures: number;
  /**
   * The ended items' entries of the Map's result (an output, or `{Error, Cause}` for a tolerated failure), only when
   * the Map keeps its iterations' outputs: bounded because the Map's result could not exceed 256 KiB anyway.
   */
  readonly results?: readonly Json[];
  /** With a ResultWriter: the Map Run's id and the files its batches wrote. */
  readonly writer?: { readonly runId: string; readonly files: ResultFileList };
}

/** Where a paused run stopped: everything needed to resume at the next state (or inside a Distributed Map). */
export class BoundaryPause {
  constructor(
    readonly startAt: string,
    readonly input: Json,
    readonly variables: Readonly<Record<string, Json>>,
    readonly mapRun?: MapRunProgress,
  ) {}
}

/**
 * Thrown by a Distributed Map whose Map Run paused between batches; the state loop turns it into a
 * {@link BoundaryPause}. Retry and Catch let it through untouched, adding their retriers' attempts.
 */
export class MapRunPaused {
  constructor(public progress: MapRunProgress) {}
}
