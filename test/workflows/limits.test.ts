/**
 * AWS's size limits on Temporal (time-skipping server): the same errors as the local runtime for a Task result, a
 * Map's output, a task token's answer and an execution's input, and a run whose variables are too large to
 * continue as new going on in place instead of reaching Temporal's 2 MiB payload limit.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type temporal } from '@temporalio/proto';
import { type Json, type StateMachine } from '../../src/asl/types';
import {
  ExecutionInputTooLarge,
  MAX_PAYLOAD_BYTES,
  MAX_WORKFLOW_PAYLOAD_BYTES,
} from '../../src/dataflow/limits';
import { StateMachineClient } from '../../src/client/state-machine-client';
import { TaskTokenError } from '../../src/client/task-tokens';
import { decodeTaskToken } from '../../src/interpreter/task-token';
import { TASK_RESPONSE_UPDATE, TRACE_QUERY } from '../../workflows/state-machine-input';
import { CONTINUE_AS_NEW_SIZE_PATCH } from '../../workflows/state-machine';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';

const text = (bytes: number): string => 'x'.repeat(bytes - 2);
const BIG = 'arn:aws:lambda:us-east-1:123456789012:function:big';
const returned = (source: string) =>
  `The state/task '${source}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** Tokens handed to the `approver` function, by order id. */
const handedOut = new Map<string, string>();

async function eventually<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('limits on the time-skipping server', () => {
  let machine: MachineWorker;
  let client: StateMachineClient;

  beforeAll(async () => {
    machine = await startMachineWorker({
      name: 'limits',
      server: 'time-skipping',
      handlers: {
        big: (event) => text((event as { bytes: number }).bytes),
        approver: (event) => {
          const { token, orderId } = event as { token: string; orderId: string };
          handedOut.set(orderId, token);
          return { sent: true };
        },
      },
    });
    client = new StateMachineClient(machine.env.client, machine.taskQueue);
  });
  afterAll(() => machine?.stop());

  it('fails a Task whose result is over 256 KiB in the activity, so the result never reaches the history', async () => {
    const definition: StateMachine = {
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: BIG, End: true } },
    };
    const handle = await machine.start(definition, { bytes: MAX_PAYLOAD_BYTES + 1 });
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('States.DataLimitExceeded');
    expect(failure.message).toBe(returned(BIG));
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.activityTaskFailedEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.activityTaskCompletedEventAttributes)).toHaveLength(0);
    // Exactly 256 KiB is within the quota.
    await expect(machine.execute(definition, { bytes: MAX_PAYLOAD_BYTES })).resolves.toBe(
      text(MAX_PAYLOAD_BYTES),
    );
  });

  it('fails an inline Map whose output is over 256 KiB, naming the Map, as the local runtime does', async () => {
    const definition: StateMachine = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Grow',
            States: { Grow: { Type: 'Pass', Result: text(70_000), End: true } },
          },
          End: true,
        },
      },
    } as unknown as StateMachine;
    const failure = await failureOf(machine.execute(definition, [1, 2, 3, 4]));
    expect(failure.type).toBe('States.DataLimitExceeded');
    expect(failure.message).toBe(returned('Fan'));
  });

  it("refuses SendTaskSuccess's output over 256 KiB with AWS's ValidationException, in the client and the update", async () => {
    const definition: StateMachine = {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'approver', Payload: { 'token.$': '$$.Task.Token', orderId: 'big-1' } },
          End: true,
        },
      },
    } as unknown as StateMachine;
    const handle = await machine.start(definition, {});
    const token = await eventually(() => handedOut.get('big-1'), 'the token');
    const message =
      "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144";

    const refused = client.sendTaskSuccess(token, JSON.stringify({ big: text(MAX_PAYLOAD_BYTES) }));
    await expect(refused).rejects.toBeInstanceOf(TaskTokenError);
    await expect(refused).rejects.toMatchObject({ errorName: 'ValidationException', message });

    // A client that reaches the update directly meets the workflow's own validator, and no history is written.
    const workflowId = decodeTaskToken(token)!.workflowId;
    const direct = machine.env.client.workflow.getHandle(workflowId).executeUpdate(TASK_RESPONSE_UPDATE, {
      args: [{ kind: 'success', taskToken: token, output: text(MAX_PAYLOAD_BYTES + 1) }],
    });
    const err = await direct.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ValidationException', message });

    // The Task still waits, and a small answer completes it.
    await client.sendTaskSuccess(token, { approved: true });
    await expect(handle.result()).resolves.toEqual({ approved: true });
  });

  it('refuses an execution input over 256 KiB at StartExecution, before any workflow starts', async () => {
    const definition: StateMachine = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const start = client.startExecution({
      name: 'too-big-input',
      machine: definition,
      stateMachineName: 'limits',
      input: text(MAX_PAYLOAD_BYTES + 1),
    });
    await expect(start).rejects.toBeInstanceOf(ExecutionInputTooLarge);
    await expect(start).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
    await expect(machine.env.client.workflow.getHandle('too-big-input').describe()).rejects.toThrow();
  });

  it('goes on in place when its variables make continue-as-new too large, and continues as new once they shrink', async () => {
    // Eight variables of 250 KB each from a Task (2 MB in all, within AWS's 10 MiB) ride every continue-as-new; a
    // loop of 1 s Waits wants one every 20 history events.
    const names = Array.from({ length: 8 }, (_, i) => `v${i}`);
    const definition = {
      StartAt: 'Load0',
      States: {
        ...Object.fromEntries(
          names.map((name, i) => [
            `Load${i}`,
            {
              Type: 'Task',
              Resource: BIG,
              Parameters: { bytes: 250_000 },
              ResultPath: null,
              Assign: { [`${name}.$`]: '$' },
              Next: i < names.length - 1 ? `Load${i + 1}` : 'Loop',
            },
          ]),
        ),
        Loop: { Type: 'Wait', Seconds: 1, Next: 'Count' },
        Count: {
          Type: 'Pass',
          Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
          Next: 'More',
        },
        More: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThan: 30, Next: 'Loop' }],
          Default: 'Shrink',
        },
        Shrink: {
          Type: 'Pass',
          Assign: Object.fromEntries(names.map((name) => [name, null])),
          Next: 'Again',
        },
        Again: { Type: 'Wait', Seconds: 1, Next: 'Recount' },
        Recount: {
          Type: 'Pass',
          Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
          Next: 'Done?',
        },
        'Done?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThan: 60, Next: 'Again' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    } as unknown as StateMachine;
    const handle = await machine.start(definition, { n: 0 } as Json, { continueAsNewAfterEvents: 20 });
    await expect(handle.result()).resolves.toEqual({ n: 60 });
    // Walk the chain of runs: every continue-as-new stayed within one payload, and the run that would have carried
    // the 2 MB of variables marked the patch and went on in place instead.
    const runs: { events: number; patched: boolean; carried?: number; variables?: Record<string, Json> }[] =
      [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const history: temporal.api.history.v1.IHistory = await machine.env.client.workflow
        .getHandle(handle.workflowId, runId)
        .fetchHistory();
      const events = history.events ?? [];
      const patches = events
        .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
        .map((e) => {
          const data = e.markerRecordedEventAttributes!.details!['patch-data'].payloads![0].data!;
          return (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id;
        });
      const continued = events.find(
        (e) => e.workflowExecutionContinuedAsNewEventAttributes,
      )?.workflowExecutionContinuedAsNewEventAttributes;
      const data = continued?.input?.payloads?.[0].data;
      runs.push({
        events: events.length,
        patched: patches.includes(CONTINUE_AS_NEW_SIZE_PATCH),
        carried: data?.length,
        variables: data
          ? (
              JSON.parse(Buffer.from(data).toString('utf8')) as {
                resume: { variables: Record<string, Json> };
              }
            ).resume.variables
          : undefined,
      });
      runId = continued?.newExecutionRunId ?? undefined;
    }
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) {
      if (run.carried !== undefined) expect(run.carried).toBeLessThanOrEqual(MAX_WORKFLOW_PAYLOAD_BYTES);
    }
    const inPlace = runs.findIndex((run) => run.patched);
    expect(inPlace).toBeGreaterThanOrEqual(0);
    // That run held its 30 iterations of 3 events or more each, far past the 20 events that ask for a new run...
    expect(runs[inPlace].events).toBeGreaterThan(90);
    // ...and continued as new once Shrink had emptied the variables.
    expect(runs[inPlace].carried).toBeLessThan(64 * 1024);
    expect(Object.values(runs[inPlace].variables ?? { none: 1 }).every((v) => v === null)).toBe(true);
  });

  it('answers the trace query within one payload however large the states, dropping the oldest events', async () => {
    // Six Tasks of 250 KB in and out: some 6 MB of trace events (each Task's input and result appear twice).
    const names = Array.from({ length: 6 }, (_, i) => `Big${i}`);
    const definition = {
      StartAt: names[0],
      States: Object.fromEntries(
        names.map((name, i) => [
          name,
          {
            Type: 'Task',
            Resource: BIG,
            Parameters: { bytes: 250_000, 'pad.$': '$.pad' },
            ResultSelector: { 'pad.$': '$' },
            ...(i < names.length - 1 ? { Next: names[i + 1] } : { End: true }),
          },
        ]),
      ),
    } as unknown as StateMachine;
    const handle = await machine.start(definition, { pad: '' });
    await handle.result();
    const trace = await handle.query<{ events: { id: number; type: string }[]; dropped: number }>(
      TRACE_QUERY,
    );
    expect(JSON.stringify(trace).length).toBeLessThanOrEqual(MAX_WORKFLOW_PAYLOAD_BYTES);
    expect(trace.dropped).toBeGreaterThan(0);
    // The newest events are kept, in order, ending with the execution's end.
    expect(trace.events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(trace.events[0].id).toBe(trace.dropped + 1);
    const history = await client.getExecutionHistory(handle.workflowId);
    expect(history.dropped).toBe(trace.dropped);
  });
});

describe('limits on the dev server', () => {
  let machine: MachineWorker;

  beforeAll(async () => {
    machine = await startMachineWorker({
      name: 'limits-dev',
      server: 'dev',
      handlers: { big: (event) => text((event as { bytes: number }).bytes) },
    });
  });
  afterAll(() => machine?.stop());

  it('fails with a clear States.Runtime before Temporal terminates a run that can neither continue as new nor stop growing', async () => {
    // 2 MB of variables keep the run from continuing as new; each loop Task then adds some 0.5 MB of history (its
    // input and result), so the history reaches the 40 MiB guard after about 80 of them.
    const names = Array.from({ length: 8 }, (_, i) => `v${i}`);
    const definition = {
      StartAt: 'Load0',
      States: {
        ...Object.fromEntries(
          names.map((name, i) => [
            `Load${i}`,
            {
              Type: 'Task',
              Resource: BIG,
              Parameters: { bytes: 250_000 },
              ResultPath: null,
              Assign: { [`${name}.$`]: '$' },
              Next: i < names.length - 1 ? `Load${i + 1}` : 'Grow',
            },
          ]),
        ),
        Grow: {
          Type: 'Task',
          Resource: BIG,
          Parameters: { bytes: 250_000, 'pad.$': '$.pad' },
          ResultSelector: { 'pad.$': '$' },
          Next: 'Grow',
        },
      },
    } as unknown as StateMachine;
    const handle = await machine.start(definition, { pad: '' });
    const failure = await failureOf(handle.result());
    expect(failure.type).toBe('States.Runtime');
    const match =
      /^The execution's history reached (\d+) events \((\d+) bytes\) and it cannot continue as new: its definition, input, variables and mocks come to (\d+) bytes, over the 1966080 bytes of one Temporal payload\. Keep large data out of variables\.$/.exec(
        failure.message,
      );
    expect(match).not.toBeNull();
    const [, events, bytes, carried] = match!.map(Number);
    expect(bytes).toBeGreaterThanOrEqual(40 * 1024 * 1024);
    expect(bytes).toBeLessThan(50 * 1024 * 1024);
    expect(events).toBeLessThan(40_000);
    expect(carried).toBeGreaterThan(2_000_000);
    // One run: it never continued as new.
    const described = await handle.describe();
    expect(described.runId).toBe(handle.firstExecutionRunId);
    // Its history, as GetExecutionHistory gives it, ends with the failure.
    const trace = await handle.query<{ events: { id: number; type: string; error?: string }[] }>(TRACE_QUERY);
    const last = trace.events.at(-1)!;
    expect(last).toMatchObject({ type: 'ExecutionFailed', error: 'States.Runtime' });
    expect(last.id).toBe(trace.events.at(-2)!.id + 1);
  }, 120_000);
});
