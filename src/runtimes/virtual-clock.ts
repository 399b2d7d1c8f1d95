/** A pending sleep on the virtual clock. */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A discrete-event clock: sleeps resolve in time order, and time jumps to the next timer only when nothing else
 * can make progress (no microtasks, no work the owner reported as in flight; a timer already due fires during such
 * work, since it moves no time). A one-year wait takes no real time.
 */
export class VirtualClock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private inFlight = 0;
  private scheduled = false;

  constructor(startMs: number) {
    this.current = startMs;
  }

  /** The virtual time in epoch milliseconds. */
  now(): number {
    return this.current;
  }

  /** Resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq++, resolve });
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.schedule();
    });
  }

  /** Runs real asynchronous work (a task handler) during which virtual time must not advance. */
  track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    let pending: Promise<T>;
    try {
      pending = work();
    } catch (err) {
      this.settled();
      return Promise.reject(err);
    }
    // One promise per call (an async function with try/finally made two and a generator-like frame), and its two
    // reactions made once per clock rather than two closures per Task.
    return pending.then(this.onFulfilled as (value: T) => T, this.onRejected);
  }

  private readonly onFulfilled = (value: unknown): unknown => {
    this.settled();
    return value;
  };

  private readonly onRejected = (err: unknown): never => {
    this.settled();
    throw err;
  };

  private settled(): void {
    this.inFlight -= 1;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.timers.length === 0) return;
    this.scheduled = true;
    // setImmediate runs after pending microtasks: by then every promise chain that could run has run.
    setImmediate(() => {
      this.scheduled = false;
      // While real work is in flight time stands still, but a timer due now needs no time to pass: a Wait of 0
      // seconds in one branch ends while another branch's Task is still out, as on AWS.
      if (this.inFlight > 0 && this.timers[0].at > this.current) return;
      const timer = this.timers.shift();
      if (!timer) return;
      this.current = Math.max(this.current, timer.at);
      timer.resolve();
      this.schedule();
    });
  }
}
