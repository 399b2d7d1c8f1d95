import {
  CancellationScope,
  CancelledFailure,
  defineQuery,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { type BatchIteration, runMapBatch } from '../src/interpreter/map-batch';
import { TaskMocker, withMocks } from '../src/interpreter/mocks';
import { type ChildBatchResult, type ChildItemResult } from '../src/interpreter/runtime';
import { BoundedTrace, type TraceEvent } from '../src/interpreter/trace';
import { type MapBatchWorkflowInput, TRACE_QUERY } from './state-machine-input';
import { temporalRuntime } from './temporal-runtime';
import { traceAnswer } from './trace-query';
import { TransitionBudget } from './transition-budget';

const traceQuery = defineQuery<{ events: readonly TraceEvent[]; dropped: number }>(TRACE_QUERY);

/**
 * One batch of a Distributed Map, as a child workflow: runs the item processor on each input with the pure
 * interpreter and returns one result per item, so the parent counts tolerated failures across batches.
 */
export function mapBatch(args: MapBatchWorkflowInput): Promise<ChildItemResult[] | ChildBatchResult> {
  return runBatchWorkflow(args);
}

/**
 * The body of a batch's child workflow, with each iteration run by `iterate` (default: the interpreter on the
 * batch's processor; an exported workflow's batch function runs its processor's code).
 */
export async function runBatchWorkflow(
  args: MapBatchWorkflowInput,
  iterate?: BatchIteration,
): Promise<ChildItemResult[] | ChildBatchResult> {
  const trace = new BoundedTrace();
  setHandler(traceQuery, () => traceAnswer(trace.snapshot()));
  const workflowId = workflowInfo().workflowId;
  const mocker = args.mocks ? new TaskMocker(args.mocks, args.mockCalls) : undefined;
  // One budget for the whole batch: its iterations share each workflow task.
  const budget = new TransitionBudget();
  const runtimeFor = (childIdPrefix: string) => {
    const runtime = temporalRuntime({ record: (event) => trace.add(event), childIdPrefix, budget });
    return mocker ? withMocks(runtime, mocker) : runtime;
  };
  const outcome = await runMapBatch(
    { ...args, ...(mocker ? { mocker } : {}) },
    {
      runtime: runtimeFor(workflowId),
      // A Distributed Map nested in the processor starts its own children: the item index keeps their ids apart.
      iterationRuntime: (index) => runtimeFor(`${workflowId}:item-${index}`),
    },
    iterate,
  );
  // Cancelled by the parent (its Map failed): end as cancelled, not with the half-done results.
  if (CancellationScope.current().consideredCancelled)
    throw new CancelledFailure('The Map run was cancelled.');
  // Without result files, the shape batches have always returned.
  return outcome.files ? outcome : [...outcome.results];
}
