import {
  formatInOffset,
  formatZurichLocal,
  formatZurichWithOffset,
  fromZurichWallClock,
  startOfZurichDay,
  zurichMidnightDaysBefore,
  zurichOffsetMinutes,
} from './saferpay-time';

describe('Saferpay (Europe/Zurich) time', () => {
  it('knows winter and summer offsets', () => {
    expect(zurichOffsetMinutes(new Date('2025-01-15T12:00:00Z'))).toBe(60);
    expect(zurichOffsetMinutes(new Date('2025-07-15T12:00:00Z'))).toBe(120);
  });

  it('formats report dates without offset and SPG dates with offset', () => {
    const instant = new Date('2025-08-14T10:41:30.618Z');
    expect(formatZurichLocal(instant)).toBe('2025-08-14T12:41:30.618');
    expect(formatZurichWithOffset(instant)).toBe('2025-08-14T12:41:30.618+02:00');
    expect(formatInOffset(instant, -300)).toBe('2025-08-14T05:41:30-05:00');
  });

  it('finds Zurich midnight', () => {
    const instant = new Date('2025-03-30T22:30:00Z'); // 00:30 on 31 March (CEST)
    expect(startOfZurichDay(instant)).toEqual(new Date('2025-03-30T22:00:00Z'));
    expect(zurichMidnightDaysBefore(instant, 1)).toEqual(new Date('2025-03-29T23:00:00Z'));
    expect(
      fromZurichWallClock({
        year: 2025,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      }),
    ).toEqual(new Date('2024-12-31T23:00:00Z'));
  });
});
