/**
 * The step between a Task's Parameters (or Arguments) and its call: Step Functions reads them into the optimized
 * integration's request and, when it cannot, fails the state with `States.Runtime` before anything is scheduled:
 * "The Parameters '<json>' could not be used to start the Task: [<reasons>]" (the reasons as a Java list prints
 * them). Lambda functions by ARN, activities and `aws-sdk:` integrations take their input as it is.
 */
import { assertNever, type Json } from '../../asl/types';
import { type ResourceRoute, routeResource } from '../../asl/resource-route';
import { runtimeError } from '../../dataflow/errors';
import { isJsonObject, toJsonText } from '../../dataflow/json';
import { API_GATEWAY_INVOKE } from './apigateway';
import { BATCH_SUBMIT_JOB } from './batch';
import { DYNAMODB_ITEM_ACTION } from './dynamodb';
import { ECS_RUN_TASK } from './ecs';
import { EVENTS_PUT_EVENTS } from './events';
import { httpInvokeProblems } from './http';
import { LAMBDA_INVOKE } from './lambda';
import { S3_OBJECT_ACTION } from './s3';
import { shapeProblems, type StructureShape } from './shapes';
import { SNS_PUBLISH } from './sns';
import { SQS_SEND_MESSAGE } from './sqs';
import { STATES_START_EXECUTION } from './states';

/** The request model of each optimized integration, by `service:action`. */
const REQUESTS: Readonly<Record<string, StructureShape>> = {
  'lambda:invoke': LAMBDA_INVOKE,
  'apigateway:invoke': API_GATEWAY_INVOKE,
  'dynamodb:getItem': DYNAMODB_ITEM_ACTION,
  'dynamodb:putItem': DYNAMODB_ITEM_ACTION,
  'dynamodb:updateItem': DYNAMODB_ITEM_ACTION,
  'dynamodb:deleteItem': DYNAMODB_ITEM_ACTION,
  'sqs:sendMessage': SQS_SEND_MESSAGE,
  'sns:publish': SNS_PUBLISH,
  'events:putEvents': EVENTS_PUT_EVENTS,
  's3:getObject': S3_OBJECT_ACTION,
  's3:putObject': S3_OBJECT_ACTION,
  's3:listObjectsV2': S3_OBJECT_ACTION,
  'ecs:runTask': ECS_RUN_TASK,
  'batch:submitJob': BATCH_SUBMIT_JOB,
  'states:startExecution': STATES_START_EXECUTION,
};

// Routes by Resource text: three regular expressions per Task call otherwise, for a value fixed in the definition.
const routes = new Map<string, ResourceRoute>();

function routeOf(resource: string): ResourceRoute {
  let route = routes.get(resource);
  if (!route) {
    route = routeResource(resource);
    routes.set(resource, route);
  }
  return route;
}

/** Why the parameters cannot start the integration's Task; empty when they can (or it is not one we model). */
export function taskParameterProblems(resource: string, parameters: Json): string[] {
  const route = routeOf(resource);
  if (route.kind !== 'service' || !isJsonObject(parameters)) return [];
  const key = `${route.service}:${route.action}`;
  if (key === 'http:invoke') return httpInvokeProblems(parameters);
  const shape = REQUESTS[key];
  return shape ? shapeProblems(shape, parameters) : [];
}

/** Fails with AWS's `States.Runtime` when the parameters cannot start the Task (the interpreter adds the state). */
export function checkTaskParameters(resource: string, parameters: Json): void {
  const problems = taskParameterProblems(resource, parameters);
  if (problems.length > 0) {
    throw runtimeError(
      `The Parameters '${toJsonText(parameters)}' could not be used to start the Task: [${problems.join(', ')}]`,
    );
  }
}

/**
 * What AWS names in a Task's "returned a result with a size exceeding" message: the function's or activity's ARN,
 * or the integration's service (`lambda`, `dynamodb`, `aws-sdk:s3`), as its history events name the resource type.
 */
export function taskResultSource(resource: string): string {
  const route = routeResource(resource);
  switch (route.kind) {
    case 'lambda-function':
      return route.functionArn;
    case 'activity':
      return route.activityArn;
    case 'service':
      return route.service;
    case 'unknown':
      return route.resource;
    default:
      return assertNever(route, 'resource route');
  }
}
