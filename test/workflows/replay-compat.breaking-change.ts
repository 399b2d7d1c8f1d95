/**
 * A deliberately incompatible change to the workflow code, bundled in by replay-compat.test.ts only: every workflow
 * starts a 1 ms timer before doing anything else, a command no recorded history holds. Replaying the fixtures on
 * it must fail each of them, which proves the replay test catches a change that breaks executions in flight.
 */
import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The interceptors the bundler picks up from this module. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        await sleep(1);
        return next(input);
      },
    },
  ],
});
