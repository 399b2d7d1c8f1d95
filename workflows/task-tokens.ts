import {
  ApplicationFailure,
  condition,
  defineUpdate,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { ExecutionError, STATES_ERRORS } from '../src/asl/errors';
import { type Json } from '../src/asl/types';
import { checkTaskFailure, checkTaskOutput, ValidationException } from '../src/dataflow/limits';
import { type TaskRequest } from '../src/interpreter/runtime';
import { decodeTaskToken, encodeTaskToken } from '../src/interpreter/task-token';
import { TASK_RESPONSE_UPDATE, type TaskResponse } from './state-machine-input';

/** AWS's default Task timeout: 99999999 seconds. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** Tokens kept after they end, so a late SendTask* gets TaskTimedOut rather than TaskDoesNotExist. */
const ENDED_TOKENS_KEPT = 1_000;

interface Waiter {
  outcome?: Extract<TaskResponse, { kind: 'success' | 'failure' }>;
  beats: number;
}

const taskResponse = defineUpdate<null, [TaskResponse]>(TASK_RESPONSE_UPDATE);

// Workflow globals are per execution in Temporal's sandbox, so this is one registry per workflow.
let registry: TaskTokens | undefined;

/** This workflow's task-token registry (one update handler, however many runtimes the workflow builds). */
export function workflowTaskTokens(): TaskTokens {
  registry ??= new TaskTokens();
  return registry;
}

/**
 * AWS's length constraints on an answer (SendTaskSuccess's output within 256 KiB, SendTaskFailure's error and
 * cause), for clients that reach the update without StateMachineClient: a rejected update leaves no history.
 */
function checkResponseSize(response: TaskResponse): void {
  try {
    if (response.kind === 'success') checkTaskOutput(response.output);
    else if (response.kind === 'failure') checkTaskFailure(response);
  } catch (err) {
    if (err instanceof ValidationException) {
      throw ApplicationFailure.create({ type: 'ValidationException', message: err.message });
    }
    throw err;
  }
}

/**
 * The workflow's side of `.waitForTaskToken`: issues tokens, holds the Tasks waiting on them, and takes
 * SendTaskSuccess/Failure/Heartbeat as an update whose validator rejects unknown or ended tokens with AWS's errors.
 */
export class TaskTokens {
  private readonly waiting = new Map<string, Waiter>();
  private readonly ended: string[] = [];

  constructor() {
    setHandler(
      taskResponse,
      (response) => {
        const waiter = this.waiting.get(response.taskToken);
        if (!waiter) return null;
        if (response.kind === 'heartbeat') waiter.beats += 1;
        else waiter.outcome = response;
        return null;
      },
      {
        validator: (response) => {
          checkResponseSize(response);
          this.check(response.taskToken);
        },
      },
    );
  }

  /** A new token for this workflow. */
  issue(): string {
    return encodeTaskToken({ workflowId: workflowInfo().workflowId, id: uuid4() });
  }

  private check(token: string): void {
    if (!decodeTaskToken(token))
      throw ApplicationFailure.create({ type: 'InvalidToken', message: 'Invalid token' });
    const waiter = this.waiting.get(token);
    if (waiter && !waiter.outcome) return;
    if (waiter || this.ended.includes(token)) {
      throw ApplicationFailure.create({
        type: 'TaskTimedOut',
        message: 'Task Timed Out: Provided task does not exist anymore',
      });
    }
    throw ApplicationFailure.create({ type: 'TaskDoesNotExist', message: 'Provided task does not exist' });
  }

  /**
   * Runs the Task's call (which hands the token to someone), then waits for the token's answer, enforcing
   * TimeoutSeconds and HeartbeatSeconds with durable timers.
   */
  async wait(request: TaskRequest, send: () => Promise<Json>): Promise<Json> {
    const token = request.taskToken ?? '';
    const waiter: Waiter = { beats: 0 };
    this.waiting.set(token, waiter);
    try {
      const started = Date.now();
      await send();
      const deadline = started + (request.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS) * 1000;
      const heartbeatMs = request.heartbeatSeconds ? request.heartbeatSeconds * 1000 : undefined;
      let lastBeat = Date.now();
      while (!waiter.outcome) {
        const now = Date.now();
        const untilBeat = heartbeatMs === undefined ? Infinity : lastBeat + heartbeatMs - now;
        const left = Math.min(deadline - now, untilBeat);
        const beats = waiter.beats;
        const woke =
          left > 0 && (await condition(() => waiter.outcome !== undefined || waiter.beats !== beats, left));
        if (!woke) {
          const timedOut = Date.now() >= deadline;
          throw new ExecutionError(
            timedOut ? STATES_ERRORS.Timeout : STATES_ERRORS.HeartbeatTimeout,
            timedOut ? 'The task did not complete in time.' : 'The task did not send a heartbeat in time.',
          );
        }
        if (waiter.beats !== beats) lastBeat = Date.now();
      }
      const outcome = waiter.outcome;
      if (outcome.kind === 'success') return outcome.output;
      // SendTaskFailure with no error leaves the error empty, as on AWS; Catch matches it with States.ALL.
      throw new ExecutionError(outcome.error ?? '', outcome.cause ?? '');
    } finally {
      this.waiting.delete(token);
      this.ended.push(token);
      if (this.ended.length > ENDED_TOKENS_KEPT) this.ended.shift();
    }
  }
}
