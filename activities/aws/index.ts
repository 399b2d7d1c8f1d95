import { type Json } from '../../src/asl/types';
import { aslFailure } from '../errors';
import { apiGatewayCall } from './apigateway';
import { batchCall } from './batch';
import { dynamodbCall } from './dynamodb';
import { ecsCall } from './ecs';
import { eventBridgeCall } from './eventbridge';
import { httpInvokeCall } from './http';
import { lambdaInvokeCall } from './lambda';
import { s3Call } from './s3';
import { sdkCall } from './sdk';
import { type ServiceCall, type ServiceContext } from './service';
import { snsCall } from './sns';
import { sqsCall } from './sqs';

/** The services with optimized integrations, by the service part of `arn:aws:states:::<service>:<action>`. */
export const OPTIMIZED_SERVICES = [
  'lambda',
  'dynamodb',
  'sqs',
  'sns',
  'events',
  's3',
  'apigateway',
  'http',
  'ecs',
  'batch',
] as const;

/**
 * Runs one service call for a Task: the optimized integrations by service, and `aws-sdk:<service>` through the
 * matching `@aws-sdk/client-*`. The `.waitForTaskToken` pattern arrives here as a plain request-response call (the
 * workflow does the waiting).
 */
export async function runServiceCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.service.startsWith('aws-sdk:')) return sdkCall(call, ctx);
  switch (call.service) {
    case 'lambda':
      return lambdaInvokeCall(call, ctx);
    case 'dynamodb':
      return dynamodbCall(call, ctx);
    case 'sqs':
      return sqsCall(call, ctx);
    case 'sns':
      return snsCall(call, ctx);
    case 'events':
      return eventBridgeCall(call, ctx);
    case 's3':
      return s3Call(call, ctx);
    case 'ecs':
      return ecsCall(call, ctx);
    case 'batch':
      return batchCall(call, ctx);
    case 'apigateway':
      return apiGatewayCall(call, ctx);
    case 'http':
      return httpInvokeCall(call, ctx);
    default:
      throw aslFailure(
        'States.Runtime',
        `The Task '${call.stateName}' uses arn:aws:states:::${call.service}:${call.action}, which asl-temporal ` +
          `does not run. Optimized integrations: ${OPTIMIZED_SERVICES.join(', ')}; any other AWS API through ` +
          `arn:aws:states:::aws-sdk:<service>:<action>.`,
      );
  }
}
