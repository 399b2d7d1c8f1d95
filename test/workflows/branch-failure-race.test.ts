/**
 * Two branches that both fail, each after a Task: the Parallel fails with whichever fails first, and a branch's
 * States.Runtime is not caught by the Parallel's `States.ALL` (docs: "States.ALL ... cannot catch ... the
 * States.Runtime error"), so the end depends on which Task answered first. AWS stops the other branches at the
 * first failure ("all its branches are stopped") and fixes no order between branches, so either end is AWS's.
 * These are the fuzz differential's cases 43 and 113 (seed 20261201, soak size), cut down: the local runtime must
 * reach both ends under other Task timings (test/support/fuzz/schedules.ts) and nothing else, and Temporal must end
 * with one of them. Without a race (the sibling waits, or succeeds) both runtimes give the one end.
 */
import { isDeepStrictEqual } from 'node:util';
import { type Json, type StateMachine } from '../../src/asl/types';
import { type FuzzCase } from '../support/fuzz/case';
import { FUZZ_HANDLERS, lambdaArn } from '../support/fuzz/handlers';
import { runCaseLocally } from '../support/fuzz/outcome';
import { ALTERNATIVE_SCHEDULES } from '../support/fuzz/schedules';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';

/** An end as both runtimes report it; the event id in a cause depends on the interleaving, so it is blanked. */
type End =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

const blankIds = (text: string) =>
  text.replace(/entered at the event id #\d+/g, 'entered at the event id #_');

function end(outcome: Awaited<ReturnType<typeof runCaseLocally>>): End {
  return outcome.status === 'SUCCEEDED'
    ? { status: 'SUCCEEDED', output: JSON.parse(blankIds(JSON.stringify(outcome.output))) as unknown }
    : { status: 'FAILED', error: outcome.error, cause: blankIds(outcome.cause) };
}

const INPUT: Json = { data: { n: 8, s: 'a', arr: [3] } };

function fuzzCase(machine: unknown): FuzzCase {
  return { seed: 0, input: INPUT, machine: machine as StateMachine, mocks: {} };
}

/** Counts, then fails States.Runtime: its Assign reads `$.data.n` from a result that has none. */
const countThenRuntime = (name: string) => ({
  Type: 'Task',
  Resource: lambdaArn('count'),
  ResultSelector: { 'k0.$': "States.Base64Decode('aGVsbG8=')" },
  Assign: { 'v.$': '$.data.n' },
  End: true,
  Comment: name,
});

const RUNTIME_AT_COUNT: End = {
  status: 'FAILED',
  error: 'States.Runtime',
  cause:
    "An error occurred while executing the state 'Count' (entered at the event id #_). The JSONPath '$.data.n' " +
    `specified for the field 'v.$' could not be found in the input '{"k0":"hello"}'`,
};

/** Case 43: a Map of one Pass, then a JSONata Pass that fails (States.QueryEvaluationError), against the Task. */
const pureFailure = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.data.arr',
      ItemProcessor: { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
      ResultPath: '$.each',
      Next: 'Add',
    },
    Add: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.data.s + 1 %}', End: true },
  },
};

const COUNT_BRANCH = { StartAt: 'Count', States: { Count: countThenRuntime('Count') } };

/** A Parallel catching States.ALL over two branches. */
const caughtRace = (first: object, second: object) => ({
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [first, second],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
      Next: 'Done',
    },
    Caught: { Type: 'Succeed' },
    Done: { Type: 'Succeed' },
  },
});

const CAUGHT_QUERY_ERROR: End = {
  status: 'SUCCEEDED',
  output: {
    ...(INPUT as object),
    error: {
      Error: 'States.QueryEvaluationError',
      Cause:
        "An error occurred while executing the state 'Add' (entered at the event id #_). The JSONata expression " +
        "'$states.input.data.s + 1' specified for the field 'Output' threw an error during evaluation. T2001: The " +
        'left side of the "+" operator must evaluate to a number',
    },
  },
};

/** Case 113: both branches Task first; the second then fails on a JSONata Items that is not an array. */
const uncaughtRace = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [
        COUNT_BRANCH,
        {
          StartAt: 'Echo',
          States: {
            Echo: { Type: 'Task', Resource: lambdaArn('echo'), Next: 'Items' },
            Items: {
              Type: 'Map',
              QueryLanguage: 'JSONata',
              Items: '{% $states.input.data %}',
              ItemProcessor: { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        },
      ],
      End: true,
    },
  },
};

const ITEMS_NOT_ARRAY: End = {
  status: 'FAILED',
  error: 'States.QueryEvaluationError',
  cause:
    "An error occurred while executing the state 'Items' (entered at the event id #_). The JSONata expression " +
    "'$states.input.data' specified for the field 'Items' returned an unexpected result type. Expected 'array', " +
    `but was 'object' for value: {"n":8,"s":"a","arr":[3]}`,
};

/** The distinct ends of the local runtime over the default timing and every alternative schedule. */
async function localEnds(c: FuzzCase): Promise<End[]> {
  const ends: End[] = [];
  for (let schedule = 0; schedule <= ALTERNATIVE_SCHEDULES; schedule++) {
    const e = end(await runCaseLocally(c, schedule === 0 ? undefined : schedule));
    if (!ends.some((seen) => isDeepStrictEqual(seen, e))) ends.push(e);
  }
  return ends;
}

describe('two branches failing after Tasks: the first failure decides, on both runtimes', () => {
  let worker: MachineWorker;

  beforeAll(async () => {
    worker = await startMachineWorker({
      name: 'branch-race',
      server: 'time-skipping',
      handlers: FUZZ_HANDLERS,
    });
  });
  afterAll(() => worker?.stop());

  async function onTemporal(c: FuzzCase): Promise<End> {
    try {
      const output = await worker.execute(c.machine, c.input);
      return end({ status: 'SUCCEEDED', output });
    } catch (err) {
      const failure = await failureOf(Promise.reject(err));
      return end({ status: 'FAILED', error: failure.type ?? '', cause: failure.message });
    }
  }

  it("a branch's States.Runtime is not caught by the Parallel's States.ALL when it fails first", async () => {
    const c = fuzzCase(
      caughtRace(COUNT_BRANCH, { StartAt: 'Fine', States: { Fine: { Type: 'Pass', End: true } } }),
    );
    expect(await localEnds(c)).toEqual([RUNTIME_AT_COUNT]);
    expect(await onTemporal(c)).toEqual(RUNTIME_AT_COUNT);
  }, 30_000);

  it("a sibling's catchable failure that comes first is caught, whatever the Task's timing", async () => {
    // The Task's branch waits a minute first: the pure failure is first under any Task latency.
    const later = {
      StartAt: 'Later',
      States: { Later: { Type: 'Wait', Seconds: 60, Next: 'Count' }, Count: countThenRuntime('Count') },
    };
    const c = fuzzCase(caughtRace(later, pureFailure));
    expect(await localEnds(c)).toEqual([CAUGHT_QUERY_ERROR]);
    expect(await onTemporal(c)).toEqual(CAUGHT_QUERY_ERROR);
  }, 30_000);

  it('case 43: a Task then States.Runtime against a pure catchable failure ends either way, per timing', async () => {
    const c = fuzzCase(caughtRace(COUNT_BRANCH, pureFailure));
    const ends = await localEnds(c);
    expect(ends).toHaveLength(2);
    expect(ends).toEqual(expect.arrayContaining([RUNTIME_AT_COUNT, CAUGHT_QUERY_ERROR]));
    expect(ends).toContainEqual(await onTemporal(c));
  }, 30_000);

  it('case 113: two Tasks, each followed by a different failure, end with either failure, per timing', async () => {
    const c = fuzzCase(uncaughtRace);
    const ends = await localEnds(c);
    expect(ends).toHaveLength(2);
    expect(ends).toEqual(expect.arrayContaining([RUNTIME_AT_COUNT, ITEMS_NOT_ARRAY]));
    expect(ends).toContainEqual(await onTemporal(c));
  }, 30_000);
});
