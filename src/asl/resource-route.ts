/** What a Task's Resource ARN asks for, as far as routing needs to know. */
export type ResourceRoute =
  | { readonly kind: 'lambda-function'; readonly functionArn: string }
  | {
      readonly kind: 'service';
      readonly service: string;
      readonly action: string;
      readonly pattern: IntegrationPattern;
    }
  | { readonly kind: 'activity'; readonly activityArn: string }
  | { readonly kind: 'unknown'; readonly resource: string };

/** How a service integration waits: request-response, run a job (.sync), or wait for a task token. */
export type IntegrationPattern = 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';

const LAMBDA_FUNCTION = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const SERVICE =
  /^arn:[^:]+:states:[^:]*:[^:]*:([a-z0-9-]+(?::[a-z0-9-]+)?):([A-Za-z0-9]+)(?:\.(sync:2|sync|waitForTaskToken))?$/;
const ACTIVITY = /^arn:[^:]+:states:[^:]*:[^:]*:activity:.+$/;

/** Classifies a Task's Resource ARN. */
export function routeResource(resource: string): ResourceRoute {
  if (LAMBDA_FUNCTION.test(resource)) return { kind: 'lambda-function', functionArn: resource };
  if (ACTIVITY.test(resource)) return { kind: 'activity', activityArn: resource };
  const match = SERVICE.exec(resource);
  if (match) {
    const pattern: IntegrationPattern =
      match[3] === 'sync'
        ? 'sync'
        : match[3] === 'sync:2'
          ? 'sync:2'
          : match[3] === 'waitForTaskToken'
            ? 'waitForTaskToken'
            : 'request-response';
    return { kind: 'service', service: match[1], action: match[2], pattern };
  }
  return { kind: 'unknown', resource };
}
