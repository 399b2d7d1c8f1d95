import { asExecution } from './lib/execution';
import { parallel } from './lib/parallel';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the seed's Parallel Processing machine, by the names in their ARNs. */
export const PARALLEL_FUNCTIONS = {
  processImages: 'process-images',
  processMetadata: 'process-metadata',
  aggregateResults: 'aggregate-results',
} as const;

/**
 * The seed's Parallel Processing pattern as plain Temporal code: ProcessInParallel runs ProcessImages and
 * ProcessMetadata at once on the same input (the first failure cancels the other and fails the run with its error),
 * then AggregateResults gets both outputs in branch order. Same as `examples/parallel-processing/`.
 */
export function parallelProcessing(input: unknown): Promise<unknown> {
  return asExecution(async () => {
    const branches = await parallel([
      () => lambdaTask(PARALLEL_FUNCTIONS.processImages, input),
      () => lambdaTask(PARALLEL_FUNCTIONS.processMetadata, input),
    ] as const);
    return lambdaTask(PARALLEL_FUNCTIONS.aggregateResults, branches);
  });
}
