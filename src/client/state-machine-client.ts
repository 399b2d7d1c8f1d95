import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type Json, type StateMachine } from '../asl/types';
import { checkExecutionStart } from '../dataflow/limits';
import { type ExecutionLogging } from '../interpreter/execution-log';
import { STATE_MACHINE_ATTRIBUTE, type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { DEFAULT_TASK_QUEUE } from '../worker';
import { executionHistory, type ExecutionHistory } from './execution-history';
import { readableExecutions, warnUnreadable } from './readable-list';
import { hasSearchAttributes } from './search-attributes';
import { sendTaskResponse, taskOutputOf } from './task-tokens';

/** Step Functions' execution statuses. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What DescribeExecution returns, in Step Functions' terms. */
export interface ExecutionDescription {
  readonly name: string;
  readonly stateMachineName: string;
  readonly status: ExecutionStatus;
  readonly input: Json;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

/** Step Functions' status for each Temporal workflow status. */
const STATUS_OF_TEMPORAL: Partial<Record<string, ExecutionStatus>> = {
  RUNNING: 'RUNNING',
  CONTINUED_AS_NEW: 'RUNNING',
  COMPLETED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  TERMINATED: 'ABORTED',
  CANCELLED: 'ABORTED',
};

/** Step Functions' ExecutionAlreadyExists: the name is taken by an execution with another input, or by a closed one. */
export class ExecutionAlreadyExists extends Error {
  constructor(readonly executionName: string) {
    super(
      `An execution named "${executionName}" already exists, with a different input or already closed (a name is never reused). Use another --name.`,
    );
    this.name = 'ExecutionAlreadyExists';
  }
}

/** Step Functions' ExecutionDoesNotExist. */
export class ExecutionDoesNotExist extends Error {
  constructor(readonly executionName: string) {
    super(`No execution named "${executionName}". Check the name and the --namespace.`);
    this.name = 'ExecutionDoesNotExist';
  }
}

/** Options for {@link StateMachineClient.startExecution}. */
export interface StartExecutionOptions {
  readonly machine: StateMachine;
  readonly stateMachineName: string;
  readonly name: string;
  /** The workflow id, when it is not the name (the API scopes it by machine: `<machine>:<name>`). */
  readonly workflowId?: string;
  /** The region and account of the execution's ARNs (`$$.Execution.Id`); default us-east-1, 123456789012. */
  readonly region?: string;
  readonly account?: string;
  readonly input: Json;
  /** The machine's LoggingConfiguration: its events go to the worker's logger. */
  readonly logging?: ExecutionLogging;
  /** The machine's TracingConfiguration: workers that export traces add one span per state. */
  readonly tracing?: boolean;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The workflow type every definition runs as; any other type is workflow code (an exported `<name>.workflow.ts`). */
const GENERIC_WORKFLOW = 'stateMachine';

/**
 * The machine name and input of an execution of workflow code, started as `orders(input, options?)`: the input is
 * its first argument, and the machine is the `stateMachineName` its caller passed in the ExecutionOptions, else the
 * memo's (when the starter set one, as for the generic workflow), else the workflow type. The name the code was
 * exported with stays inside the workflow, which records it nowhere a client can read without a worker.
 */
function exportedStart(
  args: readonly unknown[],
  description: WorkflowExecutionDescription,
): { stateMachineName: string; input: Json } {
  const options = args[1] as { stateMachineName?: unknown } | null | undefined;
  const given = typeof options?.stateMachineName === 'string' ? options.stateMachineName : undefined;
  const memo = description.memo?.stateMachineName;
  return {
    stateMachineName: given ?? (typeof memo === 'string' && memo !== '' ? memo : description.type),
    input: args[0] === undefined ? null : (args[0] as Json),
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && (err.name === 'WorkflowNotFoundError' || /not found/i.test(err.message));
}

/**
 * Step Functions' execution API over a Temporal client: an execution is a run of the generic workflow whose id is
 * the execution name. Names are idempotent as on AWS: the same name and input returns the existing execution.
 */
export class StateMachineClient {
  private attributes?: Promise<boolean>;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string = DEFAULT_TASK_QUEUE,
  ) {}

  /** Whether the namespace has asl-temporal's search attributes (asked once per client). */
  private searchAttributesReady(): Promise<boolean> {
    this.attributes ??= hasSearchAttributes(this.client);
    return this.attributes;
  }

  /**
   * StartExecution: starts (or, for the same name and input, finds) an execution and returns its name. An input over
   * 256 KiB is refused with ExecutionInputTooLarge and a definition over 1 MiB with ValidationException, as AWS's
   * API refuses them; a start that would not fit in one Temporal payload with ExecutionPayloadTooLarge.
   */
  async startExecution(
    options: StartExecutionOptions,
  ): Promise<{ readonly name: string; readonly runId: string; readonly started: boolean }> {
    checkExecutionStart({ definition: options.machine, input: options.input });
    const indexed = await this.searchAttributesReady();
    const workflowId = options.workflowId ?? options.name;
    const args: StateMachineWorkflowInput = {
      definition: options.machine,
      input: options.input,
      stateMachineName: options.stateMachineName,
      ...(workflowId !== options.name ? { executionName: options.name } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.account ? { account: options.account } : {}),
      ...(indexed ? { searchAttributes: true } : {}),
      ...(options.logging ? { logging: options.logging } : {}),
      ...(options.tracing ? { tracing: { enabled: true } } : {}),
    };
    try {
      const handle = await this.client.workflow.start(GENERIC_WORKFLOW, {
        args: [args],
        taskQueue: this.taskQueue,
        workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { stateMachineName: options.stateMachineName },
        ...(indexed
          ? { typedSearchAttributes: [{ key: STATE_MACHINE_ATTRIBUTE, value: options.stateMachineName }] }
          : {}),
      });
      return { name: options.name, runId: handle.firstExecutionRunId, started: true };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const existing = await this.firstInput(workflowId);
      if (
        !existing ||
        !sameJson(existing.input, options.input) ||
        !sameJson(existing.definition, options.machine)
      ) {
        throw new ExecutionAlreadyExists(options.name);
      }
      // As StartExecution on AWS: only a running execution answers for its name; a closed one's name is not reused.
      const description = await this.client.workflow.getHandle(workflowId).describe();
      if (description.status.name !== 'RUNNING') throw new ExecutionAlreadyExists(options.name);
      return { name: options.name, runId: description.runId, started: false };
    }
  }

  /** The input the execution's first run started with (its definition, input and machine name). */
  async firstInput(name: string): Promise<StateMachineWorkflowInput | undefined> {
    return (await this.startArguments(name))[0] as StateMachineWorkflowInput | undefined;
  }

  /** The arguments the execution's first run was started with, decoded. */
  private async startArguments(name: string): Promise<unknown[]> {
    const handle = this.client.workflow.getHandle(name);
    const history = await handle.fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    if (payloads.length === 0) return [];
    // The raw history holds the payloads as stored: through the client's codecs first (encryption at rest).
    const { payloadCodecs, payloadConverter } = this.client.options.loadedDataConverter;
    let decoded = payloads;
    for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
    return decoded.map((payload) => payloadConverter.fromPayload(payload));
  }

  /** DescribeExecution: status, input, output or error and cause, and dates. */
  async describeExecution(name: string): Promise<ExecutionDescription> {
    const handle = this.client.workflow.getHandle(name);
    let description: WorkflowExecutionDescription;
    try {
      description = await handle.describe();
    } catch (err) {
      if (isNotFound(err)) throw new ExecutionDoesNotExist(name);
      throw err;
    }
    const args = await this.startArguments(name);
    const first = description.type === GENERIC_WORKFLOW ? (args[0] as StateMachineWorkflowInput) : undefined;
    const base = {
      name,
      ...(first
        ? {
            stateMachineName: first.stateMachineName ?? String(description.memo?.stateMachineName ?? ''),
            input: first.input ?? null,
          }
        : exportedStart(args, description)),
      // After continue-as-new the current run started later; the execution's start travels in the input.
      startDate: first?.startTime ? new Date(first.startTime) : description.startTime,
      stopDate: description.closeTime,
    };
    switch (description.status.name) {
      case 'RUNNING':
      case 'CONTINUED_AS_NEW':
        return { ...base, status: 'RUNNING' };
      case 'COMPLETED':
        return { ...base, status: 'SUCCEEDED', output: (await handle.result()) as Json };
      case 'TIMED_OUT':
        return { ...base, status: 'TIMED_OUT', error: 'States.Timeout' };
      case 'FAILED': {
        try {
          await handle.result();
        } catch (err) {
          if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
            const status = (err.cause.details?.[0] as { status?: string } | undefined)?.status;
            return {
              ...base,
              status: status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
              error: err.cause.type || undefined,
              cause: err.cause.message || undefined,
            };
          }
        }
        return { ...base, status: 'FAILED' };
      }
      case 'TERMINATED':
      case 'CANCELLED': {
        const history = await handle.fetchHistory();
        const last = history.events?.[history.events.length - 1];
        const reason = last?.workflowExecutionTerminatedEventAttributes?.reason ?? '';
        const stopped = parseStopReason(reason);
        return { ...base, status: 'ABORTED', ...stopped };
      }
      default:
        return { ...base, status: 'FAILED', cause: `Temporal status ${description.status.name}` };
    }
  }

  /**
   * GetExecutionHistory: the Step Functions-style events the interpreter recorded, joined across continue-as-new
   * runs (at most `maxEvents`, the newest). A worker must be running to answer.
   */
  async getExecutionHistory(name: string, maxEvents?: number): Promise<ExecutionHistory> {
    try {
      return await executionHistory(this.client, name, maxEvents);
    } catch (err) {
      if (isNotFound(err)) throw new ExecutionDoesNotExist(name);
      throw err;
    }
  }

  /** SendTaskSuccess: completes the Task waiting on the token with an output (JSON, or a JSON string). */
  async sendTaskSuccess(taskToken: string, output: string | Json): Promise<void> {
    return sendTaskResponse(this.client, { kind: 'success', taskToken, output: taskOutputOf(output) });
  }

  /** SendTaskFailure: fails the Task waiting on the token with an error and cause (both optional, as on AWS). */
  sendTaskFailure(
    taskToken: string,
    failure: { readonly error?: string; readonly cause?: string } = {},
  ): Promise<void> {
    return sendTaskResponse(this.client, { kind: 'failure', taskToken, ...failure });
  }

  /** SendTaskHeartbeat: tells the Task waiting on the token that the work goes on (resets HeartbeatSeconds). */
  sendTaskHeartbeat(taskToken: string): Promise<void> {
    return sendTaskResponse(this.client, { kind: 'heartbeat', taskToken });
  }

  /**
   * ListExecutions: the executions of the generic workflow, newest first, filtered by status on the server and by
   * state machine name (kept in the memo) on the client.
   */
  async listExecutions(
    options: {
      readonly stateMachineName?: string;
      readonly status?: ExecutionStatus;
      readonly limit?: number;
    } = {},
  ): Promise<
    {
      readonly name: string;
      readonly stateMachineName: string;
      readonly status: ExecutionStatus;
      readonly startDate: Date;
      /** When the run closed (a run that continued as new closed too, though its execution goes on). */
      readonly stopDate?: Date;
    }[]
  > {
    const temporalStatus: Record<ExecutionStatus, string> = {
      RUNNING: 'Running',
      SUCCEEDED: 'Completed',
      FAILED: 'Failed',
      TIMED_OUT: 'TimedOut',
      ABORTED: 'Terminated',
    };
    // With the search attribute the server filters by machine; without it, the memo is checked here.
    const byServer = options.stateMachineName !== undefined && (await this.searchAttributesReady());
    const query = [
      `WorkflowType = 'stateMachine'`,
      ...(options.status ? [`ExecutionStatus = '${temporalStatus[options.status]}'`] : []),
      ...(byServer
        ? [`${STATE_MACHINE_ATTRIBUTE.name} = '${options.stateMachineName!.replace(/'/g, "\\'")}'`]
        : []),
    ].join(' AND ');
    const out: {
      name: string;
      stateMachineName: string;
      status: ExecutionStatus;
      startDate: Date;
      stopDate?: Date;
    }[] = [];
    const warn = warnUnreadable.bind(undefined, 'executions');
    for await (const execution of readableExecutions(this.client, query, warn)) {
      const stateMachineName = String(execution.memo?.stateMachineName ?? '');
      if (options.stateMachineName && stateMachineName !== options.stateMachineName) continue;
      const status = STATUS_OF_TEMPORAL[execution.status.name] ?? 'FAILED';
      out.push({
        name: execution.workflowId,
        stateMachineName,
        status,
        startDate: execution.startTime,
        ...(execution.closeTime ? { stopDate: execution.closeTime } : {}),
      });
      if (out.length >= (options.limit ?? 100)) break;
    }
    return out;
  }

  /** StopExecution: ends a running execution as ABORTED with an optional error and cause. */
  async stopExecution(
    name: string,
    options: { readonly error?: string; readonly cause?: string } = {},
  ): Promise<{ readonly stopDate: Date }> {
    try {
      await this.client.workflow
        .getHandle(name)
        .terminate(JSON.stringify({ error: options.error, cause: options.cause }));
    } catch (err) {
      if (isNotFound(err)) throw new ExecutionDoesNotExist(name);
      throw err;
    }
    return { stopDate: new Date() };
  }
}

/** Reads back the error and cause that {@link StateMachineClient.stopExecution} put in the termination reason. */
function parseStopReason(reason: string): { error?: string; cause?: string } {
  try {
    const parsed = JSON.parse(reason) as { error?: unknown; cause?: unknown };
    return {
      ...(typeof parsed.error === 'string' ? { error: parsed.error } : {}),
      ...(typeof parsed.cause === 'string' ? { cause: parsed.cause } : {}),
    };
  } catch {
    return reason ? { cause: reason } : {};
  }
}
