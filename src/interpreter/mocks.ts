import { ExecutionError } from '../asl/errors';
import { type Json } from '../asl/types';
import { type Runtime, type TaskRequest } from './runtime';

/** One mocked response of a Task state, as AWS Step Functions Local's mock config writes it. */
export type MockedResponse =
  { readonly Return: Json } | { readonly Throw: { readonly Error: string; readonly Cause?: string } };

/** Mocked responses by Task state name: the k-th call of the state gets the k-th response. */
export type TaskMocks = Readonly<Record<string, readonly MockedResponse[]>>;

/**
 * Answers Task calls from mocks, in order per state, and hands unmocked states to `fallback`. The call counts are
 * the mock's only state, so a runtime can carry them across continue-as-new.
 */
export class TaskMocker {
  private readonly calls: Record<string, number>;

  constructor(
    /** The mocked responses (a child workflow gets them in its input). */
    readonly mocks: TaskMocks,
    calls: Readonly<Record<string, number>> = {},
  ) {
    this.calls = { ...calls };
  }

  /** Whether the state has mocked responses. */
  handles(request: TaskRequest): boolean {
    return Object.prototype.hasOwnProperty.call(this.mocks, request.stateName);
  }

  /** The next mocked response of the state, as a result or a thrown ExecutionError. */
  respond(request: TaskRequest): Json {
    const responses = this.mocks[request.stateName];
    const k = this.calls[request.stateName] ?? 0;
    this.calls[request.stateName] = k + 1;
    const response = responses[Math.min(k, responses.length - 1)];
    if (!response)
      throw new ExecutionError('States.Runtime', `No mocked response for state '${request.stateName}'.`);
    if ('Throw' in response) throw new ExecutionError(response.Throw.Error, response.Throw.Cause ?? '');
    return response.Return;
  }

  /** How many times each mocked state was called so far. */
  callCounts(): Record<string, number> {
    return { ...this.calls };
  }
}

/** Wraps a runtime so that mocked Task states answer from their mocks and the rest run for real. */
export function withMocks(runtime: Runtime, mocker: TaskMocker): Runtime {
  return {
    runTask: (request) =>
      mocker.handles(request)
        ? Promise.resolve().then(() => mocker.respond(request))
        : runtime.runTask(request),
    answersFromMock: (request) => mocker.handles(request) || (runtime.answersFromMock?.(request) ?? false),
    sleep: (ms) => runtime.sleep(ms),
    now: () => runtime.now(),
    random: () => runtime.random(),
    uuid: () => runtime.uuid(),
    taskToken: () => runtime.taskToken(),
    record: (event) => runtime.record(event),
    ...(runtime.betweenStates ? { betweenStates: (nested: boolean) => runtime.betweenStates?.(nested) } : {}),
    ...(runtime.isPatched ? { isPatched: (change: string) => runtime.isPatched?.(change) ?? true } : {}),
    all: (tasks, options) => runtime.all(tasks, options),
    // A Distributed Map's children answer from the same mocks: shared in-process, copied into a child workflow.
    runChildMachine: (request) => runtime.runChildMachine({ ...request, mocker }),
    // ItemReader and ResultWriter are not Tasks: mocks never answer them.
    readItems: (request) => runtime.readItems(request),
    writeResults: (request) => runtime.writeResults(request),
  };
}
