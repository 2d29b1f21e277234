import { driftRetryDelayMs } from './drift-check.handler';

describe('driftRetryDelayMs', () => {
  it('waits the base, then four times longer per attempt, within ±20 %', () => {
    expect(driftRetryDelayMs(30_000, 1, () => 0.5)).toBe(30_000);
    expect(driftRetryDelayMs(30_000, 2, () => 0.5)).toBe(120_000);
    expect(driftRetryDelayMs(30_000, 3, () => 0.5)).toBe(480_000);
    expect(driftRetryDelayMs(30_000, 1, () => 0)).toBe(24_000);
    expect(driftRetryDelayMs(30_000, 1, () => 0.999999)).toBeLessThanOrEqual(36_000);
  });
});
