import { workflowInfo } from '@temporalio/workflow';
import { executionArns, isoTime } from '../../src/interpreter/context';
import { asExecution } from './lib/execution';
import { parallel } from './lib/parallel';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the seed's well-organized machine, by the names in their ARNs. */
export const ORGANIZED_FUNCTIONS = {
  validate: 'validate',
  transformRecords: 'transform-records',
  computeStatistics: 'compute-statistics',
  cleanup: 'cleanup',
} as const;

/** The state machine name the processing id is built with (the CLI names a machine after its folder). */
export const ORGANIZED_MACHINE_NAME = 'well-organized';

/** How the workflow names itself in ARNs; the region and account default as the generic workflow's do. */
export interface WellOrganizedOptions {
  readonly stateMachineName?: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * The seed's well-organized machine as plain Temporal code: Initialize records the execution ARN (the workflow id
 * is the execution name) and the time it started at `$.processing`, Validate, then Process runs TransformRecords and
 * ComputeStatistics at once into `$.results`, and Cleanup reports. Same as `examples/well-organized/`.
 */
export function wellOrganized(
  input: Record<string, unknown>,
  options: WellOrganizedOptions = {},
): Promise<unknown> {
  return asExecution(async () => {
    // Initialize: $$.Execution.Id and $$.State.EnteredTime, computed from the workflow as the generic one does.
    const { executionArn } = executionArns({
      stateMachineName: options.stateMachineName ?? ORGANIZED_MACHINE_NAME,
      executionName: workflowInfo().workflowId,
      region: options.region,
      account: options.account,
    });
    const initialized = {
      ...input,
      processing: { processingId: executionArn, timestamp: isoTime(Date.now()) },
    };
    const validated = (await lambdaTask(ORGANIZED_FUNCTIONS.validate, initialized)) as Record<
      string,
      unknown
    >;
    const results = await parallel([
      () => lambdaTask(ORGANIZED_FUNCTIONS.transformRecords, validated),
      () => lambdaTask(ORGANIZED_FUNCTIONS.computeStatistics, validated),
    ] as const);
    return lambdaTask(ORGANIZED_FUNCTIONS.cleanup, { ...validated, results });
  });
}
