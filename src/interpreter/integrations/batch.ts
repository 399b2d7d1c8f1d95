/** Batch submitJob (AWS: connect-batch). */
import type { StructureShape } from './shapes';

/** The SubmitJob request. */
export const BATCH_SUBMIT_JOB: StructureShape = {
  fields: {
    JobName: 'string',
    JobQueue: 'string',
    JobDefinition: 'string',
    ShareIdentifier: 'string',
    SchedulingPriorityOverride: 'integer',
    ArrayProperties: 'object',
    ContainerOverrides: 'object',
    EksPropertiesOverride: 'object',
    NodeOverrides: 'object',
    Parameters: 'object',
    RetryStrategy: 'object',
    Tags: 'object',
    Timeout: 'object',
    DependsOn: 'list',
    PropagateTags: 'boolean',
  },
};
