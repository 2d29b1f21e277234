import type { SaferpayRawTransaction } from '@platform/saferpay-contract';
import {
  NormalizationError,
  inferPageNumberBase,
  normalizeAmount,
  normalizePaymentPageConfigs,
  normalizeTerminals,
  normalizeTransaction,
} from './normalize';

describe('normalizeAmount', () => {
  it('reads both documented shapes', () => {
    expect(normalizeAmount({ Value: '404', CurrencyCode: 'CHF' }, undefined, 'x')).toEqual({
      value: '404',
      currencyCode: 'CHF',
    });
    expect(normalizeAmount('4.04', 'CHF', 'x')).toEqual({ value: '404', currencyCode: 'CHF' });
    expect(normalizeAmount('404', 'JPY', 'x')).toEqual({ value: '404', currencyCode: 'JPY' });
  });

  it('refuses a decimal string without a currency and unknown shapes', () => {
    expect(() => normalizeAmount('5.00', undefined, 'MerchantAmount')).toThrow(
      /MerchantAmount is a decimal string without a currency/,
    );
    expect(() => normalizeAmount(5, 'EUR', 'x')).toThrow(NormalizationError);
    expect(() => normalizeAmount({ Value: '1.00', CurrencyCode: 'EUR' }, undefined, 'x')).toThrow(
      NormalizationError,
    );
  });
});

describe('normalizeTransaction', () => {
  const base = {
    Application: 'Json Api',
    CustomerId: 123456,
    TerminalId: 17654321,
    PaymentMethod: 'VISA',
    Provider: 'VISA Worldline',
    TransactionId: 't1',
  };

  it('uses the merchant currency for a string CapturedMerchantAmount', () => {
    const raw = {
      ...base,
      MerchantAmount: { Value: '1500', CurrencyCode: 'KWD' },
      AuthorizationDetails: {
        CapturedMerchantAmount: '1.000',
        PayerAmount: { Value: '1500', CurrencyCode: 'KWD' },
      },
    } as unknown as SaferpayRawTransaction;
    const transaction = normalizeTransaction(raw);
    expect(transaction.customerId).toBe('123456');
    expect(transaction.terminalId).toBe('17654321');
    expect(transaction.capturedMerchantAmount).toEqual({ value: '1000', currencyCode: 'KWD' });
    expect(transaction.payerAmount).toEqual({ value: '1500', currencyCode: 'KWD' });
    expect(transaction.raw).toBe(raw);
  });

  it('names the broken field', () => {
    const raw = { ...base, MerchantAmount: '5.00' } as unknown as SaferpayRawTransaction;
    expect(() => normalizeTransaction(raw, 4)).toThrow(/Transactions\[4\]\.MerchantAmount/);
  });
});

describe('inferPageNumberBase', () => {
  it.each([
    [1, 0, 0],
    [1, 1, 1],
    [3, 2, 0],
    [3, 3, 1],
    [5, 0, 0],
    [2, 7, 1],
  ] as const)('requested %i, answered %i → %i-based', (requested, answered, base) => {
    expect(inferPageNumberBase(requested, answered)).toBe(base);
  });
});

describe('normalizePaymentPageConfigs', () => {
  it('prefers PascalCase, defaults isDefault to false and skips nameless entries', () => {
    expect(
      normalizePaymentPageConfigs({
        Configurations: [
          { Name: 'A', name: 'a', isDefault: true },
          { name: 'b' },
          { Description: 'no name' },
        ],
      }),
    ).toEqual([
      { name: 'A', isDefault: true, description: undefined },
      { name: 'b', isDefault: false, description: undefined },
    ]);
  });

  it('treats a missing Configurations array as none', () => {
    expect(normalizePaymentPageConfigs({})).toEqual([]);
  });
});

describe('normalizeTerminals', () => {
  it('keys by id and type, collapsing exact duplicates only', () => {
    const terminals = normalizeTerminals({
      Terminals: [
        { TerminalId: '1', Type: 'ECOM', Description: 'first' },
        { TerminalId: '1', Type: 'SPG' },
        { TerminalId: '1', Type: 'ECOM', Description: 'duplicate' },
        { Type: 'MPO' },
      ],
    });
    expect(terminals.map((terminal) => [terminal.key, terminal.description])).toEqual([
      ['1:ECOM', 'first'],
      ['1:SPG', undefined],
    ]);
  });
});
