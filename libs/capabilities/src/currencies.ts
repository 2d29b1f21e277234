/**
 * Active ISO 4217 alphabetic currency codes (list one), as of the amendments published up to
 * 2026: XCG replaced ANG (2025), ZWG replaced ZWL (2024), BGN was withdrawn when Bulgaria
 * adopted the euro (2026). XTS (testing) and XXX (no currency) are left out on purpose: they
 * are never a payment capability. Update this list when ISO publishes an amendment; a code
 * missing here shows up as an `invalid_currency` anomaly, never silently.
 */
// prettier-ignore
export const ISO_4217_ACTIVE_CODES: readonly string[] = [
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT',
  'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP',
  'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR',
  'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN',
  'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN',
  'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD',
  'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP',
  'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX',
  'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS', 'VED', 'VES', 'VND', 'VUV', 'WST', 'XAF',
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD', 'XCG', 'XDR', 'XOF', 'XPD', 'XPF',
  'XPT', 'XSU', 'XUA', 'YER', 'ZAR', 'ZMW', 'ZWG',
];

/** Withdrawn codes still met in old configurations, with their successor (for messages). */
export const WITHDRAWN_CURRENCY_SUCCESSORS: Readonly<Record<string, string>> = {
  ANG: 'XCG',
  BGN: 'EUR',
  BYR: 'BYN',
  CUC: 'CUP',
  EEK: 'EUR',
  HRK: 'EUR',
  LTL: 'EUR',
  LVL: 'EUR',
  MRO: 'MRU',
  SLL: 'SLE',
  STD: 'STN',
  VEF: 'VES',
  ZWL: 'ZWG',
};

const ACTIVE = new Set(ISO_4217_ACTIVE_CODES);

/** Trims and upper-cases a currency code; does not validate it. */
export function canonicalCurrency(code: string): string {
  return code.trim().toUpperCase();
}

/** Whether `code` (already canonical) is an active ISO 4217 alphabetic code. */
export function isActiveCurrency(code: string): boolean {
  return ACTIVE.has(code);
}

/** Why a canonical code is not accepted, for anomaly messages. */
export function invalidCurrencyReason(code: string): string {
  const successor = WITHDRAWN_CURRENCY_SUCCESSORS[code];
  if (successor !== undefined) {
    return `${code} was withdrawn from ISO 4217 (successor ${successor})`;
  }
  if (!/^[A-Z]{3}$/.test(code)) return `"${code}" is not a three-letter currency code`;
  return `${code} is not an active ISO 4217 currency code`;
}
