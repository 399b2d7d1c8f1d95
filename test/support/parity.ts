/**
 * Parity between an ASL example run through the generic `stateMachine` workflow and its hand-written Temporal
 * workflow: same outcome (output, or error and cause) and the same sequence of calls to the outside world.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { functionNameOf } from '../../activities/local/handlers';
import { routeResource } from '../../src/asl/resource-route';
import { loadStateMachine } from '../../src/asl/parse';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type TaskMocks } from '../../src/interpreter/mocks';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { uniqueId } from './temporal';

/** How a run ended: SUCCEEDED with its output, or FAILED with the ASL error and cause. */
export type Outcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

/** A run's outcome and the calls it made, in order (function names, or `service:action` for integrations). */
export interface RunRecord {
  readonly outcome: Outcome;
  readonly calls: readonly string[];
}

/** The files of `examples/<name>/`. */
export interface Example {
  readonly dir: string;
  readonly machine: StateMachine;
  readonly input: Json;
  readonly expected: Json;
}

/** Loads and validates `examples/<name>/definition.asl.json` with its input and expected output. */
export function loadExample(name: string): Example {
  const dir = join(__dirname, '..', '..', 'examples', name);
  const text = readFileSync(join(dir, 'definition.asl.json'), 'utf8');
  const { machine, diagnostics } = loadStateMachine(text);
  if (!machine) throw new Error(`examples/${name} is not valid: ${JSON.stringify(diagnostics)}`);
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
  return { dir, machine, input: read('input.json'), expected: read('expected-output.json') };
}

/** The name of one call from its scheduled activity's input (runTask or invokeFunction). */
function callName(activityType: string, input: unknown): string | undefined {
  const request = (input ?? {}) as { resource?: string; functionName?: string; parameters?: unknown };
  if (activityType === 'invokeFunction' && request.functionName) return functionNameOf(request.functionName);
  if (activityType !== 'runTask' || !request.resource) return activityType;
  const route = routeResource(request.resource);
  switch (route.kind) {
    case 'lambda-function':
      return functionNameOf(route.functionArn);
    case 'service': {
      const params = (request.parameters ?? {}) as { FunctionName?: string };
      if (route.service === 'lambda' && typeof params.FunctionName === 'string')
        return functionNameOf(params.FunctionName);
      return `${route.service}:${route.action}`;
    }
    default:
      return request.resource;
  }
}

/** The calls a finished workflow made, in the order it scheduled them (child workflows excluded). */
export async function callsOf(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  const calls: string[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) continue;
    const payload = scheduled.input?.payloads?.[0];
    const input = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
    const name = callName(scheduled.activityType?.name ?? '', input);
    if (name) calls.push(name);
  }
  return calls;
}

async function outcomeOf(handle: WorkflowHandle): Promise<Outcome> {
  try {
    return { status: 'SUCCEEDED', output: await handle.result() };
  } catch (err) {
    if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) {
      return { status: 'FAILED', error: err.cause.type ?? '', cause: err.cause.message };
    }
    throw err;
  }
}

/** Runs a workflow to its end and records its outcome and calls. */
export async function record(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  workflowType: string,
  args: unknown[],
): Promise<RunRecord> {
  const handle = await env.client.workflow.start(workflowType, {
    args,
    taskQueue,
    workflowId: uniqueId(workflowType),
  });
  const outcome = await outcomeOf(handle);
  return { outcome, calls: await callsOf(handle) };
}

/** Runs the example's ASL through the generic workflow and `workflowType` with the same input; returns both. */
export async function runBoth(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  options: {
    readonly example: Example;
    readonly workflowType: string;
    readonly input?: Json;
    readonly stateMachineName?: string;
    readonly mocks?: TaskMocks;
  },
): Promise<{ readonly asl: RunRecord; readonly code: RunRecord }> {
  const input = options.input ?? options.example.input;
  const args: StateMachineWorkflowInput = {
    definition: options.example.machine,
    input,
    stateMachineName: options.stateMachineName ?? 'parity',
    ...(options.mocks ? { mocks: options.mocks } : {}),
  };
  const asl = await record(env, taskQueue, 'stateMachine', [args]);
  const code = await record(env, taskQueue, options.workflowType, [input]);
  return { asl, code };
}
