import {
  ApplicationFailure,
  defineQuery,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { STATES_ERRORS } from '../../src/asl/errors';
import { type Json, type QueryLanguage } from '../../src/asl/types';
import { executionArns, isoTime } from '../../src/interpreter/context';
import { HistoryCounter } from '../../src/interpreter/history';
import { TaskMocker, type TaskMocks, withMocks } from '../../src/interpreter/mocks';
import { VariableScope } from '../../src/interpreter/scope';
import { toExecutionError } from '../../src/interpreter/states/error-handling';
import { BoundedTrace, type TraceEvent } from '../../src/interpreter/trace';
import { CURRENT_STATE_QUERY, TRACE_QUERY } from '../state-machine-input';
import { temporalRuntime } from '../temporal-runtime';
import { traceAnswer } from '../trace-query';
import { Machine } from './machine';

/** What the caller of an exported workflow may add to its input: the execution's names, place and mocks. */
export interface ExecutionOptions {
  /** `$$.StateMachine.Name` (default: the one the code was exported with). */
  readonly stateMachineName?: string;
  /** `$$.Execution.Name` (default: the workflow id). */
  readonly executionName?: string;
  readonly region?: string;
  readonly account?: string;
  /** Mocked Task responses by state name (a MockConfig test case, see `mocksFromConfig`). */
  readonly mocks?: TaskMocks;
}

/** How the generated code describes its machine: its name, query language and TimeoutSeconds. */
export interface MachineOptions extends Omit<ExecutionOptions, 'stateMachineName'> {
  readonly stateMachineName: string;
  readonly queryLanguage?: QueryLanguage;
  readonly timeoutSeconds?: number;
}

const traceQuery = defineQuery<{ events: readonly TraceEvent[]; dropped: number }>(TRACE_QUERY);
const currentStateQuery = defineQuery<string | null>(CURRENT_STATE_QUERY);
const TIMED_OUT = Symbol('timed-out');

/**
 * Runs exported code as one Step Functions execution: the same `$$` facts, history events (answered through the
 * generic workflow's trace query, so `history` reads them), mocks, TimeoutSeconds and failure as the `stateMachine`
 * workflow gives; the body's states run through {@link Machine}. A failure ends the workflow with an
 * `ApplicationFailure` whose type is the ASL error and whose message is the cause.
 *
 * @example
 * export async function orders(input: Json, options?: ExecutionOptions): Promise<Json> {
 *   return execution(input, { stateMachineName: 'orders' }, options, (m) => m.task('Go', { Resource }, input));
 * }
 */
export function execution(
  input: Json,
  machine: MachineOptions,
  overrides: ExecutionOptions | undefined,
  body: (m: Machine) => Promise<Json>,
): Promise<Json>;
/** {@inheritDoc execution} The machine's options and the caller's already merged. */
export function execution(
  input: Json,
  options: MachineOptions,
  body: (m: Machine) => Promise<Json>,
): Promise<Json>;
export async function execution(
  input: Json,
  machine: MachineOptions,
  third: ExecutionOptions | undefined | ((m: Machine) => Promise<Json>),
  fourth?: (m: Machine) => Promise<Json>,
): Promise<Json> {
  const overrides = typeof third === 'function' ? undefined : third;
  const body = typeof third === 'function' ? third : (fourth as (m: Machine) => Promise<Json>);
  // A caller's `stateMachineName: undefined` keeps the exported one.
  const options: MachineOptions = {
    ...machine,
    ...overrides,
    stateMachineName: overrides?.stateMachineName ?? machine.stateMachineName,
  };
  const info = workflowInfo();
  const trace = new BoundedTrace();
  let currentState: string | null = null;
  setHandler(traceQuery, () => traceAnswer(trace.snapshot()));
  setHandler(currentStateQuery, () => currentState);
  const executionName = options.executionName ?? info.workflowId;
  const arns = executionArns({ ...options, executionName });
  const runtime = withMocks(
    temporalRuntime({
      record: (event) => {
        if (event.type === 'StateEntered' && event.state) currentState = event.state;
        trace.add(event);
      },
      childIdPrefix: info.workflowId,
      nested: { region: options.region, account: options.account },
    }),
    new TaskMocker(options.mocks ?? {}),
  );
  const startedAt = runtime.now();
  const history = new HistoryCounter();
  history.emit(runtime, { type: 'ExecutionStarted', timestamp: startedAt, input });
  const m = new Machine({
    runtime,
    execution: {
      id: arns.executionArn,
      name: executionName,
      input,
      startTime: isoTime(startedAt),
      roleArn: arns.roleArn,
      stateMachineId: arns.stateMachineArn,
      stateMachineName: options.stateMachineName,
    },
    scope: VariableScope.root(),
    queryLanguage: options.queryLanguage,
    nested: false,
    history,
  });
  const run = body(m);
  try {
    const output =
      options.timeoutSeconds === undefined
        ? await run
        : await Promise.race([run, runtime.sleep(options.timeoutSeconds * 1000).then(() => TIMED_OUT)]);
    if (output === TIMED_OUT) {
      run.catch(() => undefined);
      history.emit(runtime, {
        type: 'ExecutionFailed',
        timestamp: runtime.now(),
        error: STATES_ERRORS.Timeout,
      });
      throw ApplicationFailure.create({
        type: STATES_ERRORS.Timeout,
        message: 'The execution timed out.',
        nonRetryable: true,
        details: [{ status: 'TIMED_OUT' }],
      });
    }
    history.emit(runtime, { type: 'ExecutionSucceeded', timestamp: runtime.now(), output: output as Json });
    return output as Json;
  } catch (err) {
    if (isCancellation(err) || err instanceof ApplicationFailure) throw err;
    const error = toExecutionError(err);
    history.emit(runtime, {
      type: 'ExecutionFailed',
      timestamp: runtime.now(),
      error: error.error,
      cause: error.causeText,
    });
    throw ApplicationFailure.create({
      type: error.error,
      message: error.causeText,
      nonRetryable: true,
      details: [{ status: 'FAILED' }],
    });
  }
}
