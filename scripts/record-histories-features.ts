// The executions scripts/record-histories.ts records, one per feature of the generic workflow: small machines of a
// few seconds each, with the local handlers they call and a check that the recorded run really shows the feature.
import { type Client } from '@temporalio/client';
import { type HandlerMap } from '../activities/local/handlers';
import { type Json, type StateMachine } from '../src/asl/types';
import { type StateMachineClient } from '../src/client/state-machine-client';
import { type StateMachineWorkflowInput } from '../workflows/state-machine-input';
import { API_FEATURES } from './record-histories-api-features';

/** How an execution ended. */
export type Outcome =
  | { readonly status: 'succeeded'; readonly output: Json }
  | { readonly status: 'failed'; readonly error: string; readonly cause: string }
  /** An entity workflow ended by its Delete* (a termination), with the record its memo held last. */
  | { readonly status: 'terminated'; readonly memo: Json };

/** A recorded history as a feature's check sees it. */
export interface RecordedRun {
  readonly workflowType: string;
  readonly history: {
    readonly events?:
      | readonly {
          readonly timerStartedEventAttributes?: unknown;
          readonly activityTaskScheduledEventAttributes?: {
            readonly activityType?: { readonly name?: string | null } | null;
          } | null;
        }[]
      | null;
  };
}

/** What a feature's driver may use while its execution runs. */
export interface DriveContext {
  readonly client: StateMachineClient;
  /** The Temporal client itself, for what the API does beside StateMachineClient (activity tasks). */
  readonly temporal: Client;
  readonly input: Json;
}

/** What a feature that records an entity workflow, not an execution, works with. */
export interface EntityContext {
  readonly temporal: Client;
  /** The recording worker's task queue, where the entity runs (as on serve's own queue). */
  readonly taskQueue: string;
  readonly input: Json;
  /** The server's time when the feature started (epoch ms). */
  readonly nowMs: number;
}

/** The first run of the workflow an entity feature recorded, and how it ended. */
export interface EntityRecording {
  readonly workflowId: string;
  readonly runId: string;
  readonly outcome: Outcome;
}

/** One fixture's execution. */
export interface Feature {
  /** The fixture's file name stem. */
  readonly name: string;
  /** One line for the README's table. */
  readonly what: string;
  /** The execution's machine (an entity feature: the machine it stores, or none). */
  readonly definition?: StateMachine;
  /** The execution's input (an entity feature: its start argument), from the server's current time (epoch ms). */
  readonly input: (nowMs: number) => Json;
  readonly options?: Partial<StateMachineWorkflowInput>;
  /** Answers the execution from outside before its result is awaited (task tokens, activity tasks). */
  readonly drive?: (context: DriveContext) => Promise<void>;
  /** Records an entity workflow instead of an execution: starts it, changes it and ends it as the API does. */
  readonly entity?: (context: EntityContext) => Promise<EntityRecording>;
  /** Needs an AWS endpoint: the script starts moto and points the worker's AWS calls at it. */
  readonly aws?: boolean;
  /** Runs before the execution starts (an S3 bucket to create). */
  readonly prepare?: () => Promise<void>;
  /** Why the outcome does not show the feature, or undefined when it does. */
  readonly check: (outcome: Outcome, recorded: readonly RecordedRun[]) => string | undefined;
}

const ACCOUNT = '123456789012';
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** Task tokens the `approver` handler was given, by order id. */
const tokens = new Map<string, string>();

function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** The local Lambda handlers the recorded machines call. */
export function recordingHandlers(): HandlerMap {
  const attempts = new Map<string, number>();
  return {
    echo: (event) => event,
    double: (event) => ({ n: (event as { n: number }).n * 2 }),
    // Fails twice per distinct event, then succeeds: what a Retry is for.
    flaky: (event) => {
      const key = JSON.stringify(event);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n <= 2) throw named('Transient', `busy #${n}`);
      return { attempts: n };
    },
    broken: () => {
      throw named('OrderBroke', 'the order cannot be processed');
    },
    // Outlives a TimeoutSeconds or HeartbeatSeconds of 1 (real seconds: the activity runs on the worker's clock).
    slow: () => new Promise((done) => setTimeout(() => done('late'), 3_000)),
    approver: (event) => {
      const { token, orderId } = event as { token: string; orderId: string };
      tokens.set(orderId, token);
      return { sent: true };
    },
  };
}

/** The machines `states:startExecution` may start, by name. */
export const NESTED_MACHINES: Readonly<Record<string, StateMachine>> = {
  doubler: {
    StartAt: 'Wait',
    States: {
      Wait: { Type: 'Wait', Seconds: 60, Next: 'Double' },
      Double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, $.n)' }, End: true },
    },
  },
};

const succeeded = (outcome: Outcome): Json | undefined =>
  outcome.status === 'succeeded' ? outcome.output : undefined;

const same = (actual: unknown, expected: unknown): string | undefined =>
  JSON.stringify(actual) === JSON.stringify(expected)
    ? undefined
    : `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;

const failedWith = (outcome: Outcome, error: string): string | undefined =>
  outcome.status === 'failed' && outcome.error === error ? undefined : `ended ${JSON.stringify(outcome)}`;

const caught = (outcome: Outcome, error: string): string | undefined =>
  same((succeeded(outcome) as { error?: { Error?: string } } | undefined)?.error?.Error, error);

/** The count of histories of one workflow type, which a check wants at least `min` of. */
const atLeast = (recorded: readonly RecordedRun[], type: string, min: number): string | undefined => {
  const n = recorded.filter((r) => r.workflowType === type).length;
  return n >= min ? undefined : `${n} ${type} histories, expected at least ${min}`;
};

async function eventually<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A Choice/Wait loop of `count` iterations of a one-minute Wait. */
function waitLoop(count: number): StateMachine {
  return {
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.i', NumericGreaterThanEquals: count, Next: 'Done' }],
        Default: 'Tick',
      },
      Tick: { Type: 'Wait', Seconds: 60, Next: 'Step' },
      Step: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Done: { Type: 'Succeed' },
    },
  };
}

const LOOP_ITERATIONS = 10_000;
const MAP_ITEMS = 150;

/** A Distributed Map over `$.values` whose processor is one echo Task, `maxConcurrency` iterations at once. */
function distributedEcho(maxConcurrency: number): StateMachine {
  return {
    StartAt: 'Items',
    States: {
      Items: {
        Type: 'Map',
        ItemsPath: '$.values',
        MaxConcurrency: maxConcurrency,
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: fn('echo'), End: true } },
        },
        End: true,
      },
    },
  };
}

/** The features of the generic workflow, in recording order. */
const EXECUTION_FEATURES: readonly Feature[] = [
  {
    name: 'all-state-types',
    what: 'Pass, Task, Choice, Wait, Parallel (one branch ends in a Fail, caught), inline Map, Succeed',
    definition: {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Parameters: { 'n.$': '$.n', 'items.$': '$.items' }, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: fn('double'),
          InputPath: '$',
          ResultPath: '$.doubled',
          Next: 'Route',
        },
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.doubled.n', NumericGreaterThan: 0, Next: 'Pause' }],
          Default: 'Reject',
        },
        Reject: { Type: 'Fail', Error: 'NotPositive', Cause: 'n must be positive' },
        Pause: { Type: 'Wait', Seconds: 60, Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: fn('echo'), End: true } } },
            {
              StartAt: 'Later',
              States: {
                Later: { Type: 'Wait', Seconds: 5, Next: 'Broke' },
                Broke: { Type: 'Fail', Error: 'BranchBroke', Cause: 'on purpose' },
              },
            },
          ],
          Catch: [{ ErrorEquals: ['BranchBroke'], ResultPath: '$.error', Next: 'Each' }],
          End: true,
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
          ResultPath: '$.items',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: () => ({ n: 2, items: [1, 2, 3] }),
    check: (outcome) => caught(outcome, 'BranchBroke'),
  },
  {
    name: 'fail-execution',
    what: 'a Pass then a Fail state: the execution fails with its Error and Cause',
    definition: {
      StartAt: 'Look',
      States: {
        Look: { Type: 'Pass', Next: 'Reject' },
        Reject: { Type: 'Fail', Error: 'OrderRejected', Cause: 'credit limit exceeded' },
      },
    },
    input: () => ({ order: 1 }),
    check: (outcome) => failedWith(outcome, 'OrderRejected'),
  },
  {
    name: 'retry',
    what: 'a Task whose handler fails twice (Transient) and succeeds on the third attempt, on Retry timers',
    definition: {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: fn('flaky'),
          Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
          End: true,
        },
      },
    },
    input: (now) => ({ key: `retry-${now}` }),
    check: (outcome) => same(succeeded(outcome), { attempts: 3 }),
  },
  {
    name: 'catch',
    what: 'a Task whose handler fails (OrderBroke), caught into a Pass with ResultPath $.error',
    definition: {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: fn('broken'),
          Catch: [{ ErrorEquals: ['OrderBroke'], ResultPath: '$.error', Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    },
    input: () => ({ order: 7 }),
    check: (outcome) => caught(outcome, 'OrderBroke'),
  },
  {
    name: 'map-inline',
    what: 'an inline Map of 6 Lambda Tasks, MaxConcurrency 2, with an ItemSelector',
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.values',
          MaxConcurrency: 2,
          ItemSelector: { 'n.$': '$$.Map.Item.Value' },
          ItemProcessor: {
            StartAt: 'Double',
            States: { Double: { Type: 'Task', Resource: fn('double'), End: true } },
          },
          End: true,
        },
      },
    },
    input: () => ({ values: [1, 2, 3, 4, 5, 6] }),
    check: (outcome) =>
      same(
        succeeded(outcome),
        [2, 4, 6, 8, 10, 12].map((n) => ({ n })),
      ),
  },
  {
    name: 'map-distributed',
    what: `a Distributed Map of ${MAP_ITEMS} items from the input, a Lambda Task each: two mapBatch children (recorded)`,
    definition: distributedEcho(10),
    input: () => ({ values: Array.from({ length: MAP_ITEMS }, (_, i) => i * 10) }),
    check: (outcome, recorded) =>
      same((succeeded(outcome) as Json[] | undefined)?.length, MAP_ITEMS) ?? atLeast(recorded, 'mapBatch', 2),
  },
  {
    name: 'map-run-continue-as-new',
    what: `a Distributed Map of ${MAP_ITEMS} items, one batch at a time, continueAsNewAfterEvents 12: its Map Run pauses between batches and the parent continues as new inside the Map`,
    definition: distributedEcho(100),
    input: () => ({ values: Array.from({ length: MAP_ITEMS }, (_, i) => i * 10) }),
    options: { continueAsNewAfterEvents: 12 },
    check: (outcome, recorded) =>
      same((succeeded(outcome) as Json[] | undefined)?.length, MAP_ITEMS) ??
      atLeast(recorded, 'stateMachine', 2),
  },
  {
    name: 'parallel',
    what: 'a Parallel of three branches: a Lambda Task, a Wait then a Pass, another Lambda Task',
    definition: {
      StartAt: 'All',
      States: {
        All: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Double', States: { Double: { Type: 'Task', Resource: fn('double'), End: true } } },
            {
              StartAt: 'Hold',
              States: {
                Hold: { Type: 'Wait', Seconds: 30, Next: 'Mark' },
                Mark: { Type: 'Pass', Result: { waited: true }, End: true },
              },
            },
            { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: fn('echo'), End: true } } },
          ],
          End: true,
        },
      },
    },
    input: () => ({ n: 4 }),
    check: (outcome) => same(succeeded(outcome), [{ n: 8 }, { waited: true }, { n: 4 }]),
  },
  {
    name: 'task-token',
    what: '`lambda:invoke.waitForTaskToken` with HeartbeatSeconds, answered by SendTaskHeartbeat then SendTaskSuccess',
    definition: {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: 'approver',
            Payload: { 'token.$': '$$.Task.Token', 'orderId.$': '$.orderId' },
          },
          TimeoutSeconds: 86_400,
          HeartbeatSeconds: 3_600,
          ResultPath: '$.approval',
          End: true,
        },
      },
    },
    input: (now) => ({ orderId: `order-${now}` }),
    drive: async ({ client, input }) => {
      const orderId = (input as { orderId: string }).orderId;
      const token = await eventually(() => tokens.get(orderId), `the task token of ${orderId}`);
      await client.sendTaskHeartbeat(token);
      await client.sendTaskSuccess(token, { approved: true });
    },
    check: (outcome) =>
      same((succeeded(outcome) as { approval?: Json } | undefined)?.approval, { approved: true }),
  },
  {
    name: 'nested-execution',
    what: '`states:startExecution.sync:2` of a machine that waits a minute and doubles: the parent and the child',
    definition: {
      StartAt: 'Nested',
      States: {
        Nested: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: {
            StateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:doubler`,
            'Name.$': '$.child',
            Input: { 'n.$': '$.n' },
          },
          OutputPath: '$.Output',
          End: true,
        },
      },
    },
    input: (now) => ({ n: 21, child: `doubler-${now}` }),
    options: { account: ACCOUNT },
    check: (outcome, recorded) => same(succeeded(outcome), { n: 42 }) ?? atLeast(recorded, 'stateMachine', 2),
  },
  {
    name: 'continue-as-new-events',
    what: 'a Choice/Wait loop of 12 one-minute Waits with continueAsNewAfterEvents 20: every run of the chain',
    definition: waitLoop(12),
    input: () => ({ i: 0 }),
    options: { continueAsNewAfterEvents: 20 },
    check: (outcome, recorded) => same(succeeded(outcome), { i: 12 }) ?? atLeast(recorded, 'stateMachine', 3),
  },
  {
    name: 'continue-as-new-budget',
    what: `a Pass/Choice loop of ${LOOP_ITERATIONS} iterations, transitionsPerTask 200: 1 ms pause timers, then continue-as-new once a run is 1 s old`,
    definition: {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.i', NumericGreaterThanEquals: LOOP_ITERATIONS, Next: 'Done' }],
          Default: 'Step',
        },
        Step: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
        Done: { Type: 'Succeed' },
      },
    },
    input: () => ({ i: 0 }),
    options: { transitionsPerTask: 200 },
    check: (outcome, recorded) =>
      same(succeeded(outcome), { i: LOOP_ITERATIONS }) ?? atLeast(recorded, 'stateMachine', 2),
  },
  {
    name: 'task-timeout',
    what: 'a Lambda Task outliving TimeoutSeconds 1: States.Timeout, caught',
    definition: {
      StartAt: 'Slow',
      States: {
        Slow: {
          Type: 'Task',
          Resource: fn('slow'),
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' }],
          End: true,
        },
        TimedOut: { Type: 'Pass', End: true },
      },
    },
    input: () => ({}),
    check: (outcome) => caught(outcome, 'States.Timeout'),
  },
  {
    name: 'task-heartbeat-timeout',
    what: 'a Lambda Task silent past HeartbeatSeconds 1 (TimeoutSeconds 30): States.HeartbeatTimeout, caught',
    definition: {
      StartAt: 'Silent',
      States: {
        Silent: {
          Type: 'Task',
          Resource: fn('slow'),
          TimeoutSeconds: 30,
          HeartbeatSeconds: 1,
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.error', Next: 'Silenced' }],
          End: true,
        },
        Silenced: { Type: 'Pass', End: true },
      },
    },
    input: () => ({}),
    check: (outcome) => caught(outcome, 'States.HeartbeatTimeout'),
  },
  {
    name: 'wait',
    what: 'Waits by Seconds (1 h), SecondsPath (2 h), TimestampPath (a day after the start) and Timestamp (2030-01-01)',
    definition: {
      StartAt: 'BySeconds',
      States: {
        BySeconds: { Type: 'Wait', Seconds: 3_600, Next: 'BySecondsPath' },
        BySecondsPath: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'ByTimestampPath' },
        ByTimestampPath: { Type: 'Wait', TimestampPath: '$.until', Next: 'ByTimestamp' },
        ByTimestamp: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true },
      },
    },
    input: (now) => ({
      seconds: 7_200,
      until: new Date(now + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    }),
    // Four Waits, four timers: a Timestamp already past would end its Wait without one.
    check: (outcome, [parent]) =>
      same(outcome.status, 'succeeded') ??
      same(parent?.history.events?.filter((e) => e.timerStartedEventAttributes).length, 4),
  },
  {
    name: 'jsonata',
    what: 'QueryLanguage JSONata: Pass Output and Assign, a Task with Arguments and Output, a Choice Condition',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Pass',
          Assign: { total: '{% $states.input.n * 2 %}' },
          Output: '{% {"n": $states.input.n, "tags": $states.input.tags ~> $uppercase()} %}',
          Next: 'Call',
        },
        Call: {
          Type: 'Task',
          Resource: fn('double'),
          Arguments: '{% {"n": $total} %}',
          Output: '{% {"n": $states.result.n, "tags": $states.input.tags} %}',
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > 10 %}', Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Pass', Output: '{% $merge([$states.input, {"size": "big"}]) %}', End: true },
        Small: { Type: 'Pass', Output: '{% $merge([$states.input, {"size": "small"}]) %}', End: true },
      },
    },
    input: () => ({ n: 3, tags: 'rush' }),
    check: (outcome) => same(succeeded(outcome), { n: 12, tags: 'RUSH', size: 'big' }),
  },
  {
    name: 'variables',
    what: 'JSONPath variables: Assign in a Pass and a Task, read by a Task, an inline Map and the last Pass',
    definition: {
      StartAt: 'Remember',
      States: {
        Remember: { Type: 'Pass', Assign: { 'orderId.$': '$.orderId', limit: 2 }, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: fn('echo'),
          Parameters: { 'id.$': '$orderId' },
          Assign: { 'echoed.$': '$.id' },
          ResultPath: null,
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'order.$': '$orderId', 'item.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
          ResultPath: '$.each',
          Next: 'Report',
        },
        Report: {
          Type: 'Pass',
          Parameters: {
            'orderId.$': '$orderId',
            'echoed.$': '$echoed',
            'limit.$': '$limit',
            'each.$': '$.each',
          },
          End: true,
        },
      },
    },
    input: () => ({ orderId: 'o-1', items: ['a', 'b'] }),
    check: (outcome) =>
      same(succeeded(outcome), {
        orderId: 'o-1',
        echoed: 'o-1',
        limit: 2,
        each: [
          { order: 'o-1', item: 'a' },
          { order: 'o-1', item: 'b' },
        ],
      }),
  },
];

/** Every feature, in recording order: the generic workflow's, then the Step Functions API's. */
export const FEATURES: readonly Feature[] = [...EXECUTION_FEATURES, ...API_FEATURES];
