/**
 * GetExecutionHistory's event details and links as AWS gives them, through @aws-sdk/client-sfn against `asl-temporal
 * serve` on the dev server: Lambda function Tasks (LambdaFunction* events) and `lambda:invoke` Tasks (Task*
 * events), Parallel, inline Map and Distributed Map; then paging over an execution that continued as new.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type StateMachine } from '../../src/asl/types';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { eventually, ROLE, type Serve, startServe } from './api-support';

const ECHO = 'arn:aws:lambda:us-east-1:123456789012:function:echo';
const REFUSE = 'arn:aws:lambda:us-east-1:123456789012:function:refuse';

function handlers(): string {
  const dir = tempDir('api-history-handlers');
  writeFileSync(join(dir, 'echo.js'), 'exports.handler = async (event) => ({ echoed: event });\n');
  writeFileSync(
    join(dir, 'refuse.js'),
    "exports.handler = async () => { const e = new Error('not today'); e.name = 'Refused'; throw e; };\n",
  );
  return dir;
}

/** The history's links: [id, previousEventId, type]. */
const links = (events: readonly HistoryEvent[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

describe('Step Functions API: GetExecutionHistory as AWS gives it', () => {
  let serve: Serve;
  const taskQueue = uniqueId('api-history');

  beforeAll(async () => {
    serve = await startServe(taskQueue, ['--handlers', handlers()]);
  }, 120_000);
  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
  }, 60_000);

  /** Runs `definition` on `input` to its end and returns its whole history, its ARN and its machine's name. */
  async function run(
    sfn: SFNClient,
    definition: object,
    input: unknown,
  ): Promise<{ events: HistoryEvent[]; executionArn: string; machine: string }> {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueId('history'),
        definition: JSON.stringify(definition),
        roleArn: ROLE,
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
    );
    await eventually(async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, `the end of ${executionArn}`);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    return { events: events!, executionArn: executionArn!, machine: stateMachineArn!.split(':').at(-1)! };
  }

  const historyOf = async (sfn: SFNClient, definition: object, input: unknown) =>
    (await run(sfn, definition, input)).events;

  it('details a Lambda function Task as LambdaFunction* events, its failure too', async () => {
    const { events, executionArn } = await run(
      serve.sfn,
      {
        StartAt: 'Call',
        States: {
          Call: { Type: 'Task', Resource: ECHO, TimeoutSeconds: 30, Next: 'Refuse' },
          Refuse: {
            Type: 'Task',
            Resource: REFUSE,
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      { n: 1 },
    );
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'TaskStateEntered'],
      [8, 7, 'LambdaFunctionScheduled'],
      [9, 8, 'LambdaFunctionStarted'],
      [10, 9, 'LambdaFunctionFailed'],
      [11, 10, 'TaskStateExited'],
      [12, 11, 'PassStateEntered'],
      [13, 12, 'PassStateExited'],
      [14, 13, 'ExecutionSucceeded'],
    ]);
    expect(events[2].lambdaFunctionScheduledEventDetails).toEqual({
      resource: ECHO,
      input: '{"n":1}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 30,
    });
    expect(events[3]).not.toHaveProperty('lambdaFunctionStartedEventDetails');
    expect(events[4].lambdaFunctionSucceededEventDetails).toEqual({
      output: '{"echoed":{"n":1}}',
      outputDetails: { truncated: false },
    });
    // No TimeoutSeconds: no timeoutInSeconds, as AWS.
    expect(events[7].lambdaFunctionScheduledEventDetails).toEqual({
      resource: REFUSE,
      input: '{"echoed":{"n":1}}',
      inputDetails: { truncated: false },
    });
    expect(events[9].lambdaFunctionFailedEventDetails).toEqual({
      error: 'Refused',
      cause: expect.stringContaining('not today'),
    });
    // Without execution data, inputs and outputs are left out.
    const bare = await serve.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(bare.events![2].lambdaFunctionScheduledEventDetails).toEqual({
      resource: ECHO,
      timeoutInSeconds: 30,
    });
    expect(bare.events![4]).not.toHaveProperty('lambdaFunctionSucceededEventDetails.output');
  });

  it('details a lambda:invoke Task as Task* events with resourceType, resource, region and parameters', async () => {
    const events = await historyOf(
      serve.sfn,
      {
        StartAt: 'Invoke',
        States: {
          Invoke: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
            HeartbeatSeconds: 20,
            TimeoutSeconds: 60,
            OutputPath: '$.Payload',
            End: true,
          },
        },
      },
      { v: 2 },
    );
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(events[2].taskScheduledEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"echo","Payload":{"v":2}}',
      timeoutInSeconds: 60,
      heartbeatInSeconds: 20,
    });
    expect(events[3].taskStartedEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke' });
    expect(events[4].taskSucceededEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      outputDetails: { truncated: false },
    });
    expect(JSON.parse(events[4].taskSucceededEventDetails!.output!)).toMatchObject({
      Payload: { echoed: { v: 2 } },
      StatusCode: 200,
    });
  });

  it('links a Parallel: each branch from ParallelStateStarted, the exit from the branches', async () => {
    const events = await historyOf(
      serve.sfn,
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
              {
                StartAt: 'Right',
                States: { Right: { Type: 'Pass', Next: 'Far' }, Far: { Type: 'Pass', End: true } },
              },
            ],
            End: true,
          },
        },
      },
      { p: 1 },
    );
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t!.startsWith('Parallel'))).toEqual([
      'ParallelStateEntered',
      'ParallelStateStarted',
      'ParallelStateSucceeded',
      'ParallelStateExited',
    ]);
    const byType = (type: string) => events.filter((e) => e.type === type);
    const started = byType('ParallelStateStarted')[0];
    expect(started.previousEventId).toBe(byType('ParallelStateEntered')[0].id);
    expect(Object.keys(started).filter((k) => k.endsWith('EventDetails'))).toEqual([]);
    const entryOf = (name: string) => events.find((e) => e.stateEnteredEventDetails?.name === name)!;
    const exitOf = (name: string) => events.find((e) => e.stateExitedEventDetails?.name === name)!;
    // Each branch's first state follows ParallelStateStarted; its next events follow their own branch.
    expect(entryOf('Left').previousEventId).toBe(started.id);
    expect(entryOf('Right').previousEventId).toBe(started.id);
    expect(exitOf('Left').previousEventId).toBe(entryOf('Left').id);
    expect(entryOf('Far').previousEventId).toBe(exitOf('Right').id);
    const latest = Math.max(exitOf('Left').id!, exitOf('Far').id!);
    expect(byType('ParallelStateSucceeded')[0].previousEventId).toBe(latest);
    expect(exitOf('Both').previousEventId).toBe(latest);
    expect(exitOf('Both').stateExitedEventDetails!.output).toBe('[{"p":1},{"p":1}]');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('links a Map run one item at a time exactly as AWS recorded one (test_map_state)', async () => {
    const events = await historyOf(
      serve.sfn,
      {
        StartAt: 'MapState',
        States: {
          MapState: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      ['a', 'b', 'c'],
    );
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'PassStateEntered'],
      [6, 5, 'PassStateExited'],
      [7, 6, 'MapIterationSucceeded'],
      [8, 6, 'MapIterationStarted'],
      [9, 8, 'PassStateEntered'],
      [10, 9, 'PassStateExited'],
      [11, 10, 'MapIterationSucceeded'],
      [12, 10, 'MapIterationStarted'],
      [13, 12, 'PassStateEntered'],
      [14, 13, 'PassStateExited'],
      [15, 14, 'MapIterationSucceeded'],
      [16, 15, 'MapStateSucceeded'],
      [17, 15, 'MapStateExited'],
      [18, 17, 'ExecutionSucceeded'],
    ]);
    expect(events[2].mapStateStartedEventDetails).toEqual({ length: 3 });
    expect([3, 6, 7, 10, 11, 14].map((i) => events[i])).toEqual(
      [0, 0, 1, 1, 2, 2].map((index, k) =>
        expect.objectContaining({
          [k % 2 === 0 ? 'mapIterationStartedEventDetails' : 'mapIterationSucceededEventDetails']: {
            name: 'MapState',
            index,
          },
        }),
      ),
    );
  });

  it('links interleaved Map iterations (MaxConcurrency 0, two states each) within their own iteration', async () => {
    const items = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];
    const events = await historyOf(
      serve.sfn,
      {
        StartAt: 'MapState',
        States: {
          MapState: {
            Type: 'Map',
            MaxConcurrency: 0,
            ItemProcessor: {
              StartAt: 'Call',
              States: {
                Call: { Type: 'Task', Resource: ECHO, Next: 'Shape' },
                Shape: { Type: 'Pass', Parameters: { 'n.$': '$.echoed.n' }, End: true },
              },
            },
            End: true,
          },
        },
      },
      items,
    );
    const byId = new Map(events.map((e) => [e.id!, e]));
    const started = events.filter((e) => e.type === 'MapIterationStarted');
    const ended = events.filter((e) => e.type === 'MapIterationSucceeded');
    expect(started).toHaveLength(4);
    // The iterations interleave: every one starts before the first one ends (four activities at once).
    expect(Math.max(...started.map((e) => e.id!))).toBeLessThan(Math.min(...ended.map((e) => e.id!)));
    for (const end of ended) {
      const index = end.mapIterationSucceededEventDetails!.index!;
      // Walk back from the iteration's end to its start: only its own events, in its own order.
      const chain: HistoryEvent[] = [];
      let at = byId.get(end.previousEventId!)!;
      while (at.type !== 'MapIterationStarted') {
        chain.unshift(at);
        at = byId.get(at.previousEventId!)!;
      }
      expect(at.mapIterationStartedEventDetails).toEqual({ name: 'MapState', index });
      expect(chain.map((e) => e.type)).toEqual([
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
        'PassStateEntered',
        'PassStateExited',
      ]);
      expect(chain[0].stateEnteredEventDetails!.input).toBe(JSON.stringify(items[index]));
      expect(chain.at(-1)!.stateExitedEventDetails!.output).toBe(JSON.stringify(items[index]));
    }
  });

  it('records a retried Map as AWS recorded it (test_map_state_retry): one MapStateFailed, at the end', async () => {
    const events = await historyOf(
      serve.sfn,
      {
        StartAt: 'StartState',
        States: {
          StartState: { Type: 'Pass', Result: [1], ResultPath: '$.arr', Next: 'MapState' },
          MapState: {
            Type: 'Map',
            InputPath: '$.arr',
            MaxConcurrency: 1,
            ItemProcessor: {
              StartAt: 'HandleItemFail',
              States: {
                HandleItemFail: { Type: 'Fail', Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' },
              },
            },
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
            Next: 'Final',
          },
          Final: { Type: 'Pass', End: true },
        },
      },
      {},
    );
    expect(links(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'MapStateEntered'],
      [5, 4, 'MapStateStarted'],
      [6, 5, 'MapIterationStarted'],
      [7, 6, 'FailStateEntered'],
      [8, 7, 'MapIterationFailed'],
      [9, 7, 'MapStateStarted'],
      [10, 9, 'MapIterationStarted'],
      [11, 10, 'FailStateEntered'],
      [12, 11, 'MapIterationFailed'],
      [13, 11, 'MapStateStarted'],
      [14, 13, 'MapIterationStarted'],
      [15, 14, 'FailStateEntered'],
      [16, 15, 'MapIterationFailed'],
      [17, 15, 'MapStateFailed'],
      [18, 17, 'ExecutionFailed'],
    ]);
    expect(events[17].executionFailedEventDetails).toEqual({
      error: 'HandleItemFailError',
      cause: 'HandleItemFailCause',
    });
  });

  it("shows a Task's TimeoutSecondsPath as the resolved timeoutInSeconds", async () => {
    const events = await historyOf(
      serve.sfn,
      {
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: ECHO, TimeoutSecondsPath: '$.limit', End: true } },
      },
      { limit: 45 },
    );
    expect(events[2].lambdaFunctionScheduledEventDetails).toEqual({
      resource: ECHO,
      input: '{"limit":45}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 45,
    });
  });

  it('details a Distributed Map as a Map Run with its mapRunArn', async () => {
    const { events, executionArn, machine } = await run(
      serve.sfn,
      {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            Label: 'Fanning',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Each',
              States: { Each: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      },
      [1, 2],
    );
    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(links(events).map(([, previous]) => previous)).toEqual([0, 0, 2, 3, 4, 5]);
    const mapRunArn = events[2].mapRunStartedEventDetails!.mapRunArn!;
    // `arn:aws:states:<region>:<account>:mapRun:<machine>/<Label or state name>:<id>`, as AWS forms it.
    expect(mapRunArn.startsWith(`arn:aws:states:us-east-1:123456789012:mapRun:${machine}/Fanning:`)).toBe(
      true,
    );
    expect(mapRunArn.split(':').at(-1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    // The same on every read.
    const again = await serve.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(again.events![2].mapRunStartedEventDetails).toEqual({ mapRunArn });
    expect(events[4].stateExitedEventDetails!.output).toBe('[1,2]');
  });

  it('pages consistently over an execution that continued as new: ids 1..N, no duplicates, either order', async () => {
    const { sfn } = serve;
    const definition = {
      StartAt: 'Step',
      States: {
        Step: {
          Type: 'Task',
          Resource: ECHO,
          ResultSelector: { 'n.$': 'States.MathAdd($.echoed.n, 1)' },
          Next: 'Done?',
        },
        'Done?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 6, Next: 'Finish' }],
          Default: 'Step',
        },
        Finish: { Type: 'Succeed' },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueId('paged'),
        definition: JSON.stringify(definition),
        roleArn: ROLE,
      }),
    );
    const machine = stateMachineArn!.split(':').at(-1)!;
    // The API starts executions with the default continue-as-new threshold (8,000 events); this one is started
    // as the API starts it (workflow id `<machine>:<name>`, the machine in the memo) with a threshold of 5, so it
    // continues as new after each Task. The API then finds it by its ARN like any other.
    const connection = await Connection.connect({ address: sharedSetting('devServerAddress') });
    try {
      const client = new Client({ connection });
      const args: StateMachineWorkflowInput = {
        definition: definition as unknown as StateMachine,
        input: { n: 0 },
        stateMachineName: machine,
        executionName: 'paged',
        region: 'us-east-1',
        account: '123456789012',
        continueAsNewAfterEvents: 5,
      };
      const handle = await client.workflow.start('stateMachine', {
        args: [args],
        taskQueue,
        workflowId: `${machine}:paged`,
        memo: { stateMachineName: machine },
      });
      await handle.result();
      const current = await client.workflow.getHandle(`${machine}:paged`).describe();
      expect(current.raw.workflowExecutionInfo?.firstRunId).not.toBe(current.runId);
    } finally {
      await connection.close();
    }
    const executionArn = `arn:aws:states:us-east-1:123456789012:execution:${machine}:paged`;
    const pages = async (reverseOrder: boolean) => {
      const seen: HistoryEvent[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 4, reverseOrder, nextToken }),
        );
        seen.push(page.events!);
        nextToken = page.nextToken;
      } while (nextToken);
      return seen;
    };
    const forward = await pages(false);
    const all = forward.flat();
    expect(forward.slice(0, -1).every((page) => page.length === 4)).toBe(true);
    // Six Tasks and their Choices across the runs, numbered as one history.
    expect(all.length).toBeGreaterThan(40);
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    expect(all[0].type).toBe('ExecutionStarted');
    expect(all.at(-1)).toMatchObject({ type: 'ExecutionSucceeded' });
    expect(all.at(-1)!.executionSucceededEventDetails!.output).toBe('{"n":6}');
    expect(all.filter((e) => e.type === 'LambdaFunctionSucceeded')).toHaveLength(6);
    // One line of execution: each event follows the one before it (the first state's entry follows 0, as on AWS).
    expect(all.map((e) => e.previousEventId)).toEqual(all.map((e, i) => (i < 2 ? 0 : e.id! - 1)));
    const backward = (await pages(true)).flat();
    expect(backward).toEqual([...all].reverse());
  }, 90_000);

  it('gives a stopped execution that never ran its ExecutionStarted and ExecutionAborted', async () => {
    const { sfn } = serve;
    const definition = { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 60, End: true } } };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueId('unran'),
        definition: JSON.stringify(definition),
        roleArn: ROLE,
      }),
    );
    const machine = stateMachineArn!.split(':').at(-1)!;
    // Started as the API starts it but on a task queue nobody polls, so no workflow task ever runs before the stop.
    const connection = await Connection.connect({ address: sharedSetting('devServerAddress') });
    try {
      const args: StateMachineWorkflowInput = {
        definition: definition as unknown as StateMachine,
        input: { never: 'ran' },
        stateMachineName: machine,
        executionName: 'unran',
      };
      await new Client({ connection }).workflow.start('stateMachine', {
        args: [args],
        taskQueue: uniqueId('nobody-polls'),
        workflowId: `${machine}:unran`,
        memo: { stateMachineName: machine },
      });
    } finally {
      await connection.close();
    }
    const executionArn = `arn:aws:states:us-east-1:123456789012:execution:${machine}:unran`;
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Halt', cause: 'before it began' }));
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(links(events!)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ExecutionAborted'],
    ]);
    expect(events![0].executionStartedEventDetails).toEqual({
      input: '{"never":"ran"}',
      inputDetails: { truncated: false },
      roleArn: ROLE,
    });
    expect(events![1].executionAbortedEventDetails).toEqual({ error: 'Halt', cause: 'before it began' });
  });
});
