import { ExecutionError } from '../../src/asl/errors';
import { type Json } from '../../src/asl/types';
import { TaskMocker, type TaskMocks } from '../../src/interpreter/mocks';
import { type TaskRequest } from '../../src/interpreter/runtime';
import { asExecution, failWith, withCatch } from './lib';
import { lambdaTask } from './lambda-task';
import { runTask } from './service-task';

/** The API Gateway integration's Resource. */
export const API_GATEWAY_INVOKE = 'arn:aws:states:::apigateway:invoke';

/** The orders API of the example (an `execute-api` host, as the seed writes it). */
export const ORDERS_API_ENDPOINT = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com';

/** The Lambda function behind ProcessResponse. */
export const PROCESS_RESPONSE_FUNCTION = 'process-response';

/** Where the workflow sends its request, or what answers it instead. */
export interface ApiGatewayIntegrationOptions {
  /** Overrides the API's endpoint, e.g. `http://127.0.0.1:<port>` for a local stand-in. */
  readonly apiEndpoint?: string;
  /**
   * Mocked Task responses by state name, in the form the generic workflow's `mocks` input takes (read from an
   * AWS Step Functions Local mock config): a mocked InvokeAPI schedules no activity, as on the generic workflow.
   */
  readonly mocks?: TaskMocks;
}

type JsonObject = { [key: string]: Json };

/** What apigateway:invoke returns, as far as this pattern reads it. */
interface InvokeOutput {
  readonly StatusCode: Json;
  readonly ResponseBody: Json;
}

/** Runs InvokeAPI: from the mocks when they answer it, else through the same activity the ASL Task runs. */
async function invokeApi(request: TaskRequest, mocker: TaskMocker): Promise<InvokeOutput> {
  if (!mocker.handles(request)) return (await runTask(request)) as InvokeOutput;
  try {
    return mocker.respond(request) as unknown as InvokeOutput;
  } catch (err) {
    // A mocked Throw is the Task's own failure: the error name and cause travel as an ApplicationFailure.
    if (err instanceof ExecutionError) throw failWith({ error: err.error, cause: err.causeText });
    throw err;
  }
}

/**
 * The seed's API Gateway pattern as Temporal code: InvokeAPI POSTs the order's id and items to the orders API
 * (signed, AuthType IAM_ROLE) and keeps the status code and body in `api`; ProcessResponse (Lambda) acts on it. An
 * `ApiGateway.500` is caught and the order marked PENDING; any other failure fails the execution.
 * Same as `examples/api-gateway-integration`.
 */
export function apiGatewayIntegration(
  order: JsonObject,
  options: ApiGatewayIntegrationOptions = {},
): Promise<Json> {
  return asExecution(async () => {
    const request: TaskRequest = {
      stateName: 'InvokeAPI',
      resource: API_GATEWAY_INVOKE,
      parameters: {
        ApiEndpoint: options.apiEndpoint ?? ORDERS_API_ENDPOINT,
        Method: 'POST',
        Path: '/orders',
        RequestBody: { orderId: order.orderId, items: order.items },
        AuthType: 'IAM_ROLE',
      },
    };
    const processResponse = (response: InvokeOutput) => {
      // ResultSelector, then ResultPath $.api.
      const payload = { ...order, api: { statusCode: response.StatusCode, body: response.ResponseBody } };
      return lambdaTask(PROCESS_RESPONSE_FUNCTION, payload) as Promise<Json>;
    };
    const markPending = (failed: Json) => {
      const { orderId, apiError } = failed as { orderId: Json; apiError: { Error: string } };
      return Promise.resolve<Json>({ orderId, status: 'PENDING', reason: apiError.Error });
    };
    return withCatch(
      () => invokeApi(request, new TaskMocker(options.mocks ?? {})),
      [{ errorEquals: ['ApiGateway.500'], resultPath: '$.apiError', next: markPending }],
      { input: order, next: processResponse },
    );
  });
}
