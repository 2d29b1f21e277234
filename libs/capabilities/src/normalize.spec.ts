import { denormalize } from './denormalize';
import { referenceReads } from './fixtures.test-helper';
import { contentHash, snapshotContent } from './hash';
import { normalize } from './normalize';
import type { RawAccountReads } from './types';

describe('normalize', () => {
  it('keeps the reference duplicate terminal id apart by type', () => {
    const snapshot = normalize(referenceReads());
    expect(snapshot.terminals.map((t) => t.key)).toEqual([
      '1000001:ECOM',
      '1000002:MPO',
      '1000002:SPG',
    ]);
    expect(snapshot.terminals[1].paymentMethods.map((m) => m.code)).toEqual(['VISA']);
    expect(snapshot.terminals[2].paymentMethods.map((m) => m.code)).toEqual(['TWINT']);
    expect(snapshot.anomalies).toEqual([]);
  });

  it('builds the canonical snapshot of the reference reads', () => {
    const snapshot = normalize(referenceReads());
    expect(snapshot.license).toEqual({
      package: { id: 'SAFERPAY_FLEX', displayName: 'Saferpay Flex' },
      features: [
        { id: 'MANAGEMENT_API', displayName: 'Management API' },
        { id: 'PAYMENT_API', displayName: 'Payment API' },
      ],
    });
    const ecom = snapshot.terminals[0];
    expect(ecom.paymentMethods).toEqual([
      {
        code: 'MAESTRO',
        currencies: ['EUR'],
        logoUrl: 'https://www.saferpay.com/static/logo/maestro.svg',
      },
      {
        code: 'MASTERCARD',
        currencies: ['CHF', 'EUR'],
        logoUrl: 'https://www.saferpay.com/static/logo/mc.svg',
      },
      { code: 'PAYPAL', currencies: ['CHF', 'EUR', 'USD'], logoUrl: null },
      {
        code: 'VISA',
        currencies: ['USD'],
        logoUrl: 'https://www.saferpay.com/static/logo/visa.svg',
      },
    ]);
    expect(ecom.wallets.map((w) => w.code)).toEqual(['APPLEPAY', 'GOOGLEPAY']);
    expect(snapshot.paymentPageConfigs.map((c) => [c.name, c.isDefault])).toEqual([
      ['default', true],
      ['event', false],
      ['special', false],
    ]);
    expect(snapshot).not.toHaveProperty('readAt');
  });

  it('cleans messy input: case, whitespace, duplicates, same id and type merged', () => {
    const raw: RawAccountReads = {
      license: {
        source: 'license-configuration',
        package: { id: ' saferpay_flex ', displayName: ' Saferpay Flex ' },
        features: [{ id: 'payment_api' }, { id: 'PAYMENT_API ', displayName: 'Payment API' }],
      },
      terminals: [
        {
          terminalId: ' 17654321 ',
          type: 'ecom',
          paymentMethods: [
            { paymentMethod: ' visa', currencies: ['chf', ' EUR ', 'CHF'] },
            { paymentMethod: 'twint', currencies: ['CHF'], logoUrl: '  ' },
          ],
        },
        {
          terminalId: '17654321',
          type: 'ECOM ',
          description: 'Webshop',
          paymentMethods: [{ paymentMethod: 'VISA', currencies: ['usd'] }],
          wallets: [{ walletName: 'applepay' }, { walletName: 'APPLEPAY', logoUrl: 'x.svg' }],
        },
      ],
      paymentPageConfigs: null,
      readAt: '2026-11-25T10:00:00.000Z',
    };
    const snapshot = normalize(raw);
    expect(snapshot.license.package).toEqual({ id: 'SAFERPAY_FLEX', displayName: 'Saferpay Flex' });
    expect(snapshot.license.features).toEqual([{ id: 'PAYMENT_API', displayName: 'Payment API' }]);
    expect(snapshot.terminals).toEqual([
      {
        key: '17654321:ECOM',
        terminalId: '17654321',
        type: 'ECOM',
        description: 'Webshop',
        paymentMethods: [
          { code: 'TWINT', currencies: ['CHF'], logoUrl: null },
          { code: 'VISA', currencies: ['CHF', 'EUR', 'USD'], logoUrl: null },
        ],
        wallets: [{ code: 'APPLEPAY', logoUrl: 'x.svg' }],
      },
    ]);
    expect(snapshot.paymentPageConfigs).toEqual([]);
    expect(snapshot.anomalies).toEqual([]);
  });

  it('tolerates missing arrays and a missing package', () => {
    const raw = {
      license: { source: 'license', package: null },
      readAt: '2026-11-25T10:00:00.000Z',
    } as RawAccountReads;
    const snapshot = normalize(raw);
    expect(snapshot.terminals).toEqual([]);
    expect(snapshot.license).toEqual({ package: { id: '', displayName: null }, features: [] });
    expect(snapshot.anomalies.map((a) => a.code)).toEqual(['missing_package']);
  });

  it('drops invalid currencies and reports each one', () => {
    const raw: RawAccountReads = {
      license: { source: 'license', package: { id: 'SAFERPAY_FLEX' } },
      terminals: [
        {
          terminalId: '17654321',
          type: 'ECOM',
          paymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF', 'XYZ', 'hrk', 'eu', ''] }],
        },
      ],
      readAt: '2026-11-25T10:00:00.000Z',
    };
    const snapshot = normalize(raw);
    expect(snapshot.terminals[0].paymentMethods[0].currencies).toEqual(['CHF']);
    const invalid = snapshot.anomalies.filter((a) => a.code === 'invalid_currency');
    expect(invalid.map((a) => a.value).sort()).toEqual(['', 'EU', 'HRK', 'XYZ']);
    expect(
      invalid.every((a) => a.terminalKey === '17654321:ECOM' && a.paymentMethod === 'VISA'),
    ).toBe(true);
    expect(invalid.find((a) => a.value === 'HRK')?.message).toContain('successor EUR');
  });

  it('reports terminal problems and keeps undocumented types', () => {
    const snapshot = normalize({
      license: { source: 'license', package: { id: 'SAFERPAY_FLEX' } },
      terminals: [
        { terminalId: '', type: 'ECOM' },
        { terminalId: '1', type: null },
        { terminalId: '2', type: 'pos' },
        { terminalId: '3', type: 'ECOM', paymentMethods: [{ paymentMethod: ' ' }] },
      ],
      readAt: '2026-11-25T10:00:00.000Z',
    });
    expect(snapshot.terminals.map((t) => t.key)).toEqual(['1:UNKNOWN', '2:POS', '3:ECOM']);
    expect(snapshot.anomalies.map((a) => a.code).sort()).toEqual([
      'blank_code',
      'missing_terminal_id',
      'missing_terminal_type',
      'unknown_terminal_type',
    ]);
  });

  it('picks one logo deterministically and reports conflicts', () => {
    const methods = (first: string, second: string) => ({
      license: { source: 'license' as const, package: { id: 'P' } },
      terminals: [
        {
          terminalId: '1',
          type: 'ECOM',
          paymentMethods: [
            { paymentMethod: 'VISA', logoUrl: first },
            { paymentMethod: 'VISA', logoUrl: second },
          ],
        },
      ],
      readAt: '2026-11-25T10:00:00.000Z',
    });
    const a = normalize(methods('https://b/visa.svg', 'https://a/visa.svg'));
    const b = normalize(methods('https://a/visa.svg', 'https://b/visa.svg'));
    expect(a).toEqual(b);
    expect(a.terminals[0].paymentMethods[0].logoUrl).toBe('https://a/visa.svg');
    expect(a.anomalies.map((x) => x.code)).toEqual(['conflicting_logo_url']);
  });

  it('merges payment page configs case-insensitively and reports default problems', () => {
    const configs = (list: RawAccountReads['paymentPageConfigs']) =>
      normalize({
        license: { source: 'license', package: { id: 'P' } },
        paymentPageConfigs: list,
        readAt: '',
      });
    const none = configs([
      { name: 'Special', isDefault: false },
      { name: 'special', isDefault: false, description: 'Events' },
    ]);
    expect(none.paymentPageConfigs).toEqual([
      { name: 'Special', isDefault: false, description: 'Events' },
    ]);
    expect(none.anomalies.map((a) => a.code)).toEqual([
      'duplicate_payment_page_config',
      'no_default_payment_page_config',
    ]);
    const two = configs([
      { name: 'b', isDefault: true },
      { name: 'A', isDefault: true },
    ]);
    expect(two.paymentPageConfigs.map((c) => c.name)).toEqual(['A', 'b']);
    expect(two.anomalies).toEqual([
      expect.objectContaining({ code: 'multiple_default_payment_page_configs', value: 'A, b' }),
    ]);
    expect(configs([]).anomalies).toEqual([]);
  });

  it('round-trips through denormalize', () => {
    const snapshot = normalize(referenceReads());
    const again = normalize(denormalize(snapshot, '2030-01-01T00:00:00.000Z'));
    expect(snapshotContent(again)).toEqual(snapshotContent(snapshot));
    expect(contentHash(again)).toBe(contentHash(snapshot));
  });
});
