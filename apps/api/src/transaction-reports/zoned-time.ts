/**
 * Time-zone arithmetic for report windows, without a date library: account business days
 * (any IANA zone, a start minute) and Saferpay's report parameters, which are Europe/Zurich
 * wall clock at minute precision (`yyyy-MM-ddTHH:mm`).
 */
export const SAFERPAY_TIME_ZONE = 'Europe/Zurich';

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function toWall(timeZone: string, instant: Date): Wall {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: instant.getUTCMilliseconds(),
  };
}

function naiveUtc(wall: Wall): number {
  return Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
}

/** The instant the zone's wall clocks show `wall` (in a DST gap: shifted forward). */
export function fromWall(timeZone: string, wall: Wall): Date {
  const naive = naiveUtc(wall);
  const offset = (at: number) => naiveUtc(toWall(timeZone, new Date(at))) - at;
  const first = naive - offset(naive);
  return new Date(naive - offset(first));
}

/** 'yyyy-mm-dd' plus `days`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && addDays(day, 0) === day;
}

export interface BusinessDayRule {
  timeZone: string;
  /** Minutes after local midnight at which a business day starts (0 = midnight). */
  dayStartMinute: number;
}

/** [start, end) of business day `day` under the account's rule. */
export function businessDayWindow(day: string, rule: BusinessDayRule): { start: Date; end: Date } {
  const at = (d: string) => {
    const [year, month, dayOfMonth] = d.split('-').map(Number);
    return fromWall(rule.timeZone, {
      year,
      month,
      day: dayOfMonth,
      hour: Math.floor(rule.dayStartMinute / 60),
      minute: rule.dayStartMinute % 60,
      second: 0,
      millisecond: 0,
    });
  };
  return { start: at(day), end: at(addDays(day, 1)) };
}

/** The business day that contains `instant`. */
export function businessDayOf(instant: Date, rule: BusinessDayRule): string {
  const shifted = new Date(instant.getTime() - rule.dayStartMinute * 60_000);
  const wall = toWall(rule.timeZone, shifted);
  const day = `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
  // DST days are not 24 h: confirm against the real window and step if needed.
  const { start, end } = businessDayWindow(day, rule);
  if (instant < start) return addDays(day, -1);
  if (instant >= end) return addDays(day, 1);
  return day;
}

/** Today 00:00 in Zurich: Saferpay's EndDate must be before it. */
export function zurichMidnight(now: Date): Date {
  const wall = toWall(SAFERPAY_TIME_ZONE, now);
  return fromWall(SAFERPAY_TIME_ZONE, { ...wall, hour: 0, minute: 0, second: 0, millisecond: 0 });
}

/** The latest business day that ends at or before today's Zurich midnight (reportable). */
export function latestReportableDay(now: Date, rule: BusinessDayRule): string {
  const midnight = zurichMidnight(now);
  const day = businessDayOf(new Date(midnight.getTime() - 1), rule);
  return businessDayWindow(day, rule).end <= midnight ? day : addDays(day, -1);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-ddTHH:mm`, Zurich wall clock (minutes floored). */
export function zurichMinute(instant: Date): string {
  const w = toWall(SAFERPAY_TIME_ZONE, instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * StartDate/EndDate for a window [start, end). Saferpay returns transactions "later than"
 * StartDate and "before" EndDate at minute precision, and EndDate must be before today's
 * Zurich midnight (for yesterday it documents 23:59). So StartDate is one minute before the
 * window (nothing at its first instant is lost) and EndDate is the window's end, or one minute
 * before it when that end is today's midnight; the next window starts a minute early again.
 * The overlap is stored once (transactions are keyed by id). Undefined: not reportable yet.
 */
export function saferpayWindowParams(
  window: { start: Date; end: Date },
  now: Date,
): { StartDate: string; EndDate: string } | undefined {
  const midnight = zurichMidnight(now);
  if (window.end > midnight) return undefined;
  const minute = 60_000;
  const end = window.end < midnight ? window.end : new Date(window.end.getTime() - minute);
  return {
    StartDate: zurichMinute(new Date(window.start.getTime() - minute)),
    EndDate: zurichMinute(end),
  };
}

/** A report date without offset ("2025-08-14T12:41:30.618"), Zurich wall clock → instant. */
export function parseZurichReportDate(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text);
  if (!match) {
    const withOffset = new Date(text);
    return /[zZ]|[+-]\d{2}:\d{2}$/.test(text) && !Number.isNaN(withOffset.getTime())
      ? withOffset
      : undefined;
  }
  const [, y, mo, d, h, mi, s, ms] = match;
  return fromWall(SAFERPAY_TIME_ZONE, {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? 0),
    millisecond: Number((ms ?? '0').padEnd(3, '0')),
  });
}
