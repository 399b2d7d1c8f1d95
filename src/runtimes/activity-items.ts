import { ApplicationFailure } from '@temporalio/common';
import { createActivities, type ActivityDeps } from '../../activities';
import { ExecutionError } from '../asl/errors';
import { type LocalRuntimeOptions } from './local';

/** The ItemReader/ResultWriter I/O of {@link LocalRuntimeOptions}. */
export type LocalItemIO = Required<Pick<LocalRuntimeOptions, 'readItems' | 'writeResults'>>;

async function asExecutionError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    // The activity's cause already names the Map and the object, so the interpreter keeps it as is.
    if (err instanceof ApplicationFailure)
      throw new ExecutionError(err.type ?? 'States.Runtime', err.message, true);
    throw err;
  }
}

/**
 * Reads and writes a Distributed Map's S3 items in-process with the worker's own activity code, so `--local` runs
 * read the same objects, parse them the same way and fail with the same errors as a worker.
 */
export function activityItemIO(deps: Pick<ActivityDeps, 'aws'> = {}): LocalItemIO {
  const activities = createActivities({ handlers: {}, ...deps });
  return {
    readItems: (request) => asExecutionError(() => activities.readItems(request)),
    writeResults: (request) => asExecutionError(() => activities.writeResults(request)),
  };
}
