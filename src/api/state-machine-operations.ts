/** The state machine operations: Create, Describe, List, Update, Delete, and ValidateStateMachineDefinition. */
import { randomUUID } from 'node:crypto';
import { type ResourceTag, type StateMachineRecord } from '../../workflows/state-machine-entity';
import { checkName, parseStateMachineArn, stateMachineArn } from './arn';
import { type ApiContext, type Operation } from './context';
import { checkDefinition, machineOf } from './definitions';
import { ApiError, invalidMember } from './errors';
import { type ApiRequest, epochSeconds, optionalString, page, requiredString } from './request';

const TYPES = ['STANDARD', 'EXPRESS'] as const;

/** A request's `tags` ([{key, value}]), checked as AWS checks them. */
export function tagsOf(request: ApiRequest, member = 'tags'): ResourceTag[] {
  const value = request[member];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidMember(member, 'Member must be a list');
  return value.map((tag: unknown) => {
    const { key, value: v } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
      throw invalidMember(`${member}.member.key`, 'Member must have length between 1 and 128');
    }
    if (v !== undefined && (typeof v !== 'string' || v.length > 256)) {
      throw invalidMember(`${member}.member.value`, 'Member must have length less than or equal to 256');
    }
    return { key, value: (v as string | undefined) ?? '' };
  });
}

/** The machine an ARN names, or StateMachineDoesNotExist. */
export async function existingMachine(arn: unknown, context: ApiContext): Promise<StateMachineRecord> {
  const name = parseStateMachineArn(arn);
  const record = await context.machines.get(name);
  if (!record) {
    throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
  }
  return record;
}

/** Step Functions' defaults for a machine created without them. */
export function loggingOf(record: StateMachineRecord): unknown {
  return record.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false };
}

/** Step Functions' default tracing configuration. */
export function tracingOf(record: StateMachineRecord): unknown {
  return record.tracingConfiguration ?? { enabled: false };
}

const createStateMachine: Operation = async (request, context) => {
  const name = checkName(requiredString(request, 'name'));
  const definition = requiredString(request, 'definition');
  const roleArn = requiredString(request, 'roleArn');
  const type = optionalString(request, 'type') ?? 'STANDARD';
  if (!(TYPES as readonly string[]).includes(type)) {
    throw invalidMember('type', 'Member must satisfy enum value set: [STANDARD, EXPRESS]');
  }
  machineOf(definition);
  const record: StateMachineRecord = {
    name,
    definition,
    roleArn,
    type: type as StateMachineRecord['type'],
    creationDate: Date.now(),
    revisionId: randomUUID(),
    tags: tagsOf(request),
    ...(request.loggingConfiguration ? { loggingConfiguration: request.loggingConfiguration } : {}),
    ...(request.tracingConfiguration ? { tracingConfiguration: request.tracingConfiguration } : {}),
  };
  const { record: stored, created } = await context.machines.create(record);
  const arn = stateMachineArn(context.scope, name);
  // AWS: the same name and definition is the same machine (role and tracing differences are ignored).
  if (!created && (stored.definition !== definition || stored.type !== record.type)) {
    throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
  }
  return { stateMachineArn: arn, creationDate: epochSeconds(stored.creationDate) };
};

const describeStateMachine: Operation = async (request, context) => {
  const record = await existingMachine(requiredString(request, 'stateMachineArn'), context);
  return {
    stateMachineArn: stateMachineArn(context.scope, record.name),
    name: record.name,
    status: 'ACTIVE',
    definition: record.definition,
    roleArn: record.roleArn,
    type: record.type,
    creationDate: epochSeconds(record.creationDate),
    loggingConfiguration: loggingOf(record),
    tracingConfiguration: tracingOf(record),
    revisionId: record.revisionId,
  };
};

const listStateMachines: Operation = async (request, context) => {
  const { items, nextToken } = page(await context.machines.list(), request);
  return {
    stateMachines: items.map((r) => ({
      stateMachineArn: stateMachineArn(context.scope, r.name),
      name: r.name,
      type: r.type,
      creationDate: epochSeconds(r.creationDate),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

const deleteStateMachine: Operation = async (request, context) => {
  await context.machines.delete(parseStateMachineArn(requiredString(request, 'stateMachineArn')));
  return {};
};

const updateStateMachine: Operation = async (request, context) => {
  const arn = requiredString(request, 'stateMachineArn');
  const name = parseStateMachineArn(arn);
  const definition = optionalString(request, 'definition');
  const roleArn = optionalString(request, 'roleArn');
  const { loggingConfiguration, tracingConfiguration } = request;
  if (definition === undefined && roleArn === undefined && !loggingConfiguration && !tracingConfiguration) {
    throw new ApiError(
      'ValidationException',
      'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
    );
  }
  if (definition !== undefined) machineOf(definition);
  const updated = await context.machines.update(name, {
    ...(definition !== undefined ? { definition } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
    ...(loggingConfiguration ? { loggingConfiguration } : {}),
    ...(tracingConfiguration ? { tracingConfiguration } : {}),
    revisionId: randomUUID(),
    updateDate: Date.now(),
  });
  if (!updated) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return { updateDate: epochSeconds(updated.updateDate ?? Date.now()), revisionId: updated.revisionId };
};

const validateStateMachineDefinition: Operation = (request) => {
  const definition = requiredString(request, 'definition');
  const { diagnostics } = checkDefinition(definition);
  const maxResults =
    typeof request.maxResults === 'number' && request.maxResults > 0 ? request.maxResults : 100;
  const listed = diagnostics.slice(0, maxResults).map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    location: d.location,
  }));
  return Promise.resolve({
    result: diagnostics.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: listed,
    truncated: diagnostics.length > listed.length,
  });
};

/** The state machine operations by name. */
export const STATE_MACHINE_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateStateMachine: createStateMachine,
  DescribeStateMachine: describeStateMachine,
  ListStateMachines: listStateMachines,
  DeleteStateMachine: deleteStateMachine,
  UpdateStateMachine: updateStateMachine,
  ValidateStateMachineDefinition: validateStateMachineDefinition,
};
