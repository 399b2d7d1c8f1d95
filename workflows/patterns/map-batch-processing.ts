import { asExecution } from './lib/execution';
import { map } from './lib/map';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the seed's Map Batch Processing machine, by the names in their ARNs. */
export const BATCH_FUNCTIONS = {
  processItem: 'process-item',
  aggregateResults: 'aggregate-results',
} as const;

/** The machine's input: the Map reads `$.batch` (InputPath) and iterates over its `items` (ItemsPath). */
export interface BatchInput {
  readonly batch: { readonly items: readonly unknown[] };
}

/**
 * The seed's Map State for Batch Processing as plain Temporal code: ProcessItem on each of `batch.items`, at most
 * five at a time, results in item order (the first failing item fails the run with its error), then
 * AggregateResults on the results. Same as `examples/map-batch-processing/`.
 */
export function mapBatchProcessing(input: BatchInput): Promise<unknown> {
  return asExecution(async () => {
    const { items } = input.batch;
    const results = await map(items, (item) => lambdaTask(BATCH_FUNCTIONS.processItem, item), {
      maxConcurrency: 5,
    });
    return lambdaTask(BATCH_FUNCTIONS.aggregateResults, results);
  });
}
