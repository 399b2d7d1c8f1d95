import { type ItemReadRequest, type ResultWriteRequest } from '../src/interpreter/item-io';
import { type TaskRequest } from '../src/interpreter/runtime';
import { routeResource } from '../src/asl/resource-route';
import { type Json, type StateMachine } from '../src/asl/types';
import { exceedsPayloadQuota, resultTooLarge } from '../src/dataflow/limits';
import { taskResultSource } from '../src/interpreter/integrations/check';
import { aslFailure } from './errors';
import { AwsClients, type AwsSettings } from './aws/clients';
import { runServiceCall } from './aws/index';
import { readItemsPage, writeResultObject } from './aws/s3-items';
import { type FunctionRunner, runFunction } from './aws/lambda';
import { describeNestedMachine, type NestedMachine } from './aws/sfn';
import { type HandlerMap } from './local/handlers';
import { type Liveness, runLive } from './liveness';

/** What the activities need from the deployment. */
export interface ActivityDeps {
  /** Local function handlers, by function name. */
  readonly handlers: HandlerMap;
  /** How long a local function may run when the Task sets no TimeoutSeconds. */
  readonly functionTimeoutMs?: number;
  /** Region, endpoints and credentials for AWS calls (default: the SDK's environment and provider chain). */
  readonly aws?: AwsSettings;
  /** Call real Lambda for functions with no local handler (default true). */
  readonly realLambda?: boolean;
  /** How long `.sync` integrations wait between polls (default 5 s). */
  readonly pollIntervalMs?: number;
  /** Machines that `states:startExecution` may start, by name (else DescribeStateMachine is asked). */
  readonly stateMachines?: Readonly<Record<string, StateMachine>>;
}

/** A request to run a function by name or ARN with a JSON payload. */
export interface InvokeFunctionRequest {
  readonly functionName: string;
  readonly payload: unknown;
}

/**
 * A Task result over 256 KiB fails here with the interpreter's own States.DataLimitExceeded, so it never rides back
 * to the workflow: Temporal refuses a payload over 2 MiB, and every byte returned is kept in the history.
 */
function withinResultQuota(request: TaskRequest, result: unknown): unknown {
  if (result !== undefined && exceedsPayloadQuota(result as Json)) {
    const error = resultTooLarge(taskResultSource(request.resource));
    throw aslFailure(error.error, error.causeText);
  }
  return result;
}

/** Creates the activities the worker registers. */
export function createActivities(deps: ActivityDeps) {
  const clients = new AwsClients(deps.aws);
  const runner: FunctionRunner = {
    handlers: deps.handlers,
    clients,
    realLambda: deps.realLambda,
    defaultTimeoutMs: deps.functionTimeoutMs,
  };

  /** Routes a Task's Resource to the function or service it names. */
  async function runTask(request: TaskRequest, live: Liveness): Promise<unknown> {
    const timeoutMs = request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : undefined;
    const route = routeResource(request.resource);
    switch (route.kind) {
      case 'lambda-function':
        return (await runFunction(runner, route.functionArn, request.parameters, timeoutMs)).payload;
      case 'service':
        return runServiceCall(
          {
            stateName: request.stateName,
            service: route.service,
            action: route.action,
            pattern: route.pattern,
            parameters: request.parameters,
            credentials: request.credentials,
            timeoutMs,
            execution: request.execution,
          },
          {
            clients,
            heartbeat: live.heartbeat,
            sleep: live.sleep,
            pollIntervalMs: deps.pollIntervalMs ?? 5_000,
            invokeFunction: (name, payload) => runFunction(runner, name, payload, timeoutMs),
          },
        );
      case 'activity':
      case 'unknown':
        throw aslFailure(
          'States.Runtime',
          `The Task '${request.stateName}' uses the resource ${request.resource}, which asl-temporal cannot run. ` +
            'Use a Lambda function ARN or an arn:aws:states::: service integration.',
        );
    }
  }

  return {
    /** Reads one page of a Distributed Map's ItemReader source in S3. */
    readItems: (request: ItemReadRequest) => runLive({}, () => readItemsPage(clients, request)),
    /** Puts one Distributed Map ResultWriter object (a result file or the manifest) in S3. */
    writeResults: (request: ResultWriteRequest) => runLive({}, () => writeResultObject(clients, request)),
    /** Runs a Lambda-style function (local handler, else real Lambda) and returns its result. */
    invokeFunction(request: InvokeFunctionRequest): Promise<unknown> {
      return runLive(
        {},
        async () => (await runFunction(runner, request.functionName, request.payload as Json)).payload,
      );
    },

    /** Finds and validates the machine a `states:startExecution` Task starts as a child workflow. */
    describeStateMachine(request: { stateMachineArn: string; stateName: string }): Promise<NestedMachine> {
      return runLive({}, () => describeNestedMachine({ machines: deps.stateMachines, clients }, request));
    },

    /** Runs one ASL Task: routes its Resource to the function or service it names. */
    runTask(request: TaskRequest): Promise<unknown> {
      return runLive({ heartbeatSeconds: request.heartbeatSeconds }, async (live) =>
        withinResultQuota(request, await runTask(request, live)),
      );
    },
  };
}

/** The activity interface, for `proxyActivities<Activities>` in workflows (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;
