import { type ExecutionCase } from '../../../src/conformance/cases';
import { compareTrace, concurrentStateNames } from '../../../src/conformance/trace';
import { type TraceEvent } from '../../../src/interpreter/trace';

const machine = {
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
      ],
      End: true,
    },
  },
} as unknown as ExecutionCase['definition'];

const entered = (state: string, input: unknown) => ({ event: 'StateEntered' as const, state, input });
const exited = (state: string, output: unknown) => ({ event: 'StateExited' as const, state, output });
const toEvent = (e: ReturnType<typeof entered> | ReturnType<typeof exited>): TraceEvent =>
  ({
    type: e.event,
    timestamp: 0,
    state: e.state,
    ...('input' in e ? { input: e.input } : { output: e.output }),
  }) as TraceEvent;

const awsTrace = [
  entered('First', 1),
  exited('First', 1),
  entered('Fan', 1),
  entered('A', 1),
  exited('A', 'a'),
  entered('B', 1),
  exited('B', 'b'),
  exited('Fan', ['a', 'b']),
];
const aCase = {
  id: 't',
  category: 'c',
  definition: machine,
  input: 1,
  expected: {},
  trace: awsTrace,
} as never;

describe('trace comparison', () => {
  it('knows which states run in branches and iterations', () => {
    expect([...concurrentStateNames(machine)].sort()).toEqual(['A', 'B']);
  });

  it('agrees whatever the interleaving of concurrent branches', () => {
    const interleaved = [0, 1, 2, 5, 3, 6, 4, 7].map((i) => toEvent(awsTrace[i]));
    expect(compareTrace(aCase, interleaved)).toEqual({ kind: 'agree' });
  });

  it('finds a different value, a missing event and a state AWS did not enter', () => {
    const events = awsTrace.map(toEvent);
    const wrongOutput = events.map((e, i) => (i === 4 ? { ...e, output: 'x' } : e));
    expect(compareTrace(aCase, wrongOutput)).toMatchObject({
      kind: 'disagree',
      why: expect.stringContaining("'A'"),
    });
    expect(compareTrace(aCase, events.slice(0, 7))).toMatchObject({
      kind: 'disagree',
      why: expect.stringContaining('Fan'),
    });
    const extra = [...events, toEvent(entered('Other', 1))];
    expect(compareTrace(aCase, extra)).toMatchObject({
      kind: 'disagree',
      why: expect.stringContaining('Other'),
    });
  });

  it('keeps order within a state outside branches', () => {
    const events = awsTrace.map(toEvent);
    const swapped = [events[1], events[0], ...events.slice(2)];
    expect(compareTrace(aCase, swapped)).toMatchObject({
      kind: 'disagree',
      why: expect.stringContaining('First'),
    });
  });

  it('has nothing to say about a case without a trace', () => {
    expect(compareTrace({ ...(aCase as object), trace: undefined } as never, [])).toEqual({ kind: 'none' });
  });
});
