import { CancellationScope, patched, sleep, workflowInfo } from '@temporalio/workflow';

/**
 * State transitions one workflow task may run before the interpreter hands control back to Temporal: at about
 * 50,000 pure states/s in the sandbox this is some 100-200 ms of work, far below the 5 s isolate timeout even on a
 * loaded machine, and few enough continue-as-new or timer events per transition to leave the history negligible.
 */
export const DEFAULT_TRANSITIONS_PER_TASK = 10_000;

/**
 * The server delays the first task of a run that follows a run shorter than this (`ContinueAsNewMinInterval`,
 * default 1 s), which would cap a Pass/Choice loop at one run per second.
 */
const CONTINUE_AS_NEW_MIN_INTERVAL_MS = 1_000;

/**
 * The `patched()` id of the transition budget: its timers and continue-as-new are commands that executions which
 * started on an older worker never issued, so those keep running without it (docs/architecture.md, "Changing
 * workflow code").
 */
export const TRANSITION_BUDGET_PATCH = 'asl-transition-budget-1';

/**
 * Counts state transitions since the workflow last awaited something of Temporal's (an activity, timer, child,
 * signal), which is where a workflow task ends. Deterministic: it depends only on the workflow's own path, so a
 * replay pauses at the same states.
 */
export class TransitionBudget {
  private spent = 0;
  private yielding: Promise<void> | undefined;
  private enabled: boolean | undefined;
  private continueAsNewBlocked = false;

  constructor(readonly limit: number = DEFAULT_TRANSITIONS_PER_TASK) {}

  /** Counts one transition. */
  spend(): void {
    // Executions started before the budget existed replay without its pauses (their histories have none).
    this.enabled ??= patched(TRANSITION_BUDGET_PATCH);
    if (this.enabled) this.spent += 1;
  }

  /** Whether this task has run its share of transitions. */
  exhausted(): boolean {
    return this.spent >= this.limit;
  }

  /** Temporal answered: a new workflow task runs from here. */
  refill(): void {
    this.spent = 0;
  }

  /** Wraps a Temporal await so that its completion refills the budget. */
  track<T>(pending: Promise<T>): Promise<T> {
    return pending.then(
      (value) => {
        this.refill();
        return value;
      },
      (err: unknown) => {
        this.refill();
        throw err;
      },
    );
  }

  /**
   * Whether the top level should continue as new at a spent budget: only once the run is old enough that the server
   * starts the next run at once; before that it pauses on the timer like a nested machine. Workflow time, so a
   * replay decides the same.
   */
  mayContinueAsNew(): boolean {
    if (this.continueAsNewBlocked) return false;
    return Date.now() - workflowInfo().runStartTime.getTime() >= CONTINUE_AS_NEW_MIN_INTERVAL_MS;
  }

  /**
   * The run's arguments are too large to continue as new (src/dataflow/limits.ts, MAX_WORKFLOW_PAYLOAD_BYTES): from
   * here a spent budget pauses on the timer, as in a nested machine.
   */
  blockContinueAsNew(): void {
    this.continueAsNewBlocked = true;
  }

  /**
   * Where the machine cannot continue as new (a nested one, or a young run): once the budget is spent, a 1 ms
   * durable timer ends the workflow task. Every branch that reaches a state boundary meanwhile awaits the same
   * timer, so concurrent branches cannot keep the task busy; the timer is not cancellable, so one failing branch
   * does not cancel the others' wait.
   */
  pauseIfExhausted(): Promise<void> | undefined {
    if (this.yielding) return this.yielding;
    if (!this.exhausted()) return undefined;
    this.yielding = CancellationScope.nonCancellable(() => sleep(1)).then(() => {
      this.yielding = undefined;
      this.refill();
    });
    return this.yielding;
  }
}
