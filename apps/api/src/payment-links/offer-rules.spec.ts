import type { CapabilitySnapshot } from '@platform/capabilities';
import type { CreatePaymentLinkDto } from './dto/create-payment-link.dto';
import {
  amountProblems,
  canonicalJson,
  checkAgainstSnapshot,
  expirationProblem,
  parseExpiration,
  requestHash,
  toSaferpayRequest,
} from './offer-rules';

const NOW = new Date('2025-09-10T10:00:00Z');

describe('parseExpiration / expirationProblem', () => {
  it('reads Z and ±HH:mm offsets as instants', () => {
    expect(parseExpiration('2025-09-10T13:00:00+02:00')?.toISOString()).toBe(
      '2025-09-10T11:00:00.000Z',
    );
    expect(parseExpiration('2025-09-10T11:00:00Z')?.toISOString()).toBe('2025-09-10T11:00:00.000Z');
  });

  it('refuses impossible dates and offsets', () => {
    for (const text of [
      '2025-02-29T00:00:00Z',
      '2025-09-10T24:00:00Z',
      '2025-09-10T00:00:00+15:00',
    ]) {
      expect(parseExpiration(text)).toBeUndefined();
    }
  });

  it('accepts exactly 1 hour and exactly 180 days; refuses a second less or more', () => {
    expect(expirationProblem('2025-09-10T11:00:00Z', NOW)).toBeUndefined();
    expect(expirationProblem('2025-09-10T10:59:59Z', NOW)).toMatch(/1 hour/);
    expect(expirationProblem('2026-03-09T10:00:00Z', NOW)).toBeUndefined();
    expect(expirationProblem('2026-03-09T10:00:01Z', NOW)).toMatch(/180 days/);
  });
});

describe('amountProblems', () => {
  it('bounds minor units by the currency exponent', () => {
    expect(amountProblems(100_000_000_000, 'CHF')).toEqual([]);
    expect(amountProblems(100_000_000_001, 'CHF')[0]?.pointer).toBe('/amount/value');
    expect(amountProblems(1_000_000_001, 'JPY')[0]?.detail).toMatch(/0 decimals/);
    expect(amountProblems(100, 'ABC')[0]?.pointer).toBe('/amount/currency');
  });
});

describe('checkAgainstSnapshot', () => {
  const snapshot = {
    terminals: [
      { terminalId: '1', type: 'MPO', paymentMethods: [{ code: 'VISA', currencies: ['USD'] }] },
      { terminalId: '1', type: 'SPG', paymentMethods: [{ code: 'VISA', currencies: ['CHF'] }] },
    ],
    paymentPageConfigs: [{ name: 'Special', isDefault: false }],
  } as unknown as CapabilitySnapshot;
  const input = (currency: string, configSet?: string) => ({
    terminalId: '1',
    amount: { value: 1, currency },
    configSet,
  });

  it('uses the SPG entry of a shared terminal id and the reported ConfigSet casing', () => {
    expect(checkAgainstSnapshot(snapshot, input('CHF', 'SPECIAL'))).toEqual({
      configSet: 'Special',
      problems: [],
    });
    expect(checkAgainstSnapshot(snapshot, input('USD')).problems[0]?.pointer).toBe(
      '/amount/currency',
    );
    expect(checkAgainstSnapshot(snapshot, input('CHF', 'x')).problems[0]?.pointer).toBe(
      '/configSet',
    );
  });
});

describe('toSaferpayRequest / requestHash', () => {
  const dto = {
    terminalId: '1',
    amount: { value: 404, currency: 'CHF' },
    orderId: 'A-1',
    description: 'D',
    expirationDate: '2025-10-01T00:00:00+02:00',
    payer: { billingAddress: { countryCode: 'CH' } },
    maxPaymentAttempts: 0,
  } as CreatePaymentLinkDto;

  it('sends amounts as digit strings and leaves out what was not given', () => {
    expect(toSaferpayRequest(dto, undefined)).toEqual({
      Payment: { Amount: { Value: '404', CurrencyCode: 'CHF' }, OrderId: 'A-1', Description: 'D' },
      ExpirationDate: '2025-10-01T00:00:00+02:00',
      Payer: { BillingAddress: { CountryCode: 'CH' } },
      MaxPaymentAttempts: 0,
    });
  });

  it('hashes equal bodies equally whatever the key order, and per account', () => {
    const reordered = JSON.parse(canonicalJson(dto)) as CreatePaymentLinkDto;
    expect(requestHash('a', reordered)).toBe(requestHash('a', dto));
    expect(requestHash('b', dto)).not.toBe(requestHash('a', dto));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});
