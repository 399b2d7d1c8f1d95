import { type TaskRequest } from '../src/interpreter/runtime';
import { functionErrorFailure, functionNameOf, type HandlerMap, invokeHandler } from './local/handlers';
import { aslFailure } from './errors';
import { routeResource } from './resources';

/** What the activities need from the deployment. */
export interface ActivityDeps {
  /** Local function handlers, by function name. */
  readonly handlers: HandlerMap;
  /** How long a local function may run when the Task sets no TimeoutSeconds. */
  readonly functionTimeoutMs?: number;
}

/** A request to run a function by name or ARN with a JSON payload. */
export interface InvokeFunctionRequest {
  readonly functionName: string;
  readonly payload: unknown;
}

/** Creates the activities the worker registers. */
export function createActivities(deps: ActivityDeps) {
  async function invokeFunction(request: InvokeFunctionRequest, timeoutMs?: number): Promise<unknown> {
    const name = functionNameOf(request.functionName);
    const handler = deps.handlers[name];
    if (!handler) {
      throw aslFailure(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${request.functionName}. Register a local handler named "${name}" ` +
          `(known: ${Object.keys(deps.handlers).join(', ') || 'none'}).`,
      );
    }
    const result = await invokeHandler(
      handler,
      request.functionName,
      request.payload,
      timeoutMs ?? deps.functionTimeoutMs ?? 300_000,
    );
    if (result.kind === 'function-error') throw functionErrorFailure(result);
    return result.value;
  }

  return {
    /** Runs a Lambda-style function (local handler) and returns its result, or fails with its error type. */
    invokeFunction: (request: InvokeFunctionRequest) => invokeFunction(request),

    /** Runs one ASL Task: routes its Resource to the function or service it names. */
    async runTask(request: TaskRequest): Promise<unknown> {
      const timeoutMs = request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : undefined;
      const route = routeResource(request.resource);
      switch (route.kind) {
        case 'lambda-function':
          return invokeFunction({ functionName: route.functionArn, payload: request.parameters }, timeoutMs);
        case 'lambda-invoke': {
          const params = (request.parameters ?? {}) as { FunctionName?: unknown; Payload?: unknown };
          if (typeof params.FunctionName !== 'string') {
            throw aslFailure(
              'States.Runtime',
              `The Task '${request.stateName}' calls lambda:invoke without a FunctionName string in its Parameters.`,
            );
          }
          const payload = await invokeFunction(
            { functionName: params.FunctionName, payload: params.Payload ?? null },
            timeoutMs,
          );
          // The response shape of Step Functions' optimized Lambda integration.
          return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
        }
        case 'service':
        case 'activity':
        case 'unknown':
          throw aslFailure(
            'States.Runtime',
            `The Task '${request.stateName}' uses the resource ${request.resource}, which asl-temporal cannot run yet. ` +
              'Supported now: Lambda functions (local handlers) and arn:aws:states:::lambda:invoke.',
          );
      }
    },
  };
}

/** The activity interface, for `proxyActivities<Activities>` in workflows (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;
