import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, defaultSinks, type LogEntry, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { type Json } from '../../src/asl/types';
import { type ExecutionLogging } from '../../src/interpreter/execution-log';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { loadExample } from '../support/parity';
import { exampleHandlers, timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

// The choice-logic example: EvaluateOrder (Choice) -> a Lambda Task; an express order to a remote destination fails.
const example = loadExample('choice-logic');
const failingOrder = {
  ...(example.input as Record<string, Json>),
  orderValue: 10,
  orderType: 'express',
  destination: 'remote',
};

describe('the generic workflow logs history events through the workflow logger, as LoggingConfiguration says', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueId('logging');
  const entries: LogEntry[] = [];

  beforeAll(async () => {
    env = await timeSkippingEnv();
    // The Runtime's logger is global to the process (and quiet in tests), so this worker gets its own workflow
    // logger sink: the (deprecated but supported) `defaultSinks(logger)` registration routes the workflow `log`
    // calls of this worker alone to a capturing logger.
    const capture = new DefaultLogger('TRACE', (entry) => entries.push(entry));
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities: createActivities({ handlers: exampleHandlers('choice-logic') }),
      workflowBundle: workflowBundle(),
      sinks: defaultSinks(capture),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** Runs one execution with `logging` and returns the log entries its workflow wrote. */
  async function run(input: Json, logging?: ExecutionLogging): Promise<LogEntry[]> {
    const workflowId = uniqueId('logged');
    const args: StateMachineWorkflowInput = {
      definition: example.machine,
      input,
      stateMachineName: 'choice-logic',
      ...(logging ? { logging } : {}),
    };
    await env.client.workflow
      .execute('stateMachine', { args: [args], taskQueue, workflowId })
      .catch(() => undefined);
    // The SDK logs its own lines (workflow started/completed) through the same logger: keep the history events.
    return entries.filter((e) => e.meta?.workflowId === workflowId && e.meta?.execution_arn !== undefined);
  }

  const types = (logged: LogEntry[]) => logged.map((e) => e.meta?.type);

  it('ALL logs every event with Step Functions type names, without data unless IncludeExecutionData', async () => {
    const logged = await run(example.input, { level: 'ALL' });
    expect(types(logged)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(logged.every((e) => e.level === 'INFO')).toBe(true);
    expect(logged[0].meta).toMatchObject({
      id: '1',
      details: {},
      execution_arn: expect.stringMatching(/^arn:aws:states:.*:execution:choice-logic:/),
    });
    expect(logged.map((e) => e.meta?.details)).not.toContainEqual(
      expect.objectContaining({ input: expect.anything() }),
    );
    expect(logged[1].message).toBe('ChoiceStateEntered EvaluateOrder');
  });

  it('ALL with IncludeExecutionData adds inputs and outputs as JSON text', async () => {
    const logged = await run(example.input, { level: 'ALL', includeExecutionData: true });
    expect(logged[0].meta?.details).toEqual({
      input: JSON.stringify(example.input),
      inputDetails: { truncated: false },
    });
    expect(logged.at(-1)?.meta?.details).toMatchObject({ output: JSON.stringify(example.expected) });
  });

  it('ERROR logs the failures only, at error level', async () => {
    const logged = await run(failingOrder, { level: 'ERROR', includeExecutionData: true });
    expect(types(logged)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
    expect(logged.every((e) => e.level === 'ERROR')).toBe(true);
    expect(logged[1].meta?.details).toMatchObject({ error: 'ExpressUnavailable', cause: expect.any(String) });
  });

  it('FATAL logs only the execution failure; without execution data it keeps the error name, not the cause', async () => {
    const logged = await run(failingOrder, { level: 'FATAL' });
    expect(types(logged)).toEqual(['ExecutionFailed']);
    expect(logged[0].meta?.details).toEqual({ error: 'ExpressUnavailable' });
    expect(await run(example.input, { level: 'FATAL' })).toEqual([]);
  });

  it('OFF, or no logging configuration, logs nothing', async () => {
    expect(await run(failingOrder, { level: 'OFF' })).toEqual([]);
    expect(await run(failingOrder)).toEqual([]);
  });
});
