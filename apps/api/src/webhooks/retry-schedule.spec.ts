import fc from 'fast-check';
import { nextRetryDelayMs, parseDuration, parseRetrySchedule } from './retry-schedule';

describe('retry schedule', () => {
  it('parses ms, s, m and h', () => {
    expect(parseDuration('50ms')).toBe(50);
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration(' 3h ')).toBe(3 * 3_600_000);
  });

  it('parses the default schedule to about three days of retries', () => {
    const schedule = parseRetrySchedule('5s,30s,2m,10m,30m,1h,3h,6h,12h,24h,24h');
    expect(schedule).toHaveLength(11);
    const total = schedule.reduce((sum, ms) => sum + ms, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.9);
    expect(total / 86_400_000).toBeLessThan(3.1);
  });

  it.each(['', '5', '5 s', '1d', '-5s', '1.5s', 's', '5s,,1m', '200h'])('refuses %p', (text) => {
    expect(() => parseRetrySchedule(text)).toThrow();
  });

  it('refuses more than 50 delays', () => {
    expect(() => parseRetrySchedule(Array(51).fill('1s').join(','))).toThrow(/more than 50/);
  });

  it('keeps every delay within ±20% of the schedule', () => {
    const schedule = [50, 5000, 86_400_000];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = nextRetryDelayMs(schedule, attempt, () => r)!;
          const base = schedule[attempt - 1];
          return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2);
        },
      ),
    );
    expect(nextRetryDelayMs(schedule, 1, () => 0)).toBe(40);
    expect(nextRetryDelayMs(schedule, 1, () => 0.999999)).toBe(60);
  });

  it('ends after the last delay', () => {
    expect(nextRetryDelayMs([10, 20], 2)).toBeDefined();
    expect(nextRetryDelayMs([10, 20], 3)).toBeUndefined();
    expect(nextRetryDelayMs([10, 20], 0)).toBeUndefined();
  });
});
