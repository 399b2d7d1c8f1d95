/** The trace query's answer cut to one payload (workflows/trace-query.ts). */
import { type TraceEvent } from '../../../src/interpreter/trace';
import { traceAnswer } from '../../../workflows/trace-query';

const event = (id: number, bytes: number): TraceEvent => {
  const base: TraceEvent = { id, type: 'StateExited', timestamp: 0, output: '' };
  const overhead = JSON.stringify(base).length;
  return { ...base, output: 'x'.repeat(bytes - overhead) };
};

describe('traceAnswer', () => {
  it('returns a trace that fits as it is', () => {
    const trace = { events: [event(1, 100), event(2, 100)], dropped: 0 };
    expect(traceAnswer(trace, 1_000)).toBe(trace);
  });

  it('keeps the newest events that fit and counts the older ones as dropped, on top of those already dropped', () => {
    const events = [event(6, 400), event(7, 400), event(8, 400), event(9, 400)];
    // The envelope (64) and two events with their commas (802) fit 900; a third would not.
    const answer = traceAnswer({ events, dropped: 5 }, 900);
    expect(answer.events.map((e) => e.id)).toEqual([8, 9]);
    expect(answer.dropped).toBe(7);
    expect(JSON.stringify(answer).length).toBeLessThanOrEqual(900);
  });

  it('answers the same when asked again (sizes are cached per event)', () => {
    const events = [event(1, 300), event(2, 300), event(3, 300)];
    const first = traceAnswer({ events, dropped: 0 }, 700);
    const again = traceAnswer({ events, dropped: 0 }, 700);
    expect(again).toEqual(first);
    expect(first.events.map((e) => e.id)).toEqual([2, 3]);
  });
});
