/** Delays between webhook attempts: parsing `5s,30s,2m` and spreading retries with jitter. */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d{1,9})(ms|s|m|h)$/;

/** The longest single delay accepted: a week (a typo like `24000h` should not pass). */
export const MAX_RETRY_DELAY_MS = 7 * 24 * UNIT_MS.h;
export const MAX_RETRY_STEPS = 50;

/** `250ms`, `5s`, `2m`, `1h` in milliseconds; throws a sentence for anything else. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`"${text.trim()}" is not a duration like 500ms, 5s, 2m or 1h`);
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms > MAX_RETRY_DELAY_MS) throw new Error(`"${text.trim()}" is longer than 7 days`);
  return ms;
}

/** A comma-separated list of durations: the delay before each retry after the first attempt. */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length > MAX_RETRY_STEPS) throw new Error(`has more than ${MAX_RETRY_STEPS} delays`);
  return parts.map(parseDuration);
}

/**
 * The delay before the next attempt after `attemptsMade` attempts, with ±20% jitter so
 * retries of many deliveries that failed together (a receiver outage) do not arrive
 * together; undefined when the schedule is exhausted and the delivery fails.
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[attemptsMade - 1];
  if (base === undefined || attemptsMade < 1) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()));
}
