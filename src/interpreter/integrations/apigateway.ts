/**
 * `apigateway:invoke`'s request (AWS: connect-api-gateway): Headers and QueryParameters are maps of string lists
 * (a bare string value "has an invalid format", as AWS reports for `{"TaskToken": "..."}`), Method and AuthType
 * are enumerations.
 */
import type { StructureShape } from './shapes';

/** The methods API Gateway's integration accepts. */
export const API_GATEWAY_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/** The invoke request Step Functions reads from the Task's Parameters. */
export const API_GATEWAY_INVOKE: StructureShape = {
  fields: {
    ApiEndpoint: 'string',
    Method: { oneOf: API_GATEWAY_METHODS },
    Headers: 'stringLists',
    Stage: 'string',
    Path: 'string',
    QueryParameters: 'stringLists',
    RequestBody: 'json',
    AllowNullValues: 'boolean',
    AuthType: { oneOf: ['NO_AUTH', 'IAM_ROLE', 'RESOURCE_POLICY'] },
  },
  required: ['ApiEndpoint', 'Method'],
};
