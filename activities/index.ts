import { functionErrorFailure, functionNameOf, type HandlerMap, invokeHandler } from './local/handlers';
import { aslFailure } from './errors';

/** What the activities need from the deployment. */
export interface ActivityDeps {
  /** Local function handlers, by function name. */
  readonly handlers: HandlerMap;
  /** How long a local function may run (Lambda's default is 3 s; ours is generous). */
  readonly functionTimeoutMs?: number;
}

/** A request to run a function by name or ARN with a JSON payload. */
export interface InvokeFunctionRequest {
  readonly functionName: string;
  readonly payload: unknown;
}

/** Creates the activities the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Runs a Lambda-style function (local handler) and returns its result, or fails with its error type. */
    async invokeFunction(request: InvokeFunctionRequest): Promise<unknown> {
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
        deps.functionTimeoutMs ?? 300_000,
      );
      if (result.kind === 'function-error') throw functionErrorFailure(result);
      return result.value;
    },
  };
}

/** The activity interface, for `proxyActivities<Activities>` in workflows (imported as a type only). */
export type Activities = ReturnType<typeof createActivities>;
