import {
  checkSourceUrl,
  compareApiVersions,
  parseApiVersion,
  parseExpirationDate,
  parseReportDate,
} from './formats';

describe('parseExpirationDate', () => {
  it('accepts yyyy-MM-ddTHH:mm:ssK with Z or an offset', () => {
    expect(parseExpirationDate('2019-10-20T00:00:00+02:00')).toEqual({
      instant: new Date('2019-10-19T22:00:00Z'),
      offsetMinutes: 120,
    });
    expect(parseExpirationDate('2019-10-20T00:00:00Z')?.offsetMinutes).toBe(0);
  });

  it.each([
    '2020-04-23', // the guide's bare date
    '2020-04-23T00:00:00', // no offset
    '2020-04-23T00:00:00.000+02:00', // fractions are not in the format
    '2020-02-30T00:00:00Z',
    '2020-04-23 00:00:00Z',
  ])('rejects %s', (text) => {
    expect(parseExpirationDate(text)).toBeUndefined();
  });
});

describe('parseReportDate', () => {
  it('reads dates and date-times as Zurich wall clock', () => {
    expect(parseReportDate('2025-01-15')).toEqual(new Date('2025-01-14T23:00:00Z'));
    expect(parseReportDate('2025-07-15T12:49')).toEqual(new Date('2025-07-15T10:49:00Z'));
  });

  it.each(['2025-09-01T12:49:00', '2025-9-1', '01.09.2025', '2025-13-01'])('rejects %s', (text) => {
    expect(parseReportDate(text)).toBeUndefined();
  });
});

describe('checkSourceUrl', () => {
  it('allows https only', () => {
    expect(checkSourceUrl('https://a.yourshop.com/')).toBeUndefined();
    expect(checkSourceUrl('http://a.yourshop.com/')).toBe('not-https');
    expect(checkSourceUrl('yourshop.com')).toBe('not-absolute');
    expect(checkSourceUrl('ftp://yourshop.com')).toBe('not-absolute');
  });
});

describe('api versions', () => {
  it('compares numerically', () => {
    const v = (s: string) => parseApiVersion(s) ?? [0, 0];
    expect(compareApiVersions(v('1.9'), v('1.48'))).toBeLessThan(0);
    expect(compareApiVersions(v('1.53'), v('1.48'))).toBeGreaterThan(0);
    expect(parseApiVersion('1.x')).toBeUndefined();
  });
});
