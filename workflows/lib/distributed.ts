/**
 * Distributed Maps whose ItemProcessor is code. The parent's Map Run (items, batches, tolerated failures, result
 * files) is the interpreter's; each batch is a child workflow of a type the exported file declares, which runs the
 * processor's code on each of its items through {@link distributedBatch}.
 */
import { type Json } from '../../src/asl/types';
import { type BatchIteration } from '../../src/interpreter/map-batch';
import { type ChildBatchResult, type ChildItemResult, type Runtime } from '../../src/interpreter/runtime';
import { runBatchWorkflow } from '../map-batch';
import { type MapBatchWorkflowInput } from '../state-machine-input';
import { Machine, type Nested } from './machine';

/** What a Distributed Map batch's child workflow gets: its items and the parent's facts. */
export type MapBatch = MapBatchWorkflowInput;

/** What a batch's child workflow returns: one result per item (or result files' list with a ResultWriter). */
export type MapBatchResult = ChildItemResult[] | ChildBatchResult;

/** An exported batch workflow: the child workflow type of one Distributed Map, named after its function. */
export type BatchWorkflow = (batch: MapBatch) => Promise<MapBatchResult>;

/**
 * The body of an exported batch workflow: runs `iteration` (the ItemProcessor as code, with its own machine handle
 * per item) on each item of the batch, with the events, failures and results of the generic `mapBatch`.
 *
 * @example
 * export async function orders$processItems(batch: MapBatch): Promise<MapBatchResult> {
 *   return distributedBatch(batch, async (m, input) => m.task('Charge', { Resource }, input));
 * }
 */
export function distributedBatch(batch: MapBatch, iteration: Nested): Promise<MapBatchResult> {
  return runBatchWorkflow(batch, iterationOf(iteration));
}

/** A processor's code as the batch runner calls it. */
function iterationOf(iteration: Nested): BatchIteration {
  return (input: Json, context) => iteration(new Machine(context), input);
}

/** The runtime a code processor's Map Run uses: each batch starts `batch` as its child workflow. */
export function batchRuntime(runtime: Runtime, batch: BatchWorkflow): Runtime {
  const derived = Object.create(runtime) as { -readonly [K in keyof Runtime]: Runtime[K] };
  derived.runChildMachine = (request) => runtime.runChildMachine({ ...request, batchWorkflow: batch.name });
  return derived;
}
