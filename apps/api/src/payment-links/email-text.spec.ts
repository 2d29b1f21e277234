import { formatAmount, renderEmailText } from './email-text';

describe('renderEmailText', () => {
  const input = {
    amountValue: '1050',
    currency: 'CHF',
    description: 'Invoice 42',
    expirationText: '2025-10-20T00:00:00+02:00',
    paymentLink: 'https://test.saferpay.com/SecurePayGate/Payment/1/2/3',
  };

  it('writes each locale with the link, the amount and the expiry', () => {
    for (const locale of ['de', 'en', 'fr', 'it'] as const) {
      const text = renderEmailText({ ...input, locale });
      expect(text).toContain(input.paymentLink);
      expect(text).toContain('2025-10-20 00:00 (UTC+02:00)');
    }
    expect(renderEmailText({ ...input, locale: 'en', payerName: 'Ann' })).toMatch(
      /^Hello Ann,\n\nPlease pay "Invoice 42" of CHF 10.50/,
    );
    expect(renderEmailText({ ...input, locale: 'fr' })).toContain('CHF 10,50');
  });

  it('formats minor units by the currency exponent', () => {
    expect(formatAmount('5', 'EUR')).toBe('EUR 0.05');
    expect(formatAmount('500', 'JPY')).toBe('JPY 500');
    expect(formatAmount('1500', 'KWD')).toBe('KWD 1.500');
  });
});
