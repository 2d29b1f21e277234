/**
 * Saferpay is a Swiss service: report dates without an offset ("2025-08-14T12:41:30.618"),
 * report filters (StartDate/EndDate) and "today at 00:00" are Europe/Zurich wall-clock time.
 * These helpers convert between instants and that wall clock without a date library.
 */
export const SAFERPAY_TIME_ZONE = 'Europe/Zurich';

export interface WallClock {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: SAFERPAY_TIME_ZONE,
  timeZoneName: 'longOffset',
});

/** Minutes east of UTC that Europe/Zurich had at `instant` (60 in winter, 120 in summer). */
export function zurichOffsetMinutes(instant: Date): number {
  const part = offsetFormatter.formatToParts(instant).find((p) => p.type === 'timeZoneName');
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part?.value ?? '');
  if (!match) return 0; // "GMT" exactly: offset zero
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function wallClockOf(instant: Date, offsetMinutes: number): WallClock {
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

export function toZurichWallClock(instant: Date): WallClock {
  return wallClockOf(instant, zurichOffsetMinutes(instant));
}

/** The instant at which Zurich wall clocks show `wall` (the later one in a DST fold). */
export function fromZurichWallClock(wall: WallClock): Date {
  const naive = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
  const first = naive - zurichOffsetMinutes(new Date(naive)) * 60_000;
  const second = naive - zurichOffsetMinutes(new Date(first)) * 60_000;
  return new Date(second);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function formatWall(wall: WallClock, milliseconds: boolean): string {
  const base =
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` +
    `T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  return milliseconds ? `${base}.${pad(wall.millisecond, 3)}` : base;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2025-08-14T12:41:30.618": Zurich wall clock, no offset (transaction report dates). */
export function formatZurichLocal(instant: Date): string {
  return formatWall(toZurichWallClock(instant), true);
}

/** "2023-03-01T11:37:47.682+01:00": Zurich wall clock with its offset (SPG CreationDate). */
export function formatZurichWithOffset(instant: Date): string {
  const offset = zurichOffsetMinutes(instant);
  return formatWall(wallClockOf(instant, offset), true) + formatOffset(offset);
}

/** "2023-04-01T00:00:00+02:00": `instant` shown in a given offset, without milliseconds. */
export function formatInOffset(instant: Date, offsetMinutes: number): string {
  return formatWall(wallClockOf(instant, offsetMinutes), false) + formatOffset(offsetMinutes);
}

/** Today at 00:00 in Zurich, as an instant. */
export function startOfZurichDay(instant: Date): Date {
  const wall = toZurichWallClock(instant);
  return fromZurichWallClock({ ...wall, hour: 0, minute: 0, second: 0, millisecond: 0 });
}

/** Zurich midnight `days` calendar days before the day of `instant`. */
export function zurichMidnightDaysBefore(instant: Date, days: number): Date {
  const wall = toZurichWallClock(instant);
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day - days));
  return fromZurichWallClock({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  });
}

/** True when the fields name a real calendar date and time (no 2025-02-30, no 24:00). */
export function isValidWallClock(wall: WallClock): boolean {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  return (
    date.getUTCFullYear() === wall.year &&
    date.getUTCMonth() === wall.month - 1 &&
    date.getUTCDate() === wall.day &&
    wall.hour >= 0 &&
    wall.hour <= 23 &&
    wall.minute >= 0 &&
    wall.minute <= 59 &&
    wall.second >= 0 &&
    wall.second <= 59
  );
}
