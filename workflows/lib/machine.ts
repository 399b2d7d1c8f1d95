import { ExecutionError, STATES_ERRORS } from '../../src/asl/errors';
import { type Json, type JsonObject, type State, type SubMachine } from '../../src/asl/types';
import { runtimeError } from '../../src/dataflow/errors';
import { compilePath, evaluatePath } from '../../src/dataflow/jsonpath';
import { type EvalEnv } from '../../src/dataflow/env';
import { evaluateJsonataTemplate, jsonataExpressionOf } from '../../src/dataflow/jsonata';
import { checkResultSize } from '../../src/dataflow/limits';
import { evaluateDynamic, evaluatePayloadTemplate } from '../../src/dataflow/payload';
import { inputBinding } from '../../src/interpreter/io';
import { applyInputPath, applyOutputPath } from '../../src/dataflow/paths';
import { locateError } from '../../src/interpreter/history';
import {
  evalEnv,
  type MachineContext,
  type StateOutcome,
  type StateRun,
} from '../../src/interpreter/machine-context';
import { executeChoice } from '../../src/interpreter/states/choice';
import { toExecutionError } from '../../src/interpreter/states/error-handling';
import { executeMap } from '../../src/interpreter/states/map';
import { type RunMachine } from '../../src/interpreter/states/nested';
import { executeParallel } from '../../src/interpreter/states/parallel';
import { executePass } from '../../src/interpreter/states/pass';
import { executeTask } from '../../src/interpreter/states/task';
import { executeFail, executeSucceed } from '../../src/interpreter/states/terminal';
import { executeWait } from '../../src/interpreter/states/wait';
import { batchRuntime, type BatchWorkflow } from './distributed';
import { type PathReader, pathRef, type Ref } from './path-ref';
import { StateCall } from './state-call';
import { aslFields, type StateFields } from './template';

/** A state's fields as the definition writes them (paths as `$` references), without Type, Next and End. */
export type { StateFields } from './template';

/** A Parallel branch or Map iteration as code: it gets its own machine handle (variable scope) and its input. */
export type Nested = (m: Machine, input: Json) => Promise<Json>;

/** What only the execution's top level has: where a continued run resumes, and continue-as-new at loop heads. */
export interface TopLevel {
  /** The loop header this run resumes at (set when the run before continued as new there). */
  readonly resumedAt?: string;
  /** Continues as new at the loop `at` with `input` when the history has grown long (throws ContinueAsNew). */
  readonly loopHead: (at: string, input: Json) => Promise<never> | undefined;
}

/** The state types {@link Machine.step} runs. */
export type StateType = State['Type'];

// A nested machine handed to the interpreter's Parallel and Map executors: they only read its QueryLanguage and
// hand it back to the runner, which runs the generated function instead.
const CODE_BRANCH: SubMachine = { StartAt: 'code', States: {} };

/**
 * One machine (the execution's top level, a Parallel branch or a Map iteration) as exported code runs it: each call
 * runs one state with the interpreter's own executor for that state type, so its data flow, Retry, Catch, errors
 * and history events are the interpreter's, while the order of the states is the generated code's.
 */
export class Machine {
  private started = false;
  // The state entered last: `$$.State` of expressions the code evaluates itself (evaluate, format).
  private lastRun?: StateRun;

  constructor(
    /** The interpreter's context of this machine: runtime, execution facts, variables, event counter. */
    readonly context: MachineContext,
    private readonly top?: TopLevel,
  ) {}

  /** The loop header state this run starts at, when the run before it continued as new there. */
  get resumedAt(): string | undefined {
    return this.top?.resumedAt;
  }

  /**
   * A loop's head, before its header state runs again: at the top level, a history grown long continues as new
   * here (the next run starts at this loop with `input`, variables and event ids carried); elsewhere (a Parallel
   * branch, a Map iteration) nothing happens, as those cannot continue as new on their own.
   */
  async loopHead(name: string, input: Json): Promise<void> {
    await this.top?.loopHead(name, input);
  }

  /**
   * Runs one state and returns its outcome: `next` is the Catch's target when a catcher caught the error (null when
   * the state ended normally, since the code, not the definition, says where it goes on).
   */
  async step(
    type: StateType,
    name: string,
    fields: StateFields,
    input: Json,
    nested?: Nested | readonly Nested[] | { readonly batch: BatchWorkflow },
  ): Promise<StateOutcome> {
    const run = await this.enter(name, type, input);
    const state = { ...aslFields(fields), Type: type, End: true } as unknown as State;
    let outcome: StateOutcome;
    try {
      outcome = await this.execute(state, run, input, nested);
      if (outcome.output !== input) checkResultSize(outcome.output, name);
    } catch (err) {
      throw locateError(toExecutionError(err), name, run.enteredEventId);
    }
    this.exit(name, type, outcome.output, outcome.assigned);
    return outcome;
  }

  /**
   * A Task state (any Resource: Lambda, `arn:aws:states:::` integrations, activities), through the Task executor;
   * await it, or give it `retry(...)`/`withCatch(...)` first.
   */
  task(name: string, fields: StateFields, input: Json): StateCall {
    return new StateCall((all) => this.step('Task', name, all, input), fields);
  }

  /** A Pass state. */
  async pass(name: string, fields: StateFields, input: Json): Promise<Json> {
    return (await this.step('Pass', name, fields, input)).output;
  }

  /** A Wait state: a durable timer. */
  async wait(name: string, fields: StateFields, input: Json): Promise<Json> {
    return (await this.step('Wait', name, fields, input)).output;
  }

  /** A Succeed state: its output ends the machine. */
  async succeed(name: string, fields: StateFields, input: Json): Promise<Json> {
    return (await this.step('Succeed', name, fields, input)).output;
  }

  /** A Fail state: always throws its error (Error/Cause, or their paths and JSONata forms evaluated). */
  async fail(name: string, fields: StateFields, input: Json): Promise<never> {
    await this.step('Fail', name, fields, input);
    throw new ExecutionError(STATES_ERRORS.Runtime, `The Fail state '${name}' did not fail.`);
  }

  /** A Parallel state whose branches are the given functions, in branch order (a {@link StateCall}). */
  parallel(name: string, fields: StateFields, input: Json, branches: readonly Nested[]): StateCall {
    return new StateCall((all) => this.step('Parallel', name, all, input, branches), fields);
  }

  /** An inline Map state whose iteration is `iteration` (a {@link StateCall}). */
  map(name: string, fields: StateFields, input: Json, iteration?: Nested): StateCall {
    return new StateCall((all) => this.step('Map', name, all, input, iteration), fields);
  }

  /**
   * A Distributed Map whose ItemProcessor is code: `batch` is the exported batch workflow (see
   * {@link distributedBatch}) each child workflow runs on its items; `fields` keep ItemReader, ItemBatcher,
   * ResultWriter, tolerances and the ProcessorConfig.
   */
  distributedMap(name: string, fields: StateFields, input: Json, batch: BatchWorkflow): StateCall {
    return new StateCall((all) => this.step('Map', name, all, input, { batch }), fields);
  }

  /**
   * Enters a JSONPath Choice state without Assign: the code tests its rules as plain conditions over
   * {@link ChoiceStep.at}, then calls `exit()` in the branch it takes (or throws `noMatch()`).
   */
  async choice(name: string, input: Json, fields: StateFields = {}): Promise<ChoiceStep> {
    const run = await this.enter(name, 'Choice', input);
    return new ChoiceStep(this, run, input, fields);
  }

  /**
   * Evaluates one expression over `input` as a state's field would: `{% JSONata %}`, an intrinsic function
   * (`States.Format('{}', $.id)`) or a JSONPath (which fails `States.Runtime` when it selects nothing). For code
   * written by hand after the export: `$$` and the variables are those of the state entered last.
   */
  async evaluate(expression: string, input: Json): Promise<Json> {
    const env = this.env();
    if (jsonataExpressionOf(expression) !== undefined) {
      return evaluateJsonataTemplate(expression, inputBinding(input, env), env, 'expression');
    }
    return evaluateDynamic('expression.$', expression, input, env, 'expression');
  }

  /**
   * Evaluates a payload template over `input` as Parameters would (`"id.$": "$.order.id"`, intrinsics, `$$`,
   * variables), or a JSONata template (`{% %}` strings) as Arguments/Output would.
   */
  async format(template: JsonObject, input: Json): Promise<Json> {
    const env = this.env();
    if (JSON.stringify(template).includes('{%')) {
      return evaluateJsonataTemplate(template, inputBinding(input, env), env, 'template');
    }
    return evaluatePayloadTemplate(template, input, env, 'template');
  }

  private env(): EvalEnv {
    const run = this.lastRun ?? { name: '', enteredAt: this.context.runtime.now(), enteredEventId: 0 };
    return evalEnv(this.context, run);
  }

  /** Records StateEntered (after yielding when the workflow task has run its share of transitions). */
  private async enter(name: string, type: StateType, input: Json): Promise<StateRun> {
    const { runtime, history } = this.context;
    if (this.started) {
      // Exported code continues as new only at loop heads, so even the top level yields on a timer between states.
      const pause = runtime.betweenStates?.(true);
      if (pause) await pause;
    }
    this.started = true;
    const enteredAt = runtime.now();
    const enteredEventId = history.emit(runtime, {
      type: 'StateEntered',
      timestamp: enteredAt,
      state: name,
      stateType: type,
      input,
    });
    const retryable = type === 'Task' || type === 'Parallel' || type === 'Map';
    return retryable
      ? { name, enteredAt, enteredEventId, retryCount: 0 }
      : { name, enteredAt, enteredEventId };
  }

  /** Applies what the state assigned and records StateExited, as the interpreter's state loop does. */
  exit(name: string, type: StateType, output: Json, assigned?: Readonly<Record<string, Json>>): void {
    const { runtime, history, scope } = this.context;
    if (assigned) scope.assign(assigned);
    history.emit(runtime, {
      type: 'StateExited',
      timestamp: runtime.now(),
      state: name,
      stateType: type,
      output,
      ...(assigned ? { assignedVariables: assigned } : {}),
    });
  }

  private execute(
    state: State,
    run: StateRun,
    input: Json,
    nested?: Nested | readonly Nested[] | { readonly batch: BatchWorkflow },
  ): Promise<StateOutcome> | StateOutcome {
    const context = this.context;
    switch (state.Type) {
      case 'Task':
        return executeTask(state, context, run, input);
      case 'Pass':
        return executePass(state, context, run, input);
      case 'Choice':
        return executeChoice(state, context, run, input);
      case 'Wait':
        return executeWait(state, context, run, input);
      case 'Succeed':
        return executeSucceed(state, context, run, input);
      case 'Fail':
        return executeFail(state, context, run, input);
      case 'Parallel': {
        const branches = (nested ?? []) as readonly Nested[];
        const placeholders = branches.map(() => ({ ...CODE_BRANCH }));
        const runner: RunMachine = (branch, branchInput, child) =>
          branches[placeholders.indexOf(branch as (typeof placeholders)[number])](
            new Machine(child),
            branchInput,
          );
        return executeParallel({ ...state, Branches: placeholders }, context, run, input, runner);
      }
      case 'Map': {
        if (nested && 'batch' in nested) {
          // The executor plans the Map Run over a processor without states; each batch starts the code's workflow.
          const config = (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig;
          const code = {
            ...state,
            ItemProcessor: { ...CODE_BRANCH, ProcessorConfig: config },
            Iterator: undefined,
          };
          const runtime = batchRuntime(context.runtime, nested.batch);
          return executeMap(code, { ...context, runtime }, run, input, () =>
            Promise.reject(new Error('a code processor runs in its batch workflows')),
          );
        }
        const iteration = nested as Nested | undefined;
        // Without an iteration function the Map runs its ItemProcessor as data (a Distributed Map's batches).
        if (!iteration)
          return executeMap(state, context, run, input, () => Promise.reject(new Error('no iteration')));
        const config = (state.ItemProcessor ?? state.Iterator)?.ProcessorConfig;
        const processor = config ? { ...CODE_BRANCH, ProcessorConfig: config } : { ...CODE_BRANCH };
        const runner: RunMachine = (_processor, itemInput, child) => iteration(new Machine(child), itemInput);
        return executeMap(
          { ...state, ItemProcessor: processor, Iterator: undefined },
          context,
          run,
          input,
          runner,
        );
      }
    }
  }
}

/**
 * A Choice state the code is deciding: its rules' Variables read through {@link at}, which fails as the
 * interpreter's Choice does when a path selects nothing (so the error and cause stay AWS's).
 */
export class ChoiceStep implements PathReader {
  private readonly effective: Json;
  /**
   * The state's input (after InputPath) as references: `check.input.order.id` stands for `$.order.id`, which the
   * condition helpers (`numericGreaterThan(check.input.total, 100)`) resolve through {@link at}.
   */
  readonly input: Ref = pathRef(this, '$');

  constructor(
    private readonly machine: Machine,
    private readonly run: StateRun,
    stateInput: Json,
    private readonly fields: StateFields,
  ) {
    this.effective = this.located(() =>
      applyInputPath(fields.InputPath as string | null | undefined, stateInput, this.env()),
    );
  }

  /** The value a rule's Variable (or `...Path` operand) selects; a path that selects nothing fails `States.Runtime`. */
  at(path: string): Json {
    return this.located(() => {
      const outcome = evaluatePath(compilePath(path), this.effective, this.env());
      // The text of src/dataflow/choice.ts, which words AWS's message for the same case.
      if (!outcome.found)
        throw runtimeError(
          `Invalid path '${path}': The choice state's condition path references an invalid value.`,
        );
      return outcome.value;
    });
  }

  /** IsPresent: whether the path selects anything. */
  has(path: string): boolean {
    return this.located(() => evaluatePath(compilePath(path), this.effective, this.env()).found);
  }

  /** Leaves the state for the branch the code took: returns its output (OutputPath applied). */
  exit(): Json {
    const output = this.located(() =>
      applyOutputPath(this.fields.OutputPath as string | null | undefined, this.effective, this.env()),
    );
    this.machine.exit(this.run.name, 'Choice', output);
    return output;
  }

  /** No rule matched and there is no Default: `States.NoChoiceMatched`, as the interpreter words it. */
  noMatch(): ExecutionError {
    return this.locate(
      new ExecutionError(
        STATES_ERRORS.NoChoiceMatched,
        `No Matches! An error occurred while executing the state '${this.run.name}'.`,
      ),
    );
  }

  private env() {
    return evalEnv(this.machine.context, this.run);
  }

  private locate(err: unknown): ExecutionError {
    return locateError(toExecutionError(err), this.run.name, this.run.enteredEventId);
  }

  private located<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw this.locate(err);
    }
  }
}
