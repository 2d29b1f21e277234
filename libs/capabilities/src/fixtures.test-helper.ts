/**
 * Test fixtures and fast-check arbitraries shared by the specs (not exported by the lib).
 * Data follows the Saferpay Management API reference examples.
 */
import fc from 'fast-check';
import type { RawAccountReads, RawTerminal } from './types';

const LOGO = 'https://www.saferpay.com/static/logo';

/** GetTerminals lists 1000002 twice (MPO and SPG); details as in the GetTerminal example. */
export function referenceReads(): RawAccountReads {
  return {
    license: {
      source: 'license',
      package: { id: 'SAFERPAY_FLEX', displayName: 'Saferpay Flex' },
      features: [
        { id: 'MANAGEMENT_API', displayName: 'Management API' },
        { id: 'PAYMENT_API', displayName: 'Payment API' },
      ],
    },
    terminals: [
      {
        terminalId: '1000001',
        type: 'ECOM',
        description: 'Terminal 1 for Payment Page / Ecommerce',
        paymentMethods: [
          { paymentMethod: 'VISA', currencies: ['USD'], logoUrl: `${LOGO}/visa.svg` },
          { paymentMethod: 'MASTERCARD', currencies: ['EUR', 'CHF'], logoUrl: `${LOGO}/mc.svg` },
          { paymentMethod: 'MAESTRO', currencies: ['EUR'], logoUrl: `${LOGO}/maestro.svg` },
          { paymentMethod: 'PAYPAL', currencies: ['EUR', 'CHF', 'USD'] },
        ],
        wallets: [
          { walletName: 'APPLEPAY', logoUrl: `${LOGO}/applepay.svg` },
          { walletName: 'GOOGLEPAY', logoUrl: `${LOGO}/googlepay.svg` },
        ],
      },
      {
        terminalId: '1000002',
        type: 'MPO',
        description: 'Terminal 2 for Mail Phone Order',
        paymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF'] }],
      },
      {
        terminalId: '1000002',
        type: 'SPG',
        description: 'Terminal 3 for Secure Pay Gate',
        paymentMethods: [{ paymentMethod: 'TWINT', currencies: ['CHF'] }],
      },
    ],
    paymentPageConfigs: [
      { name: 'default', isDefault: true, description: 'Default Configuration' },
      { name: 'special', isDefault: false, description: 'Special Payment Page Configuration' },
      {
        name: 'event',
        isDefault: false,
        description: 'Special Payment Page Configuration for Events',
      },
    ],
    readAt: '2026-11-25T10:00:00.000Z',
  };
}

/** One shop terminal with the given methods (all in the given currencies). */
export function terminal(
  terminalId: string,
  type: string,
  methods: readonly string[],
  currencies: readonly string[] = ['CHF', 'EUR'],
  wallets: readonly string[] = [],
): RawTerminal {
  return {
    terminalId,
    type,
    paymentMethods: methods.map((paymentMethod) => ({
      paymentMethod,
      currencies: [...currencies],
    })),
    wallets: wallets.map((walletName) => ({ walletName })),
  };
}

export function reads(
  terminals: readonly RawTerminal[],
  features = ['PAYMENT_API'],
): RawAccountReads {
  return {
    license: {
      source: 'license',
      package: { id: 'SAFERPAY_BUSINESS', displayName: 'Saferpay Business' },
      features: features.map((id) => ({ id })),
    },
    terminals,
    paymentPageConfigs: [{ name: 'default', isDefault: true }],
    readAt: '2026-11-25T10:00:00.000Z',
  };
}

// --- arbitraries -------------------------------------------------------------------------

const METHODS = ['VISA', 'MASTERCARD', 'TWINT', 'PAYPAL', 'POSTFINANCE', 'AMEX', 'KLARNA'];
const CURRENCIES = ['CHF', 'EUR', 'USD', 'GBP', 'JPY', 'XYZ', 'hrk', 'eu'];
const WALLETS = ['APPLEPAY', 'GOOGLEPAY', 'CLICKTOPAY'];
const FEATURES = ['MANAGEMENT_API', 'PAYMENT_API', 'SECURE_CARD_DATA', 'FIELDS'];
const TYPES = ['ECOM', 'SPG', 'MPO', 'ecom', 'POS', '', null];
const LOGOS = ['', `${LOGO}/a.svg`, `${LOGO}/b.svg`];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const small = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 4 });

export const rawReadsArb: fc.Arbitrary<RawAccountReads> = fc.record({
  license: fc.record({
    source: fc.constantFrom('license' as const, 'license-configuration' as const),
    package: fc.record({
      id: fc.constantFrom('SAFERPAY_FLEX', 'SAFERPAY_BUSINESS', 'saferpay_flex', ''),
      displayName: fc.constantFrom('Saferpay Flex', 'Saferpay Business', ''),
    }),
    features: maybe(
      small(
        fc.record({ id: fc.constantFrom(...FEATURES), displayName: fc.constantFrom('A', 'B', '') }),
      ),
    ),
  }),
  terminals: maybe(
    fc.array(
      fc.record({
        terminalId: fc.constantFrom('17654321', '17654322', '999', ''),
        type: fc.constantFrom(...TYPES),
        description: maybe(fc.constantFrom('Shop', 'Phone orders', '')),
        paymentMethods: maybe(
          small(
            fc.record({
              paymentMethod: fc.constantFrom(...METHODS),
              currencies: maybe(small(fc.constantFrom(...CURRENCIES))),
              logoUrl: maybe(fc.constantFrom(...LOGOS)),
            }),
          ),
        ),
        wallets: maybe(
          small(
            fc.record({
              walletName: fc.constantFrom(...WALLETS),
              logoUrl: fc.constantFrom(...LOGOS),
            }),
          ),
        ),
      }),
      { maxLength: 4 },
    ),
  ),
  paymentPageConfigs: maybe(
    small(
      fc.record({
        name: fc.constantFrom('default', 'Default', 'special', 'event'),
        isDefault: fc.boolean(),
        description: maybe(fc.constantFrom('Default Configuration', 'Events')),
      }),
    ),
  ),
  readAt: fc.constant('2026-11-25T10:00:00.000Z'),
});

/** Random case and surrounding whitespace. */
export function mangle(value: string, bits: number): string {
  const cased = bits & 1 ? value.toLowerCase() : bits & 2 ? value.toUpperCase() : value;
  return bits & 4 ? `  ${cased}\t` : cased;
}

/** Deterministic Fisher-Yates shuffle driven by `seed`. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A messy copy of `raw` with the same content: lists shuffled, codes re-cased and padded,
 * free text padded, and (with `duplicate`) every list entry repeated.
 */
export function messyCopy(raw: RawAccountReads, seed: number, duplicate: boolean): RawAccountReads {
  let n = seed;
  const next = (): number => (n = (Math.imul(n, 48271) + 7) >>> 0) % 8;
  const code = (value: string | null | undefined) =>
    typeof value === 'string' ? mangle(value, next()) : value;
  const pad = (value: string | null | undefined) =>
    typeof value === 'string' && next() % 2 === 0 ? ` ${value} ` : value;
  const mess = <T>(items: readonly T[] | null | undefined, copy: (item: T) => T) => {
    if (items === null || items === undefined) return items;
    const copies = items.map(copy);
    return shuffle(duplicate ? [...copies, ...items.map(copy)] : copies, next() + seed);
  };
  return {
    license: {
      source: raw.license.source,
      package: raw.license.package && {
        id: code(raw.license.package.id),
        displayName: pad(raw.license.package.displayName),
      },
      features: mess(raw.license.features, (f) => ({
        id: code(f.id),
        displayName: pad(f.displayName),
      })),
    },
    terminals: mess(raw.terminals, (t) => ({
      terminalId: pad(t.terminalId),
      type: code(t.type),
      description: pad(t.description),
      paymentMethods: mess(t.paymentMethods, (m) => ({
        paymentMethod: code(m.paymentMethod),
        currencies: mess(m.currencies, (c) => code(c) ?? c),
        logoUrl: pad(m.logoUrl),
      })),
      wallets: mess(t.wallets, (w) => ({
        walletName: code(w.walletName),
        logoUrl: pad(w.logoUrl),
      })),
    })),
    paymentPageConfigs: mess(raw.paymentPageConfigs, (c) => ({
      name: pad(c.name),
      isDefault: c.isDefault,
      description: pad(c.description),
    })),
    readAt: '2030-01-01T00:00:00.000Z',
  };
}
