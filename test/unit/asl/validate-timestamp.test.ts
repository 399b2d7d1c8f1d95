import fc from 'fast-check';
import { validateStateMachine } from '../../../src/asl/validate';
import { machine } from './helpers';

/** A machine whose one Wait state waits until `timestamp`, in JSONPath or JSONata. */
function waitUntil(timestamp: unknown, jsonata = false): unknown {
  return machine(
    { W: { Type: 'Wait', Timestamp: timestamp, End: true } },
    jsonata ? { QueryLanguage: 'JSONata' } : {},
  );
}

function timestampFindings(timestamp: unknown, jsonata = false): { code: string; message: string }[] {
  return validateStateMachine(waitUntil(timestamp, jsonata))
    .filter((d) => d.location === '/States/W/Timestamp')
    .map(({ code, message }) => ({ code, message }));
}

// AWS's CreateStateMachine/ValidateStateMachineDefinition message for a Timestamp that is not an RFC 3339 date-time.
const INVALID = [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'String does not match RFC3339 timestamp' }];

describe('a literal Wait Timestamp', () => {
  const notDates: [string, string][] = [
    ['month 13', '2016-13-05T21:29:29Z'],
    ['month 0', '2016-00-05T21:29:29Z'],
    ['hour 25', '2016-12-05T25:29:29Z'],
    ['hour 24', '2016-12-05T24:00:00Z'],
    ['minute 60', '2016-12-05T21:60:29Z'],
    ['second 60', '2016-12-05T21:29:60Z'],
    ['Feb 30', '2016-02-30T00:00:00Z'],
    ['Feb 29 of a common year', '2015-02-29T00:00:00Z'],
    ['Feb 29 of 1900 (not a leap year)', '1900-02-29T00:00:00Z'],
    ['Apr 31', '2016-04-31T00:00:00Z'],
    ['day 0', '2016-04-00T00:00:00Z'],
    ['an offset beyond 18 hours', '2016-12-05T21:29:29+18:30'],
    ['offset minutes 60', '2016-12-05T21:29:29+01:60'],
    ['no zone', '2016-12-05T21:29:29'],
    ['fractions but no zone', '2016-12-05T21:29:29.000000'],
    ['a space instead of T', '2016-12-05 21:29:29Z'],
    ['day-month-year order', '05-12-2016T21:29:29Z'],
    ['no seconds', '2016-12-05T21:29Z'],
    ['an empty string', ''],
    ['words', 'tomorrow'],
  ];

  it.each(notDates)('is an invalid definition when it has %s (JSONPath)', (_, timestamp) => {
    expect(timestampFindings(timestamp)).toEqual(INVALID);
  });

  it.each(notDates)('is an invalid definition when it has %s (JSONata)', (_, timestamp) => {
    expect(timestampFindings(timestamp, true)).toEqual(INVALID);
  });

  const realDates = [
    '2016-03-14T01:59:00Z',
    '2016-02-29T23:59:59Z',
    '2000-02-29T00:00:00Z',
    '2016-03-05T21:29:29.243167252Z',
    '2016-03-05T21:29:29.0000000Z',
    '2024-03-22T20:26:00+00:00',
    '2024-03-22T20:26:00-18:00',
    '2024-03-22T20:26:00+05:30',
  ];

  it.each(realDates)('is accepted when it is a real date and time: %s', (timestamp) => {
    expect(timestampFindings(timestamp)).toEqual([]);
    expect(timestampFindings(timestamp, true)).toEqual([]);
  });

  it('may be a JSONata expression only in JSONata', () => {
    expect(timestampFindings('{% $states.input.when %}', true)).toEqual([]);
    expect(timestampFindings('{% $states.input.when %}')).toEqual(INVALID);
  });

  it('must be a string', () => {
    expect(timestampFindings(20160314)).toEqual([
      { code: 'SCHEMA_VALIDATION_FAILED', message: 'expected a string but got 20160314' },
    ]);
  });

  it('accepts every instant JavaScript can print, and no day past the end of its month', () => {
    const instants = fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (date) => timestampFindings(date.toISOString()).length === 0),
      { numRuns: 200 },
    );
    const pastTheEnd = fc
      .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
      .chain(({ year, month }) => {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        return fc.record({
          year: fc.constant(year),
          month: fc.constant(month),
          day: fc.integer({ min: last + 1, max: 99 }),
        });
      });
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    fc.assert(
      fc.property(pastTheEnd, ({ year, month, day }) => {
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T00:00:00Z`;
        return timestampFindings(text).length === 1;
      }),
      { numRuns: 200 },
    );
  });
});
