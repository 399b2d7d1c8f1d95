/**
 * The HTTP Task's request (`http:invoke`, AWS: call-https-apis): the endpoint, the method and the EventBridge
 * connection, as `Authentication.ConnectionArn` (or `InvocationConfig.ConnectionArn` for private APIs), are required.
 */
import type { JsonObject } from '../../asl/types';
import { isJsonObject } from '../../dataflow/json';
import { requiredMissing, shapeProblems, type StructureShape } from './shapes';

const CONNECTION: StructureShape = { fields: { ConnectionArn: 'string' }, required: ['ConnectionArn'] };

/** The invoke request Step Functions reads from the Task's Parameters (the connection checked apart). */
export const HTTP_INVOKE: StructureShape = {
  fields: {
    ApiEndpoint: 'string',
    Method: { oneOf: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] },
    Authentication: CONNECTION,
    InvocationConfig: CONNECTION,
    Headers: 'object',
    QueryParameters: 'object',
    RequestBody: 'json',
    Transform: {
      fields: {
        RequestBodyEncoding: { oneOf: ['NONE', 'URL_ENCODED'] },
        RequestEncodingOptions: {
          fields: { ArrayFormat: { oneOf: ['INDICES', 'REPEAT', 'COMMAS', 'BRACKETS'] } },
        },
      },
    },
  },
  required: ['ApiEndpoint', 'Method'],
};

/** The HTTP Task's problems: its model's, and a connection given neither way. */
export function httpInvokeProblems(request: JsonObject): string[] {
  const problems = shapeProblems(HTTP_INVOKE, request);
  const connected = [request.Authentication, request.InvocationConfig].some((c) => isJsonObject(c));
  if (!connected) problems.push(requiredMissing('Authentication'));
  return problems;
}
