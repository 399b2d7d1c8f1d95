/**
 * Task resources: Lambda function ARNs, activity ARNs and `arn:aws:states:::service:action[.pattern]` integrations,
 * checked as AWS checks them; EXPRESS machines may not wait (`.sync`, `.waitForTaskToken`, activities).
 */
import { error, pointer, warning } from './diagnostics';
import { field, isObject, type StateSite, type ValidationContext } from './validate-context';

/** How an integration may be called: plain request-response, `.sync` (run a job), `.waitForTaskToken`. */
interface Integration {
  readonly actions: readonly string[];
  readonly sync?: boolean;
  readonly token?: boolean;
}

/**
 * The optimized integrations Step Functions recognises, by service. A service not listed here is reported as a
 * warning (we cannot vouch for it); an unknown action of a listed service is an error, as AWS reports.
 */
const INTEGRATIONS: Readonly<Record<string, Integration>> = {
  lambda: { actions: ['invoke'], token: true },
  batch: { actions: ['submitJob'], sync: true, token: true },
  dynamodb: { actions: ['getItem', 'putItem', 'updateItem', 'deleteItem'] },
  ecs: { actions: ['runTask'], sync: true, token: true },
  sns: { actions: ['publish'], token: true },
  sqs: { actions: ['sendMessage'], token: true },
  glue: { actions: ['startJobRun'], sync: true, token: true },
  databrew: { actions: ['startJobRun'], sync: true },
  states: { actions: ['startExecution'], sync: true, token: true },
  events: { actions: ['putEvents'], token: true },
  apigateway: { actions: ['invoke'], token: true },
  http: { actions: ['invoke'] },
  athena: {
    actions: ['startQueryExecution', 'stopQueryExecution', 'getQueryExecution', 'getQueryResults'],
    sync: true,
  },
  codebuild: {
    actions: [
      'startBuild',
      'stopBuild',
      'batchDeleteBuilds',
      'batchGetReports',
      'startBuildBatch',
      'stopBuildBatch',
      'retryBuildBatch',
      'deleteBuildBatch',
    ],
    sync: true,
  },
  eks: {
    actions: [
      'createCluster',
      'deleteCluster',
      'createFargateProfile',
      'deleteFargateProfile',
      'createNodegroup',
      'deleteNodegroup',
      'runJob',
      'call',
    ],
    sync: true,
  },
  elasticmapreduce: {
    actions: [
      'createCluster',
      'terminateCluster',
      'addStep',
      'cancelStep',
      'setClusterTerminationProtection',
      'modifyInstanceFleetByName',
      'modifyInstanceGroupByName',
    ],
    sync: true,
  },
  'emr-containers': { actions: ['startJobRun', 'createVirtualCluster', 'deleteVirtualCluster'], sync: true },
  'emr-serverless': {
    actions: [
      'createApplication',
      'startApplication',
      'stopApplication',
      'deleteApplication',
      'startJobRun',
      'cancelJobRun',
    ],
    sync: true,
  },
  sagemaker: {
    actions: [
      'createEndpoint',
      'createEndpointConfig',
      'createHyperParameterTuningJob',
      'createLabelingJob',
      'createModel',
      'createProcessingJob',
      'createTrainingJob',
      'createTransformJob',
      'updateEndpoint',
    ],
    sync: true,
  },
  mediaconvert: { actions: ['createJob'], sync: true },
  bedrock: { actions: ['invokeModel', 'createModelCustomizationJob'], sync: true },
  s3: { actions: ['getObject', 'listObjectsV2', 'putObject'] },
};

const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const ARN = new RegExp(`^arn:${PARTITION}:([a-z0-9-]+):([a-z0-9-]*):([0-9]*):(.+)$`);
const LAMBDA_FUNCTION = /^function:([A-Za-z0-9_-]{1,140})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const STATES_INTEGRATION = /^([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(sync(?::2)?|waitForTaskToken))?$/;
const SDK_INTEGRATION = /^aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(waitForTaskToken))?$/;

/** The CloudFormation intrinsics a template may put where AWS later sees an ARN. */
const CFN_INTRINSICS = [
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::ImportValue',
  'Fn::If',
  'Fn::FindInMap',
];

/** Checks every Task's Resource, and the Map ItemReader/ResultWriter resources. */
export function validateResources(ctx: ValidationContext): void {
  for (const site of ctx.states) {
    if (!site.value) continue;
    if (site.type === 'Task') checkTaskResource(ctx, site, site.value.Resource);
    if (site.type === 'Map') {
      for (const key of ['ItemReader', 'ResultWriter']) {
        const resource = field(site.value[key], 'Resource');
        if (typeof resource === 'string')
          checkS3Resource(ctx, pointer(site.location, key, 'Resource'), resource);
      }
    }
  }
}

function checkTaskResource(ctx: ValidationContext, site: StateSite, resource: unknown): void {
  const location = pointer(site.location, 'Resource');
  if (isObject(resource)) {
    const keys = Object.keys(resource);
    if (keys.length === 1 && CFN_INTRINSICS.includes(keys[0])) {
      ctx.report(
        warning(
          'UNRESOLVED_TEMPLATE',
          location,
          `The Resource is a CloudFormation ${keys[0]}: deploy or resolve the template first`,
        ),
      );
    } else {
      ctx.report(
        error('SCHEMA_VALIDATION_FAILED', location, 'expected a resource ARN string but got an object'),
      );
    }
    return;
  }
  if (typeof resource !== 'string') return;
  if (/\$\{[^}]*\}/.test(resource)) {
    ctx.report(
      warning(
        'UNRESOLVED_TEMPLATE',
        location,
        `The Resource "${resource}" has a \${...} placeholder: pass substitutions`,
      ),
    );
    return;
  }
  const arn = ARN.exec(resource);
  if (!arn) {
    ctx.report(error('INVALID_RESOURCE', location, `The resource "${resource}" is not a valid ARN`));
    return;
  }
  const [, , service, , , rest] = arn;
  if (service === 'lambda') {
    if (!LAMBDA_FUNCTION.test(rest)) {
      ctx.report(
        error('INVALID_RESOURCE', location, `The resource "${resource}" is not a valid Lambda function ARN`),
      );
    }
    return;
  }
  if (service !== 'states') {
    ctx.report(
      warning(
        'UNRECOGNIZED_RESOURCE',
        location,
        `The resource "${resource}" is not a Lambda, activity or integration ARN`,
      ),
    );
    return;
  }
  if (rest.startsWith('activity:')) {
    if (!/^activity:[^:\s]{1,80}$/.test(rest)) {
      ctx.report(
        error('INVALID_RESOURCE', location, `The resource "${resource}" is not a valid activity ARN`),
      );
    } else if (site.scope.executionType === 'EXPRESS') {
      ctx.report(
        error('SCHEMA_VALIDATION_FAILED', location, 'Express state machine does not support activities'),
      );
    }
    return;
  }
  checkIntegration(ctx, site, location, resource, rest);
}

function checkIntegration(
  ctx: ValidationContext,
  site: StateSite,
  location: string,
  resource: string,
  rest: string,
): void {
  const express = site.scope.executionType === 'EXPRESS';
  const sdk = SDK_INTEGRATION.exec(rest);
  if (sdk) {
    if (express && sdk[3]) {
      ctx.report(
        error(
          'SCHEMA_VALIDATION_FAILED',
          location,
          "Express state machine does not support '.waitForTaskToken' service integration",
        ),
      );
    }
    return;
  }
  const unrecognized = `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;
  const match = STATES_INTEGRATION.exec(rest);
  if (!match) {
    ctx.report(error('INVALID_RESOURCE', location, unrecognized));
    return;
  }
  const [, service, action, pattern] = match;
  const integration = Object.hasOwn(INTEGRATIONS, service) ? INTEGRATIONS[service] : undefined;
  if (!integration) {
    ctx.report(
      warning('UNRECOGNIZED_RESOURCE', location, `"${service}" is not an optimized integration we know of`),
    );
  } else if (!integration.actions.includes(action)) {
    ctx.report(error('INVALID_RESOURCE', location, unrecognized));
    return;
  } else if (pattern?.startsWith('sync') && !integration.sync) {
    ctx.report(
      error('INVALID_RESOURCE', location, `${service}:${action} does not support the '.sync' pattern`),
    );
  } else if (pattern === 'waitForTaskToken' && !integration.token) {
    ctx.report(
      error(
        'INVALID_RESOURCE',
        location,
        `${service}:${action} does not support the '.waitForTaskToken' pattern`,
      ),
    );
  }
  if (express && pattern) {
    const suffix = pattern.startsWith('sync') ? '.sync' : '.waitForTaskToken';
    ctx.report(
      error(
        'SCHEMA_VALIDATION_FAILED',
        location,
        `Express state machine does not support '${suffix}' service integration`,
      ),
    );
  }
}

function checkS3Resource(ctx: ValidationContext, location: string, resource: string): void {
  if (/\$\{[^}]*\}/.test(resource)) return;
  const arn = ARN.exec(resource);
  if (!arn || arn[2] !== 'states' || !/^(s3:[A-Za-z0-9]+|aws-sdk:s3:[A-Za-z0-9]+)$/.test(arn[5])) {
    ctx.report(
      error(
        'INVALID_RESOURCE',
        location,
        `The resource "${resource}" is not an S3 integration ARN (arn:aws:states:::s3:...)`,
      ),
    );
  }
}
