import {
  ApplicationFailure,
  ContinueAsNew,
  continueAsNew,
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
import { historyNearLimit, MAX_WORKFLOW_PAYLOAD_BYTES, payloadSize } from '../../src/dataflow/limits';
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
  /** Continue-as-new after this many history events even if Temporal does not suggest it yet (default 8,000). */
  readonly continueAsNewAfterEvents?: number;
  /** Set by the run before when it continued as new at a loop's head; not for callers. */
  readonly resume?: ExportedResume;
}

/** What a run that continued as new at a loop's head ({@link Machine.loopHead}) hands the next run. */
export interface ExportedResume {
  /** The loop header state the next run starts at (the input is the workflow's input argument). */
  readonly at: string;
  /** The execution's own input (`$$.Execution.Input`), as the first run got it. */
  readonly executionInput: Json;
  readonly startTime: string;
  /** Epoch ms at which TimeoutSeconds expires, if the machine has one. */
  readonly deadline?: number;
  readonly variables: Readonly<Record<string, Json>>;
  readonly eventCount: number;
  readonly mockCalls: Readonly<Record<string, number>>;
}

const DEFAULT_CONTINUE_AS_NEW_AFTER = 8_000;

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
  const mocker = new TaskMocker(options.mocks ?? {}, options.resume?.mockCalls);
  const runtime = withMocks(
    temporalRuntime({
      record: (event) => {
        if (event.type === 'StateEntered' && event.state) currentState = event.state;
        trace.add(event);
      },
      childIdPrefix: info.workflowId,
      nested: { region: options.region, account: options.account },
    }),
    mocker,
  );
  const resume = options.resume;
  const startTime = resume?.startTime ?? isoTime(runtime.now());
  const deadline =
    resume?.deadline ??
    (options.timeoutSeconds === undefined
      ? undefined
      : Date.parse(startTime) + options.timeoutSeconds * 1000);
  const history = new HistoryCounter(resume?.eventCount ?? 0);
  if (!resume) history.emit(runtime, { type: 'ExecutionStarted', timestamp: runtime.now(), input });
  const scope = VariableScope.root(resume?.variables);
  const limit = options.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  const m = new Machine(
    {
      runtime,
      execution: {
        id: arns.executionArn,
        name: executionName,
        input: resume?.executionInput ?? input,
        startTime,
        roleArn: arns.roleArn,
        stateMachineId: arns.stateMachineArn,
        stateMachineName: options.stateMachineName,
      },
      scope,
      queryLanguage: options.queryLanguage,
      nested: false,
      history,
    },
    {
      resumedAt: resume?.at,
      // At a loop's head: a long history continues as new there, unless the carried state is too large to travel
      // (Temporal refuses continue-as-new arguments over 2 MiB), when the run goes on in place.
      loopHead: (at, loopInput) => {
        const current = workflowInfo();
        const long =
          current.continueAsNewSuggested ||
          current.historyLength >= limit ||
          historyNearLimit({ bytes: current.historySize, events: current.historyLength });
        if (!long) return;
        const next: ExecutionOptions = {
          ...overrides,
          resume: {
            at,
            executionInput: resume?.executionInput ?? input,
            startTime,
            ...(deadline === undefined ? {} : { deadline }),
            variables: scope.ownVariables(),
            eventCount: history.total(),
            mockCalls: mocker.callCounts(),
          },
        };
        if (payloadSize([loopInput, next] as unknown as Json) > MAX_WORKFLOW_PAYLOAD_BYTES) return;
        return continueAsNew(loopInput, next);
      },
    },
  );
  const run = body(m);
  try {
    const output =
      deadline === undefined
        ? await run
        : await Promise.race([
            run,
            runtime.sleep(Math.max(0, deadline - runtime.now())).then(() => TIMED_OUT),
          ]);
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
    if (isCancellation(err) || err instanceof ApplicationFailure || err instanceof ContinueAsNew) throw err;
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
