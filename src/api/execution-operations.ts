/**
 * The execution operations: StartExecution, DescribeExecution, ListExecutions, StopExecution,
 * DescribeStateMachineForExecution and GetExecutionHistory, over the existing StateMachineClient. An execution
 * started here is the `stateMachine` workflow with id `<machine>:<name>`, so names are unique per machine; one
 * started by the CLI (`asl-temporal start`, id = name) is found by its bare name too.
 */
import { randomUUID } from 'node:crypto';
import { type Json } from '../asl/types';
import { NoWorkerError } from '../client/execution-history';
import { type TraceEvent } from '../interpreter/trace';
import {
  ExecutionAlreadyExists,
  type ExecutionDescription,
  ExecutionDoesNotExist,
  type ExecutionStatus,
} from '../client/state-machine-client';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { checkName, executionArn, parseExecutionArn, stateMachineArn } from './arn';
import { type ApiContext, type Operation } from './context';
import { machineOf } from './definitions';
import { ApiError, invalidMember } from './errors';
import { historyEvents } from './history';
import { epochSeconds, optionalBoolean, optionalString, page, requiredString } from './request';
import { existingMachine, loggingOf, tracingOf } from './state-machine-operations';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** The workflow id of an execution the API starts. */
export function executionWorkflowId(machine: string, name: string): string {
  return `${machine}:${name}`;
}

/** The execution name of a workflow id (the machine prefix taken off when there is one). */
function executionNameOf(workflowId: string, machine: string): string {
  return workflowId.startsWith(`${machine}:`) ? workflowId.slice(machine.length + 1) : workflowId;
}

/** The execution an ARN names: its workflow id and description, or ExecutionDoesNotExist. */
async function resolveExecution(
  arn: string,
  context: ApiContext,
): Promise<{ workflowId: string; machine: string; name: string; description: ExecutionDescription }> {
  const { machine, name } = parseExecutionArn(arn);
  for (const workflowId of [executionWorkflowId(machine, name), name]) {
    try {
      const description = await context.executions.describeExecution(workflowId);
      if (description.stateMachineName === machine) return { workflowId, machine, name, description };
    } catch (err) {
      if (!(err instanceof ExecutionDoesNotExist)) throw err;
    }
  }
  throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}

/**
 * When the execution started: its first run's start, as Temporal recorded it (the same instant ListExecutions
 * reads from the visibility store), however many times it has continued as new since.
 */
async function startDateOf(context: ApiContext, workflowId: string): Promise<Date> {
  const current = await context.client.workflow.getHandle(workflowId).describe();
  const firstRunId = current.raw.workflowExecutionInfo?.firstRunId;
  if (!firstRunId || firstRunId === current.runId) return current.startTime;
  return (await context.client.workflow.getHandle(workflowId, firstRunId).describe()).startTime;
}

function parseInput(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${(err as Error).message}'`,
    );
  }
}

const startExecution: Operation = async (request, context) => {
  const record = await existingMachine(requiredString(request, 'stateMachineArn'), context);
  const name = checkName(optionalString(request, 'name') ?? randomUUID());
  const inputText = optionalString(request, 'input') ?? '{}';
  const input = parseInput(inputText);
  const arn = executionArn(context.scope, record.name, name);
  const exists = () => new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
  const logging = record.loggingConfiguration as
    { level?: string; includeExecutionData?: boolean } | undefined;
  let started;
  try {
    started = await context.executions.startExecution({
      // The definition as it is now: later updates never reach this execution.
      machine: machineOf(record.definition),
      stateMachineName: record.name,
      name,
      workflowId: executionWorkflowId(record.name, name),
      region: context.scope.region,
      account: context.scope.account,
      input,
      ...(logging?.level && logging.level !== 'OFF'
        ? {
            logging: {
              level: logging.level as 'ALL' | 'ERROR' | 'FATAL',
              includeExecutionData: logging.includeExecutionData === true,
            },
          }
        : {}),
      ...((record.tracingConfiguration as { enabled?: boolean } | undefined)?.enabled
        ? { tracing: true }
        : {}),
    });
  } catch (err) {
    if (err instanceof ExecutionAlreadyExists) {
      // The client also compares the definition; AWS compares only the input, so an execution started before an
      // UpdateStateMachine is still the answer to the same name and input while it runs.
      const workflowId = executionWorkflowId(record.name, name);
      const first = await context.executions.firstInput(workflowId);
      const running = (await context.executions.describeExecution(workflowId)).status === 'RUNNING';
      if (!running || JSON.stringify(first?.input) !== JSON.stringify(input)) throw exists();
      return { executionArn: arn, startDate: epochSeconds(await startDateOf(context, workflowId)) };
    }
    if (err instanceof Error && err.name === 'ValidationException') {
      throw new ApiError('ValidationException', err.message);
    }
    throw err;
  }
  const workflowId = executionWorkflowId(record.name, name);
  if (!started.started) {
    // AWS: the same name and input is idempotent only while the execution runs; a closed name is never reused.
    const description = await context.executions.describeExecution(workflowId);
    if (description.status !== 'RUNNING') throw exists();
  }
  return { executionArn: arn, startDate: epochSeconds(await startDateOf(context, workflowId)) };
};

const describeExecution: Operation = async (request, context) => {
  const arn = requiredString(request, 'executionArn');
  const { workflowId, machine, name, description: d } = await resolveExecution(arn, context);
  return {
    executionArn: arn,
    stateMachineArn: stateMachineArn(context.scope, machine),
    name,
    status: d.status,
    startDate: epochSeconds(await startDateOf(context, workflowId)),
    ...(d.stopDate ? { stopDate: epochSeconds(d.stopDate) } : {}),
    input: JSON.stringify(d.input),
    inputDetails: { included: true },
    ...(d.output !== undefined
      ? { output: JSON.stringify(d.output), outputDetails: { included: true } }
      : {}),
    ...(d.error !== undefined ? { error: d.error } : {}),
    ...(d.cause !== undefined ? { cause: d.cause } : {}),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
};

type ListedExecution = Awaited<ReturnType<ApiContext['executions']['listExecutions']>>[number];

/**
 * One entry per execution: the visibility store lists every run of a continue-as-new chain, the earlier ones as
 * RUNNING with their own start; the execution started with its first run and has the last run's status.
 */
function oneEntryPerExecution(entries: readonly ListedExecution[]): ListedExecution[] {
  const byName = new Map<string, ListedExecution>();
  for (const entry of entries) {
    const seen = byName.get(entry.name);
    if (!seen) {
      byName.set(entry.name, entry);
      continue;
    }
    const last = seen.status === 'RUNNING' ? entry : seen;
    const first = seen.startDate <= entry.startDate ? seen : entry;
    byName.set(entry.name, { ...last, startDate: first.startDate });
  }
  return [...byName.values()];
}

const listExecutions: Operation = async (request, context) => {
  const record = await existingMachine(requiredString(request, 'stateMachineArn'), context);
  const statusFilter = optionalString(request, 'statusFilter');
  if (statusFilter !== undefined && !(STATUSES as readonly string[]).includes(statusFilter)) {
    throw invalidMember('statusFilter', `Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
  }
  const all = await context.executions.listExecutions({
    stateMachineName: record.name,
    ...(statusFilter ? { status: statusFilter as ExecutionStatus } : {}),
    limit: 10_000,
  });
  // Newest first, as AWS lists them (the visibility store orders open and closed ones apart).
  const sorted = oneEntryPerExecution(all).sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  const { items, nextToken } = page(sorted, request);
  return {
    executions: items.map((e) => {
      const name = executionNameOf(e.name, record.name);
      return {
        executionArn: executionArn(context.scope, record.name, name),
        stateMachineArn: stateMachineArn(context.scope, record.name),
        name,
        status: e.status,
        startDate: epochSeconds(e.startDate),
        ...(e.stopDate && e.status !== 'RUNNING' ? { stopDate: epochSeconds(e.stopDate) } : {}),
      };
    }),
    ...(nextToken ? { nextToken } : {}),
  };
};

const stopExecution: Operation = async (request, context) => {
  const arn = requiredString(request, 'executionArn');
  const error = optionalString(request, 'error');
  const cause = optionalString(request, 'cause');
  if (error !== undefined && error.length > 256) {
    throw invalidMember('error', 'Member must have length less than or equal to 256');
  }
  if (cause !== undefined && cause.length > 32768) {
    throw invalidMember('cause', 'Member must have length less than or equal to 32768');
  }
  const { workflowId, description } = await resolveExecution(arn, context);
  if (description.status !== 'RUNNING') {
    return { stopDate: epochSeconds(description.stopDate ?? new Date()) };
  }
  const { stopDate } = await context.executions.stopExecution(workflowId, {
    ...(error !== undefined ? { error } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
  return { stopDate: epochSeconds(stopDate) };
};

const describeStateMachineForExecution: Operation = async (request, context) => {
  const arn = requiredString(request, 'executionArn');
  const { workflowId, machine } = await resolveExecution(arn, context);
  const first = await context.executions.firstInput(workflowId);
  const record = await context.machines.get(machine);
  return {
    stateMachineArn: stateMachineArn(context.scope, machine),
    name: machine,
    // The definition this execution runs (it travels in the execution's input), not the machine's current one.
    definition: JSON.stringify(first?.definition ?? null),
    roleArn: record?.roleArn ?? '',
    updateDate: epochSeconds(record?.updateDate ?? record?.creationDate ?? 0),
    ...(record ? { loggingConfiguration: loggingOf(record), tracingConfiguration: tracingOf(record) } : {}),
  };
};

/**
 * The current run's input, whose definition is the one the execution runs (for Task timeouts and Parallel
 * branches), not the machine's current one: read from the run's first history event alone (a page of the history
 * would otherwise fetch the whole run's, up to 8,000 events, every time).
 */
async function runInput(
  context: ApiContext,
  workflowId: string,
): Promise<StateMachineWorkflowInput | undefined> {
  const { client } = context;
  const response = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  const payload =
    response.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  // Stored through the client's codecs (encryption at rest): decoded by them first.
  const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
  let decoded = [payload];
  for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return payloadConverter.fromPayload(decoded[0]) as StateMachineWorkflowInput;
}

/**
 * The execution's trace. An execution stopped before its first workflow task ran has none, and no worker can
 * answer for it (the server refuses the query): its history is then just its start, as on AWS, where a stopped
 * execution's history is ExecutionStarted and ExecutionAborted.
 */
async function traceOf(
  context: ApiContext,
  workflowId: string,
  description: ExecutionDescription,
): Promise<readonly TraceEvent[]> {
  try {
    return (await context.executions.getExecutionHistory(workflowId)).events;
  } catch (err) {
    if (!(err instanceof NoWorkerError) || description.status !== 'ABORTED') throw err;
    const { events } = await context.client.workflow.getHandle(workflowId).fetchHistory();
    if (events?.some((e) => e.workflowTaskCompletedEventAttributes)) throw err;
    return [
      {
        type: 'ExecutionStarted',
        id: 1,
        timestamp: description.startDate.getTime(),
        input: description.input,
      },
    ];
  }
}

const getExecutionHistory: Operation = async (request, context) => {
  const arn = requiredString(request, 'executionArn');
  const { workflowId, machine, name, description } = await resolveExecution(arn, context);
  const includeExecutionData = optionalBoolean(request, 'includeExecutionData') ?? true;
  const reverseOrder = optionalBoolean(request, 'reverseOrder') ?? false;
  const [events, record, first] = await Promise.all([
    traceOf(context, workflowId, description),
    context.machines.get(machine),
    runInput(context, workflowId),
  ]);
  const all = historyEvents(events, {
    includeExecutionData,
    ...(record ? { roleArn: record.roleArn } : {}),
    ...(first?.definition ? { definition: first.definition } : {}),
    scope: context.scope,
    stateMachineName: machine,
    executionArn: executionArn(context.scope, machine, name),
    ...(description.status === 'ABORTED'
      ? {
          aborted: {
            at: description.stopDate ?? new Date(),
            ...(description.error !== undefined ? { error: description.error } : {}),
            ...(description.cause !== undefined ? { cause: description.cause } : {}),
          },
        }
      : {}),
  });
  const { items, nextToken } = page(reverseOrder ? all.reverse() : all, request);
  return { events: items, ...(nextToken ? { nextToken } : {}) };
};

/** The execution operations by name. */
export const EXECUTION_OPERATIONS: Readonly<Record<string, Operation>> = {
  StartExecution: startExecution,
  DescribeExecution: describeExecution,
  ListExecutions: listExecutions,
  StopExecution: stopExecution,
  DescribeStateMachineForExecution: describeStateMachineForExecution,
  GetExecutionHistory: getExecutionHistory,
};
