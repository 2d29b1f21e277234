/**
 * ISO 4217 minor-unit exponents that differ from the default of 2. Needed to turn the decimal
 * amount strings of the GetTransactions example ("5.00") into minor units.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  // No minor unit.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Three decimals.
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // Four decimals (funds codes).
  CLF: 4,
  UYW: 4,
};

/** Number of minor-unit digits of an ISO 4217 currency (2 unless listed otherwise). */
export function currencyExponent(currencyCode: string): number {
  return EXPONENTS[currencyCode.toUpperCase()] ?? 2;
}

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
const INTEGER = /^-?[0-9]+$/;

/**
 * Converts a decimal amount in major units to an integer string in minor units without
 * floating point: ("5.00", "EUR") → "500", ("1.5", "KWD") → "1500", ("500", "JPY") → "500".
 * Throws RangeError when the value is not a decimal or has non-zero digits beyond the
 * currency's exponent (e.g. "5.001" EUR), because rounding money silently is worse than failing.
 */
export function decimalToMinorUnits(decimal: string, currencyCode: string): string {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(decimal)}`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currencyCode);
  if (/[1-9]/.test(fraction.slice(exponent))) {
    throw new RangeError(`${decimal} has more than ${exponent} decimals for ${currencyCode}`);
  }
  const digits = (whole + fraction.slice(0, exponent).padEnd(exponent, '0')).replace(
    /^0+(?=\d)/,
    '',
  );
  return digits === '0' ? '0' : `${sign}${digits}`;
}

/** Validates an integer minor-unit string (the container shape) and strips leading zeros. */
export function normalizeMinorUnits(value: string): string {
  if (!INTEGER.test(value)) throw new RangeError(`not an integer amount: ${JSON.stringify(value)}`);
  const negative = value.startsWith('-');
  const digits = value.replace(/^-/, '').replace(/^0+(?=\d)/, '');
  return negative && digits !== '0' ? `-${digits}` : digits;
}
