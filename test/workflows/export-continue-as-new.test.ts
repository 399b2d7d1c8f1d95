/**
 * Exported code continues as new at its loops' heads: a loop of mocked Tasks and Waits, with variables, runs over
 * many Temporal runs of a few dozen events each, and ends as the interpreter's execution of the same definition
 * does (output, `$$.Execution.Input`, variables and mock call counts carried), with one joined history whose event
 * ids run on across runs. TimeoutSeconds counts from the first run's start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json, type StateMachine } from '../../src/asl/types';
import { executionHistory } from '../../src/client/execution-history';
import { type TaskMocks } from '../../src/interpreter/mocks';
import { timeSkippingEnv, uniqueId } from '../support/temporal';
import { bundleExported, outcomeOf, withBundleWorker } from './export-support';

const ROUNDS = 30;

/** Probes once a minute until `$.n` reaches `$.limit`, counting rounds in a variable. */
const POLLING = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Parameters: { n: 0, 'limit.$': '$.limit' }, Assign: { seen: 0 }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.limit', Next: 'Done' }],
      Default: 'Probe',
    },
    Probe: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:probe',
      ResultPath: '$.probe',
      Next: 'Nap',
    },
    Nap: { Type: 'Wait', Seconds: 60, Next: 'Increment' },
    Increment: {
      Type: 'Pass',
      Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'limit.$': '$.limit', 'probe.$': '$.probe' },
      Assign: { 'seen.$': 'States.MathAdd($seen, 1)' },
      Next: 'Check',
    },
    Done: {
      Type: 'Pass',
      Parameters: {
        'n.$': '$.n',
        'lastProbe.$': '$.probe',
        'seen.$': '$seen',
        'original.$': '$$.Execution.Input',
        'name.$': '$$.Execution.Name',
      },
      End: true,
    },
  },
} as unknown as StateMachine;

/** The k-th call of Probe answers k, so a count that restarted would show in the output. */
const MOCKS: TaskMocks = { Probe: Array.from({ length: ROUNDS + 1 }, (_, k) => ({ Return: k })) };

describe('exported loops continue as new', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-can-'));
  let env: TestWorkflowEnvironment;
  let code: string;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    code = await bundleExported(dir, [
      { name: 'polling', machine: POLLING },
      { name: 'pollingTimed', machine: { ...POLLING, TimeoutSeconds: 600 } },
    ]);
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs to the end: the outcome, how many Temporal runs it took, and the joined history without times. */
  async function run(taskQueue: string, workflowType: string, args: unknown[]) {
    const workflowId = uniqueId(workflowType);
    const handle = await env.client.workflow.start(workflowType, { args, taskQueue, workflowId });
    const outcome = await outcomeOf(handle);
    let runs = 0;
    for (let runId: string | undefined = handle.firstExecutionRunId; runId; runs += 1) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      const last = history.events?.at(-1);
      expect((history.events ?? []).length).toBeLessThan(200);
      runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    const { events, dropped } = await executionHistory(env.client, workflowId);
    expect(dropped).toBe(0);
    return { outcome, runs, events: events.map(({ timestamp: _t, ...rest }) => rest) };
  }

  it('a loop over many runs ends as the interpreter ends it, with one history numbered on across runs', async () => {
    await withBundleWorker(env, code, 'export-can', async (taskQueue) => {
      const input: Json = { limit: ROUNDS };
      const options = { executionName: 'same', mocks: MOCKS, continueAsNewAfterEvents: 40 };
      const exported = await run(taskQueue, 'polling', [input, options]);
      const asl = await run(taskQueue, 'stateMachine', [
        { definition: POLLING, input, stateMachineName: 'polling', ...options },
      ]);
      expect(exported.outcome).toEqual({
        status: 'SUCCEEDED',
        output: { n: ROUNDS, lastProbe: ROUNDS - 1, seen: ROUNDS, original: input, name: 'same' },
      });
      expect(exported.outcome).toEqual(asl.outcome);
      expect(exported.runs).toBeGreaterThanOrEqual(5);
      expect(exported.events.map((e) => e.id)).toEqual(exported.events.map((_, i) => i + 1));
      expect(exported.events).toEqual(asl.events);
    });
  }, 180_000);

  it('TimeoutSeconds counts from the first run: the execution times out across runs as the interpreter does', async () => {
    await withBundleWorker(env, code, 'export-can-timeout', async (taskQueue) => {
      const input: Json = { limit: ROUNDS };
      const options = { mocks: MOCKS, continueAsNewAfterEvents: 40 };
      const exported = await run(taskQueue, 'pollingTimed', [input, options]);
      const asl = await run(taskQueue, 'stateMachine', [
        {
          definition: { ...POLLING, TimeoutSeconds: 600 },
          input,
          stateMachineName: 'pollingTimed',
          ...options,
        },
      ]);
      expect(exported.outcome).toEqual({
        status: 'FAILED',
        error: 'States.Timeout',
        cause: 'The execution timed out.',
      });
      expect(asl.outcome.status).toBe('FAILED');
      expect(exported.runs).toBeGreaterThanOrEqual(2);
      // Ten one-minute naps fit in 600 s: the eleventh round is cut short, as in the interpreter.
      const rounds = (events: typeof exported.events) =>
        events.filter((e) => e.type === 'StateEntered' && e.state === 'Probe').length;
      expect(rounds(exported.events)).toBe(rounds(asl.events));
    });
  }, 180_000);
});
