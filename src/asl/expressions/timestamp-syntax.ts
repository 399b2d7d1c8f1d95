/**
 * RFC 3339 timestamps as Step Functions accepts them (`2016-03-14T01:59:00Z`, `...55.123+01:00`): a real calendar
 * date and time of day, an upper-case `T`, and `Z` or a numeric offset of at most 18 hours.
 */

/** A parsed instant: whole seconds since the epoch plus nanoseconds, so nanosecond precision compares exactly. */
export interface Instant {
  readonly seconds: number;
  readonly nanos: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time with a mandatory `T` and offset; undefined when the text is not one or not a real date. */
export function parseTimestamp(text: string): Instant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const [oh, om] = m[8].slice(1).split(':').map(Number);
    offset = oh * 3600 + om * 60;
    // Java's ZoneOffset, which AWS parses with, stops at +/-18:00.
    if (om > 59 || offset > 18 * 3600) return undefined;
    offset *= sign;
  }
  const days = daysFromCivil(year, month, day);
  return {
    seconds: days * 86400 + hour * 3600 + minute * 60 + second - offset,
    nanos: Number((m[7] ?? '').padEnd(9, '0')),
  };
}

/** Compares two instants: negative, zero or positive. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/** The instant as milliseconds since the epoch (for timers). */
export function instantToMillis(instant: Instant): number {
  return instant.seconds * 1000 + Math.floor(instant.nanos / 1e6);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
