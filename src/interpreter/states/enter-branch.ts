import { type Runtime } from '../runtime';

/**
 * What starting one Map iteration or Parallel branch costs, in pure state transitions: a child scope, a few
 * promises (each a stack capture in the workflow sandbox) and its trace events. On this budget a Map of one- or
 * two-state iterations ends its workflow task about every 1,000 iterations, some 0.3 s of work, instead of the
 * 2-3 s (and worker crashes past the 5 s deadline on a loaded machine) that counting it as one transition gave.
 */
export const BRANCH_START_TRANSITIONS = 10;

function spendStart(runtime: Runtime): Promise<void> | undefined {
  let pause: Promise<void> | undefined;
  for (let i = 0; i < BRANCH_START_TRANSITIONS; i++) pause = runtime.betweenStates?.(true) ?? pause;
  return pause;
}

/**
 * Spends a branch's start on the runtime's transition budget; the promise to await, when the runtime pauses there
 * (on Temporal: a 1 ms timer that ends the workflow task), else undefined, so the caller skips the await. A branch
 * that waited spends again in the new task, so branches all started at once (a Parallel) are spread over tasks too.
 */
export function enterBranch(runtime: Runtime): Promise<void> | undefined {
  const pause = spendStart(runtime);
  return pause?.then(() => enterBranch(runtime));
}
