import { diff, invertDiff } from './diff';
import { reads, referenceReads, terminal } from './fixtures.test-helper';
import { normalize } from './normalize';
import { diffSummary } from './summary';
import type { RawAccountReads } from './types';

const before = normalize(
  reads([
    terminal('17654321', 'ECOM', ['VISA', 'TWINT'], ['CHF', 'EUR'], ['APPLEPAY']),
    terminal('17654322', 'SPG', ['VISA']),
  ]),
);

function change(raw: RawAccountReads, edit: (draft: RawAccountReads) => RawAccountReads) {
  return normalize(edit(structuredClone(raw)));
}

describe('diff', () => {
  it('is empty for equal snapshots', () => {
    expect(diff(before, before)).toEqual([]);
    expect(diff(normalize(referenceReads()), normalize(referenceReads()))).toEqual([]);
  });

  it('reports a payment method removed from a terminal', () => {
    const after = normalize(
      reads([
        terminal('17654321', 'ECOM', ['VISA'], ['CHF', 'EUR'], ['APPLEPAY']),
        terminal('17654322', 'SPG', ['VISA']),
      ]),
    );
    const changes = diff(before, after);
    expect(changes).toEqual([
      {
        kind: 'payment_method',
        change: 'removed',
        terminalKey: '17654321:ECOM',
        code: 'TWINT',
        before: { currencies: ['CHF', 'EUR'], logoUrl: null },
      },
    ]);
    expect(diffSummary(changes)).toEqual(['TWINT was removed from terminal 17654321 (ECOM).']);
  });

  it('reports a currency removed from a method, and a terminal added', () => {
    const raw = reads([
      terminal('17654321', 'ECOM', ['VISA'], ['EUR'], ['APPLEPAY']),
      terminal('17654321', 'ECOM', ['TWINT'], ['CHF', 'EUR']),
      terminal('17654322', 'SPG', ['VISA']),
      terminal('17654323', 'MPO', ['MASTERCARD'], ['CHF']),
    ]);
    const changes = diff(before, normalize(raw));
    expect(changes.map((c) => [c.kind, c.change, c.terminalKey, c.paymentMethod, c.code])).toEqual([
      ['currency', 'removed', '17654321:ECOM', 'VISA', 'CHF'],
      ['terminal', 'added', '17654323:MPO', undefined, '17654323:MPO'],
    ]);
    expect(changes[1].after).toEqual({
      terminalId: '17654323',
      type: 'MPO',
      description: null,
      paymentMethods: [{ currencies: ['CHF'], logoUrl: null }],
      wallets: [],
    });
    expect(diffSummary(changes)).toEqual([
      'CHF was removed from VISA on terminal 17654321 (ECOM).',
      'Terminal 17654323 (MPO) was added.',
    ]);
  });

  it('reports license, wallet and payment page config changes in a stable order', () => {
    const raw = referenceReads();
    const a = normalize(raw);
    const b = change(raw, (draft) => ({
      ...draft,
      license: {
        ...draft.license,
        package: { id: 'SAFERPAY_BUSINESS', displayName: 'Saferpay Business' },
        features: [{ id: 'PAYMENT_API', displayName: 'Payment API' }, { id: 'SECURE_CARD_DATA' }],
      },
      terminals: draft.terminals?.map((t) =>
        t.type === 'ECOM'
          ? {
              ...t,
              description: 'Webshop',
              wallets: [{ walletName: 'APPLEPAY', logoUrl: 'new.svg' }],
            }
          : t,
      ),
      paymentPageConfigs: [
        { name: 'default', isDefault: false, description: 'Default Configuration' },
        { name: 'Special', isDefault: true, description: 'Special Payment Page Configuration' },
      ],
    }));
    const changes = diff(a, b);
    expect(changes.map((c) => `${c.kind} ${c.change} ${c.code}`)).toEqual([
      'package changed package',
      'feature removed MANAGEMENT_API',
      'feature added SECURE_CARD_DATA',
      'terminal changed 1000001:ECOM',
      'wallet changed APPLEPAY',
      'wallet removed GOOGLEPAY',
      'payment_page_config changed default',
      'payment_page_config removed event',
      'payment_page_config changed special',
    ]);
    expect(diffSummary(changes)).toEqual([
      'License package changed from SAFERPAY_FLEX to SAFERPAY_BUSINESS.',
      'License feature MANAGEMENT_API was removed from the license.',
      'License feature SECURE_CARD_DATA was added to the license.',
      'Terminal 1000001 (ECOM): description changed from "Terminal 1 for Payment Page / Ecommerce" to "Webshop".',
      'Wallet APPLEPAY on terminal 1000001 (ECOM): logoUrl changed from "https://www.saferpay.com/static/logo/applepay.svg" to "new.svg".',
      'Wallet GOOGLEPAY was removed from terminal 1000001 (ECOM).',
      'Payment page config "default" is no longer the default.',
      'Payment page config "event" was removed.',
      'Payment page config "Special" became the default; name changed from "special" to "Special".',
    ]);
    expect(invertDiff(changes)).toEqual(diff(b, a));
  });

  it('keeps same-id terminals of different types apart', () => {
    const raw = referenceReads();
    const b = change(raw, (draft) => ({
      ...draft,
      terminals: draft.terminals?.filter((t) => t.type !== 'SPG'),
    }));
    expect(diffSummary(diff(normalize(raw), b))).toEqual(['Terminal 1000002 (SPG) was removed.']);
  });
});
