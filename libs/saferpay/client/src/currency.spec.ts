import { currencyExponent, decimalToMinorUnits, normalizeMinorUnits } from './currency';

describe('currencyExponent', () => {
  it.each([
    ['EUR', 2],
    ['CHF', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
    ['jpy', 0],
  ])('%s has %i minor digits', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });
});

describe('decimalToMinorUnits', () => {
  it.each([
    ['5.00', 'EUR', '500'],
    ['5', 'EUR', '500'],
    ['5.5', 'CHF', '550'],
    ['0.05', 'EUR', '5'],
    ['0.00', 'EUR', '0'],
    ['-0.00', 'EUR', '0'],
    ['-12.34', 'EUR', '-1234'],
    ['1234567890123.45', 'EUR', '123456789012345'],
    ['500', 'JPY', '500'],
    ['500.00', 'JPY', '500'],
    ['1.5', 'KWD', '1500'],
    ['1.234', 'KWD', '1234'],
    ['5.000', 'EUR', '500'],
  ])('%s %s → %s', (decimal, currency, minor) => {
    expect(decimalToMinorUnits(decimal, currency)).toBe(minor);
  });

  it.each([
    ['5.001', 'EUR'],
    ['500.5', 'JPY'],
    ['1.2345', 'KWD'],
    ['5,00', 'EUR'],
    ['', 'EUR'],
    ['1e3', 'EUR'],
    ['.5', 'EUR'],
  ])('refuses %j for %s rather than rounding or guessing', (decimal, currency) => {
    expect(() => decimalToMinorUnits(decimal, currency)).toThrow(RangeError);
  });
});

describe('normalizeMinorUnits', () => {
  it('keeps integers and strips leading zeros', () => {
    expect(normalizeMinorUnits('500')).toBe('500');
    expect(normalizeMinorUnits('00500')).toBe('500');
    expect(normalizeMinorUnits('0')).toBe('0');
    expect(normalizeMinorUnits('-0')).toBe('0');
    expect(normalizeMinorUnits('-25')).toBe('-25');
  });

  it('refuses decimals in the minor-unit shape', () => {
    expect(() => normalizeMinorUnits('5.00')).toThrow(RangeError);
  });
});
