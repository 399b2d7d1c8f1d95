import {
  BatchClient,
  DescribeJobsCommand,
  SubmitJobCommand,
  type SubmitJobCommandInput,
  type SubmitJobCommandOutput,
  TerminateJobCommand,
} from '@aws-sdk/client-batch';
import { type Json } from '../../src/asl/types';
import { aslFailure, serviceFailure } from '../errors';
import { pollJob } from './poll';
import {
  fromSdkOutput,
  listItemSchema,
  operationSchemas,
  schemaReaderFor,
  toSdkInput,
  withPascalSdkMetadata,
} from './sdk-shapes';
import { parametersOf, type ServiceCall, type ServiceContext, syncOnly, unsupportedAction } from './service';

const PACKAGE = '@aws-sdk/client-batch';

/** The environment variable Step Functions adds to the container of a job a `.sync` state submits. */
export const BATCH_MANAGED_BY = { Name: 'MANAGED_BY_AWS', Value: 'STARTED_BY_STEP_FUNCTIONS' } as const;

function batchFailure(err: unknown) {
  return serviceFailure('Batch', 'AWSBatch', err);
}

/**
 * `arn:aws:states:::batch:submitJob[.sync|.waitForTaskToken]`. Request-response (and task token) returns
 * SubmitJob's response with the SDK metadata; `.sync` polls DescribeJobs until the job is SUCCEEDED (its
 * description is the output) or FAILED (`States.TaskFailed`, the description as the cause).
 */
export async function batchCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'submitJob') throw unsupportedAction(call, ['submitJob']);
  if (call.pattern === 'sync:2') throw syncOnly(call);
  const params = parametersOf(call);
  const sync = call.pattern === 'sync';
  const read = schemaReaderFor(PACKAGE);
  const schemas = operationSchemas(read, new SubmitJobCommand({} as SubmitJobCommandInput));
  const client = ctx.clients.get(BatchClient, 'batch', call.credentials);
  let response: SubmitJobCommandOutput;
  try {
    const request = toSdkInput(schemas.input, sync ? withManagedByEnvironment(params) : params);
    response = await client.send(new SubmitJobCommand(request as SubmitJobCommandInput));
  } catch (err) {
    throw batchFailure(err);
  }
  if (!sync) return withPascalSdkMetadata(schemas.output, response);
  const jobId = response.jobId ?? '';
  const job = await pollJob(ctx, {
    check: async () => {
      let out;
      try {
        out = await client.send(new DescribeJobsCommand({ jobs: [jobId] }));
      } catch (err) {
        throw batchFailure(err);
      }
      const detail = out.jobs?.[0];
      if (!detail) throw aslFailure('States.TaskFailed', `Batch no longer describes the job ${jobId}.`);
      return detail.status === 'SUCCEEDED' || detail.status === 'FAILED' ? detail : undefined;
    },
    onCancel: async () => {
      await client.send(
        new TerminateJobCommand({ jobId, reason: 'Terminated by the state machine (asl-temporal)' }),
      );
    },
  });
  const { output: describeOutput } = operationSchemas(read, new DescribeJobsCommand({ jobs: [] }));
  const described = await fromSdkOutput(listItemSchema(describeOutput, 'jobs'), job);
  if (job.status === 'FAILED') throw aslFailure('States.TaskFailed', JSON.stringify(described));
  return described;
}

/** The Parameters with Step Functions' MANAGED_BY_AWS variable added to `ContainerOverrides.Environment`. */
function withManagedByEnvironment(params: Record<string, Json>): Record<string, Json> {
  const overrides = (params.ContainerOverrides ?? {}) as Record<string, Json>;
  const environment = Array.isArray(overrides.Environment) ? overrides.Environment : [];
  return {
    ...params,
    ContainerOverrides: { ...overrides, Environment: [...environment, { ...BATCH_MANAGED_BY }] },
  };
}
