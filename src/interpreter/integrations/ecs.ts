/** ECS runTask (AWS: connect-ecs). */
import type { StructureShape } from './shapes';

/** The RunTask request. */
export const ECS_RUN_TASK: StructureShape = {
  fields: {
    Cluster: 'string',
    TaskDefinition: 'string',
    Count: 'integer',
    Group: 'string',
    LaunchType: 'string',
    PlatformVersion: 'string',
    PropagateTags: 'string',
    ReferenceId: 'string',
    StartedBy: 'string',
    EnableECSManagedTags: 'boolean',
    EnableExecuteCommand: 'boolean',
    NetworkConfiguration: 'object',
    Overrides: 'object',
    CapacityProviderStrategy: 'list',
    PlacementConstraints: 'list',
    PlacementStrategy: 'list',
    Tags: 'list',
  },
};
