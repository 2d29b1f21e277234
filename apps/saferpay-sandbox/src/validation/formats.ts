import { fromZurichWallClock, isValidWallClock } from '../time/saferpay-time';

/** `yyyy-MM-ddTHH:mm:ssK` with K = Z or ±HH:mm (AlphaNumeric[10..25]). */
const EXPIRATION_DATE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|([+-])(\d{2}):(\d{2}))$/;

export interface ParsedExpirationDate {
  instant: Date;
  offsetMinutes: number;
}

export function parseExpirationDate(text: string): ParsedExpirationDate | undefined {
  const m = EXPIRATION_DATE.exec(text);
  if (!m) return undefined;
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: 0,
  };
  if (!isValidWallClock(wall)) return undefined;
  let offsetMinutes = 0;
  if (m[7] !== 'Z') {
    const hours = Number(m[9]);
    const minutes = Number(m[10]);
    if (hours > 14 || minutes > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return { instant: new Date(utc - offsetMinutes * 60_000), offsetMinutes };
}

/** Report filter dates: `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm`, Zurich wall clock. */
const REPORT_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

export function parseReportDate(text: string): Date | undefined {
  const m = REPORT_DATE.exec(text);
  if (!m) return undefined;
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: m[4] === undefined ? 0 : Number(m[4]),
    minute: m[5] === undefined ? 0 : Number(m[5]),
    second: 0,
    millisecond: 0,
  };
  return isValidWallClock(wall) ? fromZurichWallClock(wall) : undefined;
}

export type SourceUrlProblem = 'not-absolute' | 'not-https';

/** Saferpay Fields source URLs: absolute, https only. */
export function checkSourceUrl(value: string): SourceUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not-absolute';
  }
  if (url.protocol !== 'https:') return url.protocol === 'http:' ? 'not-https' : 'not-absolute';
  if (url.hostname.length === 0) return 'not-absolute';
  return undefined;
}

/** Version strings like "1.53"; compares numerically per part (1.9 < 1.48). */
export function parseApiVersion(text: string): [number, number] | undefined {
  const m = /^(\d{1,2})\.(\d{1,3})$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function compareApiVersions(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
