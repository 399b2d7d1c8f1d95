/**
 * Parallel branches still running when the execution has failed go on in microtasks of the same workflow task. A
 * command they issued then (a `patched()` marker of a retried Parallel, a search attribute of a Wait) came after
 * the workflow's FailWorkflowExecution, and the server refused the task ("command FailWorkflowExecution must be the
 * last command") on every retry: the execution never ended. Found by the differential fuzz test (seed 4242).
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Json, type StateMachine } from '../../src/asl/types';
import { FUZZ_HANDLERS } from '../support/fuzz/handlers';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';

const fixture = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/machines/branches-after-failure.json'), 'utf8'),
) as { machine: StateMachine; input: Json };

describe('branches that go on after the execution failed', () => {
  let worker: MachineWorker;
  beforeAll(async () => {
    worker = await startMachineWorker({ name: 'after-end', server: 'dev', handlers: FUZZ_HANDLERS });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it('issue no command after the failure: the execution ends as the local runtime ends it', async () => {
    const handle = await worker.start(fixture.machine, fixture.input, { stateMachineName: 'after-end' });
    const error = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('States.Runtime');
    expect((cause as ApplicationFailure).message).toMatch(
      /^An error occurred while executing the state 'S3' \(entered at the event id #\d+\)\. The JSONPath '\$\.data\.s' specified for the field 'v76\.\$' could not be found in the input '\{"k0":1\}'$/,
    );
    // It ended: the last event is the execution's failure (a WorkflowTaskFailed retried once on the dev server,
    // UnhandledCommand when an activity's failure arrived during the task, is Temporal's normal behaviour).
    const events = (await handle.fetchHistory()).events ?? [];
    expect(String(events[events.length - 1]?.eventType)).toMatch(
      /^(3|EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)$/,
    );
  }, 60_000);
});
