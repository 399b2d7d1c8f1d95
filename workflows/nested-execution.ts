import {
  ApplicationFailure,
  ChildWorkflowFailure,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  TimeoutFailure,
  uuid4,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { ExecutionError, STATES_ERRORS } from '../src/asl/errors';
import { type IntegrationPattern } from '../src/asl/resource-route';
import { type Json, type JsonObject } from '../src/asl/types';
import { executionArns } from '../src/interpreter/context';
import { type TaskRequest } from '../src/interpreter/runtime';
import { liveActivityOptions } from './activity-options';
import { aslErrorOf } from './patterns/lib/errors';
import type { stateMachine } from './state-machine';
import { type StateMachineWorkflowInput } from './state-machine-input';

/** Where the parent runs, for the child's ARNs. */
export interface NestedContext {
  readonly region?: string;
  readonly account?: string;
}

function located(request: TaskRequest, message: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.Runtime, `The Task '${request.stateName}' ${message}`);
}

/** A JSON `Input` travels as is; a string must hold JSON, as StartExecution requires. */
function inputOf(request: TaskRequest, input: Json | undefined): Json {
  if (input === undefined) return {};
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as Json;
  } catch {
    throw new ExecutionError(
      'StepFunctions.InvalidExecutionInputException',
      `The Task '${request.stateName}' passes an Input string that is not JSON.`,
    );
  }
}

/** DescribeExecution's status for a child that did not succeed. */
function childStatus(err: ChildWorkflowFailure): 'FAILED' | 'TIMED_OUT' | 'ABORTED' {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as { status?: string } | undefined;
    return details?.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED';
  }
  if (cause instanceof TimeoutFailure) return 'TIMED_OUT';
  return 'ABORTED';
}

/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2]`: the nested machine runs as a child workflow of the
 * generic workflow. Request-response returns at once (the child outlives the parent, as on AWS); `.sync` waits and
 * returns DescribeExecution's shape, with Input/Output as strings (`.sync`) or JSON (`.sync:2`); a child that does
 * not succeed fails the Task with `States.TaskFailed` and that description as the cause.
 */
export async function runNestedExecution(
  request: TaskRequest,
  pattern: IntegrationPattern,
  context: NestedContext,
): Promise<Json> {
  const params = request.parameters;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw located(request, 'calls states:startExecution without an object in Parameters.');
  }
  const arn = params.StateMachineArn;
  if (typeof arn !== 'string')
    throw located(request, 'calls states:startExecution without a StateMachineArn string.');
  const name = typeof params.Name === 'string' ? params.Name : uuid4();
  const input = inputOf(request, params.Input);

  const { describeStateMachine } = proxyActivities<Activities>(
    liveActivityOptions('1 minute', `${request.stateName}: describe ${arn}`),
  );
  let machine;
  try {
    machine = await describeStateMachine({ stateMachineArn: arn, stateName: request.stateName });
  } catch (err) {
    const { error, cause } = aslErrorOf(err);
    throw new ExecutionError(error, cause);
  }
  const arns = executionArns({ stateMachineName: machine.stateMachineName, executionName: name, ...context });
  const args: StateMachineWorkflowInput = {
    definition: machine.definition,
    input,
    stateMachineName: machine.stateMachineName,
    ...context,
  };
  const startDate = Date.now();
  let child;
  try {
    child = await startChild<typeof stateMachine>('stateMachine', {
      args: [args],
      workflowId: name,
      memo: { stateMachineName: machine.stateMachineName },
      // Execution names are unique as on AWS, even after the first execution of that name ended.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `${request.stateName}: ${machine.stateMachineName}`,
      parentClosePolicy:
        pattern === 'request-response' || pattern === 'waitForTaskToken'
          ? ParentClosePolicy.ABANDON
          : ParentClosePolicy.TERMINATE,
    });
  } catch (err) {
    // By name: the error may come from another copy of @temporalio/common than this bundle's.
    if (
      err instanceof WorkflowExecutionAlreadyStartedError ||
      (err as Error).name === 'WorkflowExecutionAlreadyStartedError'
    ) {
      throw new ExecutionError(
        'StepFunctions.ExecutionAlreadyExistsException',
        `Execution Already Exists: '${arns.executionArn}'`,
      );
    }
    const { error, cause } = aslErrorOf(err);
    throw new ExecutionError(error, cause);
  }
  if (pattern === 'request-response' || pattern === 'waitForTaskToken') {
    return { ExecutionArn: arns.executionArn, StartDate: startDate };
  }
  const json = pattern === 'sync:2';
  const described: JsonObject = {
    ExecutionArn: arns.executionArn,
    Input: json ? input : JSON.stringify(input),
    InputDetails: { Included: true },
    Name: name,
    StartDate: startDate,
    StateMachineArn: arns.stateMachineArn,
  };
  try {
    const output = await child.result();
    return {
      ...described,
      Output: json ? output : JSON.stringify(output),
      OutputDetails: { Included: true },
      Status: 'SUCCEEDED',
      StopDate: Date.now(),
    };
  } catch (err) {
    if (!(err instanceof ChildWorkflowFailure)) throw err;
    const { error, cause } = aslErrorOf(err);
    const status = childStatus(err);
    throw new ExecutionError(
      STATES_ERRORS.TaskFailed,
      JSON.stringify({ ...described, Error: error, Cause: cause, Status: status, StopDate: Date.now() }),
    );
  }
}
