import {
  businessDayOf,
  businessDayWindow,
  latestReportableDay,
  parseZurichReportDate,
  saferpayWindowParams,
  zurichMidnight,
} from './zoned-time';

const ZURICH = { timeZone: 'Europe/Zurich', dayStartMinute: 0 };

describe('business days and Saferpay report windows', () => {
  it('Zurich midnight-to-midnight, including the 23 h and 25 h DST days', () => {
    expect(businessDayWindow('2025-09-09', ZURICH)).toEqual({
      start: new Date('2025-09-08T22:00:00Z'),
      end: new Date('2025-09-09T22:00:00Z'),
    });
    const spring = businessDayWindow('2025-03-30', ZURICH);
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = businessDayWindow('2025-10-26', ZURICH);
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('other zones and start times', () => {
    const london4 = { timeZone: 'Europe/London', dayStartMinute: 240 };
    expect(businessDayWindow('2025-09-09', london4).start).toEqual(
      new Date('2025-09-09T03:00:00Z'),
    );
    expect(businessDayOf(new Date('2025-09-10T02:59:59Z'), london4)).toBe('2025-09-09');
    expect(businessDayOf(new Date('2025-09-10T03:00:00Z'), london4)).toBe('2025-09-10');
  });

  it('the latest reportable day ends by today’s Zurich midnight', () => {
    const now = new Date('2025-09-10T08:00:00Z');
    expect(zurichMidnight(now)).toEqual(new Date('2025-09-09T22:00:00Z'));
    expect(latestReportableDay(now, ZURICH)).toBe('2025-09-09');
    // A day starting 04:00 Zurich ends today 04:00: not complete before midnight.
    expect(latestReportableDay(now, { timeZone: 'Europe/Zurich', dayStartMinute: 240 })).toBe(
      '2025-09-08',
    );
    expect(latestReportableDay(now, { timeZone: 'Asia/Tokyo', dayStartMinute: 0 })).toBe(
      '2025-09-09',
    );
  });

  it('StartDate a minute early; EndDate the end, or 23:59 for yesterday; nothing for today', () => {
    const now = new Date('2025-09-10T08:00:00Z');
    expect(saferpayWindowParams(businessDayWindow('2025-09-09', ZURICH), now)).toEqual({
      StartDate: '2025-09-08T23:59',
      EndDate: '2025-09-09T23:59',
    });
    expect(saferpayWindowParams(businessDayWindow('2025-09-08', ZURICH), now)).toEqual({
      StartDate: '2025-09-07T23:59',
      EndDate: '2025-09-09T00:00',
    });
    expect(saferpayWindowParams(businessDayWindow('2025-09-10', ZURICH), now)).toBeUndefined();
  });

  it('reads report dates as Zurich wall clock', () => {
    expect(parseZurichReportDate('2025-08-14T12:41:30.618')).toEqual(
      new Date('2025-08-14T10:41:30.618Z'),
    );
    expect(parseZurichReportDate('2025-01-14T12:41')).toEqual(new Date('2025-01-14T11:41:00Z'));
    expect(parseZurichReportDate('2025-01-14T12:41:00+00:00')).toEqual(
      new Date('2025-01-14T12:41:00Z'),
    );
    expect(parseZurichReportDate('yesterday')).toBeUndefined();
  });
});
