import { formatBytes, formatDuration } from '../../../src/server/progress';

describe('progress figures', () => {
  it('gives bytes in the powers of 1000 pip prints', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(44_508_240)).toBe('44.5 MB');
    expect(formatBytes(2_340_000_000)).toBe('2.34 GB');
  });

  it('gives durations from milliseconds to minutes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
  });
});
