import fc from 'fast-check';
import {
  mangle,
  rawReadsArb,
  reads,
  referenceReads,
  shuffle,
  terminal,
} from './fixtures.test-helper';
import { normalize } from './normalize';
import {
  EMPTY_POLICY,
  POLICY_TERMINAL_TYPES,
  evaluatePolicy,
  gapKey,
  isRequiredRow,
  normalizePolicy,
  validatePolicy,
  type CapabilityPolicy,
  type PolicyGap,
  type PolicyInput,
  type PolicyTerminalType,
} from './policy';
import type { CapabilitySnapshot } from './types';

const params = { seed: 42, numRuns: 200 };

/** Reference account: ECOM 1000001 (VISA USD, MASTERCARD CHF EUR, MAESTRO EUR, PAYPAL CHF EUR USD,
 * APPLEPAY, GOOGLEPAY), MPO 1000002 (VISA CHF), SPG 1000002 (TWINT CHF); configs default,
 * special, event; features MANAGEMENT_API, PAYMENT_API. */
const reference = normalize(referenceReads());

const policy = (input: PolicyInput): CapabilityPolicy => normalizePolicy(input);

describe('validatePolicy', () => {
  it('accepts a valid policy in any casing, with whitespace and duplicates', () => {
    expect(
      validatePolicy({
        requiredFeatures: [' management_api ', 'MANAGEMENT_API', 'Payment-API.v2'],
        requiredPaymentMethods: [
          { paymentMethod: 'twint', currencies: [' chf', 'CHF'], terminalType: 'ecom' },
          { paymentMethod: 'VISA', terminalType: ' Spg ' },
          { paymentMethod: 'VISA', currencies: null, terminalType: 'MPO' },
        ],
        requiredWallets: [{ wallet: 'applepay', terminalType: 'ECOM' }],
        requiredPaymentPageConfig: ' Default ',
      }),
    ).toEqual([]);
    expect(validatePolicy({})).toEqual([]);
    expect(
      validatePolicy({
        requiredFeatures: null,
        requiredPaymentMethods: null,
        requiredWallets: null,
        requiredPaymentPageConfig: null,
      }),
    ).toEqual([]);
  });

  it('reports bad feature codes with their index', () => {
    expect(
      validatePolicy({
        requiredFeatures: ['OK', '  ', 'MGMT API', 'X'.repeat(65), 'Y'.repeat(64)],
      }),
    ).toEqual([
      { pointer: '/requiredFeatures/1', detail: 'Feature code must not be blank.' },
      {
        pointer: '/requiredFeatures/2',
        detail: 'Feature code "MGMT API" may only contain letters, digits, "_", "." and "-".',
      },
      {
        pointer: '/requiredFeatures/3',
        detail: `Feature code "${'X'.repeat(40)}…" is longer than 64 characters.`,
      },
    ]);
  });

  it('reports non-text entries and lists that are not lists', () => {
    const loose = {
      requiredFeatures: [42, null],
      requiredWallets: 'APPLEPAY',
      requiredPaymentMethods: [null, { paymentMethod: 7, terminalType: 3, currencies: 'CHF' }],
      requiredPaymentPageConfig: 5,
    } as unknown as PolicyInput;
    expect(validatePolicy(loose)).toEqual([
      { pointer: '/requiredFeatures/0', detail: 'Feature code must be text.' },
      { pointer: '/requiredFeatures/1', detail: 'Feature code is required.' },
      {
        pointer: '/requiredPaymentMethods/0',
        detail: 'A required payment method must be an object.',
      },
      {
        pointer: '/requiredPaymentMethods/1/paymentMethod',
        detail: 'Payment method must be text.',
      },
      { pointer: '/requiredPaymentMethods/1/currencies', detail: 'currencies must be a list.' },
      {
        pointer: '/requiredPaymentMethods/1/terminalType',
        detail: 'terminalType is required: ECOM, SPG or MPO.',
      },
      { pointer: '/requiredWallets', detail: 'requiredWallets must be a list.' },
      {
        pointer: '/requiredPaymentPageConfig',
        detail: 'The payment page config name must be text.',
      },
    ]);
    expect(validatePolicy(null as unknown as PolicyInput)).toEqual([
      { pointer: '', detail: 'The policy must be an object.' },
    ]);
  });

  it('reports payment method problems with pointers into the input', () => {
    const problems = validatePolicy({
      requiredPaymentMethods: [
        { paymentMethod: 'VISA', currencies: ['CHF'], terminalType: 'ECOM' },
        { currencies: ['EUR'], terminalType: 'ECOM' },
        { paymentMethod: 'TWINT', currencies: ['chf', 'hrk', 'XYZ', 'eu', ' '] },
        { paymentMethod: ' ', terminalType: 'POS' },
        { paymentMethod: 'PAYPAL', currencies: ['bgn', 'ZWL'], terminalType: '' },
      ],
    });
    expect(problems).toEqual([
      { pointer: '/requiredPaymentMethods/1/paymentMethod', detail: 'paymentMethod is required.' },
      {
        pointer: '/requiredPaymentMethods/2/currencies/1',
        detail: 'HRK is no longer an ISO 4217 currency: use EUR instead.',
      },
      {
        pointer: '/requiredPaymentMethods/2/currencies/2',
        detail: 'XYZ is not an active ISO 4217 currency code.',
      },
      {
        pointer: '/requiredPaymentMethods/2/currencies/3',
        detail: '"EU" is not a three-letter currency code.',
      },
      {
        pointer: '/requiredPaymentMethods/2/currencies/4',
        detail: 'A currency must not be blank.',
      },
      {
        pointer: '/requiredPaymentMethods/2/terminalType',
        detail: 'terminalType is required: ECOM, SPG or MPO.',
      },
      {
        pointer: '/requiredPaymentMethods/3/paymentMethod',
        detail: 'Payment method must not be blank.',
      },
      {
        pointer: '/requiredPaymentMethods/3/terminalType',
        detail: '"POS" is not a terminal type: use ECOM, SPG or MPO.',
      },
      {
        pointer: '/requiredPaymentMethods/4/currencies/0',
        detail: 'BGN is no longer an ISO 4217 currency: use EUR instead.',
      },
      {
        pointer: '/requiredPaymentMethods/4/currencies/1',
        detail: 'ZWL is no longer an ISO 4217 currency: use ZWG instead.',
      },
      {
        pointer: '/requiredPaymentMethods/4/terminalType',
        detail: 'terminalType is required: ECOM, SPG or MPO.',
      },
    ]);
  });

  it('reports wallet problems', () => {
    expect(
      validatePolicy({
        requiredWallets: [
          { wallet: 'APPLEPAY', terminalType: 'spg' },
          { wallet: 'apple pay', terminalType: 'ECOM' },
          { terminalType: 'ecommerce' },
        ],
      }),
    ).toEqual([
      {
        pointer: '/requiredWallets/1/wallet',
        detail: 'Wallet "apple pay" may only contain letters, digits, "_", "." and "-".',
      },
      { pointer: '/requiredWallets/2/wallet', detail: 'wallet is required.' },
      {
        pointer: '/requiredWallets/2/terminalType',
        detail: '"ecommerce" is not a terminal type: use ECOM, SPG or MPO.',
      },
    ]);
  });

  it('enforces the list limits', () => {
    const features = Array.from({ length: 101 }, (_, i) => `F${i}`);
    const currencies = Array.from({ length: 51 }, () => 'CHF');
    expect(validatePolicy({ requiredFeatures: features.slice(0, 100) })).toEqual([]);
    expect(
      validatePolicy({
        requiredFeatures: features,
        requiredWallets: features.map((wallet) => ({ wallet, terminalType: 'ECOM' })),
        requiredPaymentMethods: [
          { paymentMethod: 'VISA', currencies: currencies.slice(0, 50), terminalType: 'ECOM' },
          { paymentMethod: 'TWINT', currencies, terminalType: 'ECOM' },
        ],
      }),
    ).toEqual([
      {
        pointer: '/requiredFeatures',
        detail: 'At most 100 required features are allowed; got 101.',
      },
      {
        pointer: '/requiredPaymentMethods/1/currencies',
        detail: 'At most 50 currencies are allowed per payment method; got 51.',
      },
      { pointer: '/requiredWallets', detail: 'At most 100 required wallets are allowed; got 101.' },
    ]);
  });

  it('checks the payment page config name', () => {
    expect(validatePolicy({ requiredPaymentPageConfig: 'x'.repeat(100) })).toEqual([]);
    expect(validatePolicy({ requiredPaymentPageConfig: '  ' })).toEqual([
      {
        pointer: '/requiredPaymentPageConfig',
        detail: 'The payment page config name must not be blank; leave it out to require none.',
      },
    ]);
    expect(validatePolicy({ requiredPaymentPageConfig: 'x'.repeat(101) })[0]).toEqual({
      pointer: '/requiredPaymentPageConfig',
      detail: `The payment page config name "${'x'.repeat(40)}…" is longer than 100 characters.`,
    });
  });
});

describe('normalizePolicy', () => {
  const messy: PolicyInput = {
    requiredFeatures: [' payment_api', 'MANAGEMENT_API', 'PAYMENT_API '],
    requiredPaymentMethods: [
      { paymentMethod: 'twint', currencies: ['eur', ' CHF'], terminalType: 'spg' },
      { paymentMethod: 'VISA', currencies: ['usd'], terminalType: 'ECOM' },
      { paymentMethod: ' TWINT ', currencies: ['chf', 'USD'], terminalType: ' SPG' },
      { paymentMethod: 'TWINT', terminalType: 'ECOM' },
      { paymentMethod: 'visa', currencies: ['CHF', 'USD'], terminalType: 'ecom' },
    ],
    requiredWallets: [
      { wallet: 'googlepay', terminalType: 'ECOM' },
      { wallet: 'APPLEPAY', terminalType: 'spg' },
      { wallet: 'applepay ', terminalType: 'SPG' },
      { wallet: 'APPLEPAY', terminalType: 'ECOM' },
    ],
    requiredPaymentPageConfig: '  Special ',
  };

  it('trims, upper-cases, merges, de-duplicates and sorts', () => {
    expect(normalizePolicy(messy)).toEqual({
      requiredFeatures: ['MANAGEMENT_API', 'PAYMENT_API'],
      requiredPaymentMethods: [
        { paymentMethod: 'TWINT', currencies: [], terminalType: 'ECOM' },
        { paymentMethod: 'VISA', currencies: ['CHF', 'USD'], terminalType: 'ECOM' },
        { paymentMethod: 'TWINT', currencies: ['CHF', 'EUR', 'USD'], terminalType: 'SPG' },
      ],
      requiredWallets: [
        { wallet: 'APPLEPAY', terminalType: 'ECOM' },
        { wallet: 'GOOGLEPAY', terminalType: 'ECOM' },
        { wallet: 'APPLEPAY', terminalType: 'SPG' },
      ],
      requiredPaymentPageConfig: 'Special',
    });
  });

  it('is idempotent and its output is valid', () => {
    const once = normalizePolicy(messy);
    expect(normalizePolicy(once)).toEqual(once);
    expect(validatePolicy(once)).toEqual([]);
  });

  it('gives the empty policy for empty input; a blank page config is null', () => {
    expect(normalizePolicy({})).toEqual(EMPTY_POLICY);
    expect(normalizePolicy({ requiredPaymentPageConfig: '   ' }).requiredPaymentPageConfig).toBe(
      null,
    );
    expect(Object.isFrozen(EMPTY_POLICY)).toBe(true);
  });

  it('drops entries it cannot represent instead of throwing (stored policies stay readable)', () => {
    expect(
      normalizePolicy({
        requiredFeatures: ['  ', 'X'],
        requiredPaymentMethods: [
          { paymentMethod: 'VISA', terminalType: 'POS' },
          { paymentMethod: '', terminalType: 'ECOM' },
          { paymentMethod: 'VISA', terminalType: null, currencies: ['CHF'] },
          { paymentMethod: 'TWINT', terminalType: 'ECOM', currencies: ['bgn', ' '] },
        ],
        requiredWallets: [{ wallet: 'APPLEPAY' }],
      }),
    ).toEqual({
      requiredFeatures: ['X'],
      // A withdrawn currency is kept (canonical): it shows as a gap rather than vanishing.
      requiredPaymentMethods: [
        { paymentMethod: 'TWINT', currencies: ['BGN'], terminalType: 'ECOM' },
      ],
      requiredWallets: [],
      requiredPaymentPageConfig: null,
    });
  });
  it('does not throw on input that is not even shaped like a policy', () => {
    const loose = {
      requiredFeatures: 'PAYMENT_API',
      requiredPaymentMethods: [
        null,
        { paymentMethod: 'VISA', terminalType: 'ECOM', currencies: 'CHF' },
      ],
      requiredWallets: { wallet: 'APPLEPAY' },
      requiredPaymentPageConfig: 7,
    } as unknown as PolicyInput;
    expect(normalizePolicy(loose)).toEqual({
      ...EMPTY_POLICY,
      requiredPaymentMethods: [{ paymentMethod: 'VISA', currencies: [], terminalType: 'ECOM' }],
    });
  });
});

describe('evaluatePolicy', () => {
  it('is compliant with the empty policy', () => {
    expect(evaluatePolicy(reference, EMPTY_POLICY)).toEqual({ compliant: true, gaps: [] });
  });

  it('is compliant when everything required is there', () => {
    const result = evaluatePolicy(
      reference,
      policy({
        requiredFeatures: ['MANAGEMENT_API'],
        requiredPaymentMethods: [
          { paymentMethod: 'PAYPAL', currencies: ['CHF', 'USD'], terminalType: 'ECOM' },
          { paymentMethod: 'TWINT', currencies: ['CHF'], terminalType: 'SPG' },
          { paymentMethod: 'VISA', terminalType: 'MPO' },
        ],
        requiredWallets: [{ wallet: 'GOOGLEPAY', terminalType: 'ECOM' }],
        requiredPaymentPageConfig: 'SPECIAL',
      }),
    );
    expect(result).toEqual({ compliant: true, gaps: [] });
  });

  it('reports a missing license feature', () => {
    expect(
      evaluatePolicy(reference, policy({ requiredFeatures: ['FIELDS', 'PAYMENT_API'] })),
    ).toEqual({
      compliant: false,
      gaps: [{ kind: 'feature', code: 'FIELDS', message: 'The license lacks feature FIELDS.' }],
    });
  });

  it('reports ONE payment_method gap when no terminal of the type offers the method', () => {
    const result = evaluatePolicy(
      reference,
      policy({
        // TWINT is on the SPG terminal only.
        requiredPaymentMethods: [
          { paymentMethod: 'TWINT', currencies: ['CHF', 'EUR'], terminalType: 'ECOM' },
        ],
      }),
    );
    expect(result).toEqual({
      compliant: false,
      gaps: [
        {
          kind: 'payment_method',
          code: 'TWINT',
          terminalType: 'ECOM',
          message: 'No ECOM terminal offers TWINT.',
        },
      ],
    });
  });

  it('reports each required currency the method lacks on that terminal type', () => {
    const result = evaluatePolicy(
      reference,
      policy({
        requiredPaymentMethods: [
          { paymentMethod: 'VISA', currencies: ['USD', 'EUR', 'CHF'], terminalType: 'ECOM' },
        ],
      }),
    );
    // CHF is offered for VISA on the MPO terminal, which does not count for ECOM.
    expect(result.gaps).toEqual([
      {
        kind: 'currency',
        code: 'CHF',
        terminalType: 'ECOM',
        paymentMethod: 'VISA',
        currency: 'CHF',
        message: 'VISA on ECOM terminals does not accept CHF.',
      },
      {
        kind: 'currency',
        code: 'EUR',
        terminalType: 'ECOM',
        paymentMethod: 'VISA',
        currency: 'EUR',
        message: 'VISA on ECOM terminals does not accept EUR.',
      },
    ]);
  });

  it('takes the union of all terminals of the type', () => {
    const snapshot = normalize(
      reads([
        terminal('17654321', 'ECOM', ['VISA'], ['CHF']),
        terminal('17654322', 'ECOM', ['VISA'], ['EUR'], ['APPLEPAY']),
        terminal('17654323', 'POS', ['TWINT'], ['CHF']),
      ]),
    );
    const required = policy({
      requiredPaymentMethods: [
        { paymentMethod: 'VISA', currencies: ['CHF', 'EUR'], terminalType: 'ECOM' },
      ],
      requiredWallets: [{ wallet: 'APPLEPAY', terminalType: 'ECOM' }],
    });
    expect(evaluatePolicy(snapshot, required).compliant).toBe(true);
    // An undocumented terminal type never satisfies a policy terminal type.
    expect(
      evaluatePolicy(
        snapshot,
        policy({ requiredPaymentMethods: [{ paymentMethod: 'TWINT', terminalType: 'SPG' }] }),
      ).gaps.map(gapKey),
    ).toEqual(['payment_method:SPG:TWINT']);
  });

  it('a method without currencies only requires the method', () => {
    const snapshot = normalize(reads([terminal('1', 'ECOM', ['KLARNA'], [])]));
    expect(snapshot.terminals[0].paymentMethods[0].currencies).toEqual([]);
    expect(
      evaluatePolicy(
        snapshot,
        policy({ requiredPaymentMethods: [{ paymentMethod: 'KLARNA', terminalType: 'ECOM' }] }),
      ).compliant,
    ).toBe(true);
  });

  it('reports a missing wallet per terminal type', () => {
    const result = evaluatePolicy(
      reference,
      policy({
        requiredWallets: [
          { wallet: 'APPLEPAY', terminalType: 'SPG' },
          { wallet: 'APPLEPAY', terminalType: 'ECOM' },
          { wallet: 'CLICKTOPAY', terminalType: 'ECOM' },
        ],
      }),
    );
    expect(result.gaps).toEqual([
      {
        kind: 'wallet',
        code: 'CLICKTOPAY',
        terminalType: 'ECOM',
        message: 'No ECOM terminal offers wallet CLICKTOPAY.',
      },
      {
        kind: 'wallet',
        code: 'APPLEPAY',
        terminalType: 'SPG',
        message: 'No SPG terminal offers wallet APPLEPAY.',
      },
    ]);
  });

  it('matches the payment page config case-insensitively', () => {
    expect(
      evaluatePolicy(reference, policy({ requiredPaymentPageConfig: 'EVENT' })).compliant,
    ).toBe(true);
    expect(evaluatePolicy(reference, policy({ requiredPaymentPageConfig: 'Shop' })).gaps).toEqual([
      {
        kind: 'payment_page_config',
        code: 'Shop',
        message: 'The account has no payment page config named "Shop".',
      },
    ]);
  });

  it('sorts gaps: features, methods and currencies by type/method/currency, wallets, config', () => {
    const result = evaluatePolicy(
      reference,
      policy({
        requiredPaymentPageConfig: 'missing',
        requiredWallets: [{ wallet: 'X_WALLET', terminalType: 'MPO' }],
        requiredPaymentMethods: [
          { paymentMethod: 'VISA', currencies: ['JPY', 'GBP'], terminalType: 'SPG' },
          { paymentMethod: 'VISA', currencies: ['JPY', 'GBP'], terminalType: 'MPO' },
          { paymentMethod: 'AMEX', terminalType: 'MPO' },
          { paymentMethod: 'MAESTRO', currencies: ['CHF'], terminalType: 'ECOM' },
        ],
        requiredFeatures: ['ZZZ', 'AAA'],
      }),
    );
    expect(result.gaps.map(gapKey)).toEqual([
      'feature:AAA',
      'feature:ZZZ',
      'currency:ECOM:MAESTRO:CHF',
      'payment_method:MPO:AMEX',
      'currency:MPO:VISA:GBP',
      'currency:MPO:VISA:JPY',
      'payment_method:SPG:VISA',
      'wallet:MPO:X_WALLET',
      'payment_page_config:missing',
    ]);
    expect(result.compliant).toBe(false);
  });

  it('reports each gap once for a hand-built policy with repeated entries', () => {
    const handBuilt: CapabilityPolicy = {
      requiredFeatures: ['FIELDS', 'FIELDS'],
      requiredPaymentMethods: [
        { paymentMethod: 'AMEX', currencies: ['CHF'], terminalType: 'ECOM' },
        { paymentMethod: 'AMEX', currencies: [], terminalType: 'ECOM' },
      ],
      requiredWallets: [],
      requiredPaymentPageConfig: null,
    };
    expect(evaluatePolicy(reference, handBuilt).gaps.map(gapKey)).toEqual([
      'feature:FIELDS',
      'payment_method:ECOM:AMEX',
    ]);
  });

  it('gapKey is stable and ignores the casing of page config names and the message', () => {
    const gap = (g: Omit<PolicyGap, 'message'>): PolicyGap => ({ ...g, message: 'x' });
    expect(gapKey(gap({ kind: 'feature', code: 'FIELDS' }))).toBe('feature:FIELDS');
    expect(gapKey(gap({ kind: 'payment_method', code: 'TWINT', terminalType: 'ECOM' }))).toBe(
      'payment_method:ECOM:TWINT',
    );
    expect(
      gapKey(
        gap({
          kind: 'currency',
          code: 'CHF',
          currency: 'CHF',
          paymentMethod: 'TWINT',
          terminalType: 'ECOM',
        }),
      ),
    ).toBe('currency:ECOM:TWINT:CHF');
    expect(gapKey(gap({ kind: 'wallet', code: 'APPLEPAY', terminalType: 'SPG' }))).toBe(
      'wallet:SPG:APPLEPAY',
    );
    expect(gapKey(gap({ kind: 'payment_page_config', code: 'Special' }))).toBe(
      gapKey({ kind: 'payment_page_config', code: 'SPECIAL', message: 'other' }),
    );
  });

  /**
   * 10,000 accounts × 5 terminals × 15 methods × 5 currencies against a 12-entry policy.
   * No timed assertion; CAPABILITIES_BENCH=1 prints the time.
   */
  it('evaluates 10,000 accounts in one pass each', () => {
    const methods = Array.from({ length: 15 }, (_, i) => `METHOD_${String(i).padStart(2, '0')}`);
    const base = normalize(
      reads(
        Array.from({ length: 5 }, (_, t) =>
          terminal(String(17_000_000 + t), ['ECOM', 'SPG', 'MPO'][t % 3], methods, [
            'CHF',
            'EUR',
            'USD',
            'GBP',
            'JPY',
          ]),
        ),
      ),
    );
    // One snapshot evaluated 10,000 times: evaluatePolicy caches nothing between calls.
    const accounts = Array.from({ length: 10_000 }, () => base);
    const required = policy({
      requiredFeatures: ['PAYMENT_API', 'MANAGEMENT_API'],
      requiredPaymentMethods: methods.slice(0, 8).map((paymentMethod, i) => ({
        paymentMethod,
        currencies: ['CHF', 'EUR', 'SEK'],
        terminalType: POLICY_TERMINAL_TYPES[i % 3],
      })),
      requiredWallets: [{ wallet: 'APPLEPAY', terminalType: 'ECOM' }],
      requiredPaymentPageConfig: 'default',
    });
    let results = accounts.map((snapshot) => evaluatePolicy(snapshot, required));
    if (process.env.CAPABILITIES_BENCH === '1') {
      const runs: number[] = [];
      for (let i = 0; i < 11; i += 1) {
        const started = performance.now();
        results = accounts.map((snapshot) => evaluatePolicy(snapshot, required));
        runs.push(performance.now() - started);
      }
      runs.sort((a, b) => a - b);
      process.stderr.write(
        `evaluatePolicy(10,000 accounts): min ${runs[0].toFixed(1)} ms, median ${runs[5].toFixed(1)} ms\n`,
      );
    }
    // MANAGEMENT_API, SEK for each of the 8 methods, APPLEPAY.
    expect(results[9_999].gaps).toHaveLength(1 + 8 + 1);
  });
});

// --- properties ----------------------------------------------------------------------------

const isPolicyType = (type: string): type is PolicyTerminalType =>
  (POLICY_TERMINAL_TYPES as readonly string[]).includes(type);

/** A policy input requiring (a subset of) what the snapshot has, written messily. */
function policyFrom(snapshot: CapabilitySnapshot, pick: number, seed: number): PolicyInput {
  let bits = seed;
  const next = () => (bits = (Math.imul(bits, 48271) + 11) >>> 0);
  const keep = () => (next() & 3) !== 0 || pick === 0;
  const messy = (value: string) => mangle(value, next() % 8);
  const methods: NonNullable<PolicyInput['requiredPaymentMethods']>[number][] = [];
  const wallets: NonNullable<PolicyInput['requiredWallets']>[number][] = [];
  for (const t of snapshot.terminals) {
    if (!isPolicyType(t.type)) continue;
    for (const m of t.paymentMethods) {
      if (!keep()) continue;
      methods.push({
        paymentMethod: messy(m.code),
        currencies: m.currencies.filter(keep).map(messy),
        terminalType: messy(t.type),
      });
    }
    for (const w of t.wallets)
      if (keep()) wallets.push({ wallet: messy(w.code), terminalType: t.type });
  }
  const configs = snapshot.paymentPageConfigs;
  return {
    requiredFeatures: snapshot.license.features.filter(keep).map((f) => messy(f.id)),
    requiredPaymentMethods: shuffle(methods, seed),
    requiredWallets: shuffle(wallets, seed + 1),
    requiredPaymentPageConfig:
      configs.length > 0 && keep() ? messy(configs[next() % configs.length].name) : null,
  };
}

const METHODS = ['VISA', 'MASTERCARD', 'TWINT', 'PAYPAL', 'POSTFINANCE', 'AMEX', 'KLARNA'];
const CURRENCIES = ['CHF', 'EUR', 'USD', 'GBP', 'JPY'];
const typeArb = fc.constantFrom(...POLICY_TERMINAL_TYPES);
const messyArb = (values: readonly string[]) =>
  fc.tuple(fc.constantFrom(...values), fc.nat(7)).map(([value, bits]) => mangle(value, bits));

const policyInputArb: fc.Arbitrary<PolicyInput> = fc.record({
  requiredFeatures: fc.array(messyArb(['PAYMENT_API', 'MANAGEMENT_API', 'FIELDS']), {
    maxLength: 4,
  }),
  requiredPaymentMethods: fc.array(
    fc.record({
      paymentMethod: messyArb(METHODS),
      currencies: fc.option(fc.array(messyArb(CURRENCIES), { maxLength: 4 }), { nil: null }),
      terminalType: messyArb(POLICY_TERMINAL_TYPES),
    }),
    { maxLength: 6 },
  ),
  requiredWallets: fc.array(
    fc.record({
      wallet: messyArb(['APPLEPAY', 'GOOGLEPAY']),
      terminalType: messyArb(['ecom', 'SPG']),
    }),
    { maxLength: 3 },
  ),
  requiredPaymentPageConfig: fc.option(messyArb(['default', 'Special']), { nil: null }),
});

describe('policy properties', () => {
  it('a policy built from a snapshot’s own contents is valid and satisfied by it', () => {
    fc.assert(
      fc.property(rawReadsArb, fc.nat(3), fc.nat(), (raw, pick, seed) => {
        const snapshot = normalize(raw);
        const input = policyFrom(snapshot, pick, seed);
        expect(validatePolicy(input)).toEqual([]);
        expect(evaluatePolicy(snapshot, normalizePolicy(input))).toEqual({
          compliant: true,
          gaps: [],
        });
      }),
      params,
    );
  });

  it('removing a required method from every terminal of its type gives a gap naming it', () => {
    fc.assert(
      fc.property(
        rawReadsArb,
        policyInputArb,
        fc.constantFrom(...METHODS),
        typeArb,
        (raw, extra, method, type) => {
          const full = normalize(raw);
          const snapshot: CapabilitySnapshot = {
            ...full,
            terminals: full.terminals.map((t) =>
              t.type === type
                ? { ...t, paymentMethods: t.paymentMethods.filter((m) => m.code !== method) }
                : t,
            ),
          };
          const required = normalizePolicy({
            ...extra,
            requiredPaymentMethods: [
              ...(extra.requiredPaymentMethods ?? []),
              { paymentMethod: method, currencies: ['CHF'], terminalType: type },
            ],
          });
          const result = evaluatePolicy(snapshot, required);
          expect(result.compliant).toBe(false);
          expect(result.gaps).toContainEqual({
            kind: 'payment_method',
            code: method,
            terminalType: type,
            message: `No ${type} terminal offers ${method}.`,
          });
          expect(
            result.gaps.some(
              (g) => g.kind === 'currency' && g.paymentMethod === method && g.terminalType === type,
            ),
          ).toBe(false);
        },
      ),
      params,
    );
  });

  it('normalizePolicy is idempotent, valid, and blind to order, casing and duplicates', () => {
    fc.assert(
      fc.property(policyInputArb, fc.nat(), (input, seed) => {
        expect(validatePolicy(input)).toEqual([]);
        const once = normalizePolicy(input);
        expect(normalizePolicy(once)).toEqual(once);
        expect(validatePolicy(once)).toEqual([]);
        const reordered: PolicyInput = {
          ...input,
          requiredFeatures: shuffle(
            [...(input.requiredFeatures ?? []), ...(input.requiredFeatures ?? [])],
            seed,
          ),
          requiredPaymentMethods: shuffle(input.requiredPaymentMethods ?? [], seed + 1),
          requiredWallets: shuffle(
            [...(input.requiredWallets ?? []), ...(input.requiredWallets ?? [])],
            seed + 2,
          ),
        };
        expect(normalizePolicy(reordered)).toEqual(once);
      }),
      params,
    );
  });

  it('compliant is exactly "no gaps"; gaps are unique and deterministic', () => {
    fc.assert(
      fc.property(rawReadsArb, policyInputArb, (raw, input) => {
        const result = evaluatePolicy(normalize(raw), normalizePolicy(input));
        expect(result.compliant).toBe(result.gaps.length === 0);
        const keys = result.gaps.map(gapKey);
        expect(new Set(keys).size).toBe(keys.length);
        const again = evaluatePolicy(normalize(raw), normalizePolicy(input));
        expect(again).toEqual(result);
      }),
      params,
    );
  });
});

describe('isRequiredRow', () => {
  const required = policy({
    requiredFeatures: ['MANAGEMENT_API'],
    requiredPaymentMethods: [
      { paymentMethod: 'TWINT', currencies: ['CHF'], terminalType: 'ECOM' },
      { paymentMethod: 'VISA', currencies: [], terminalType: 'SPG' },
    ],
    requiredWallets: [{ wallet: 'APPLEPAY', terminalType: 'ECOM' }],
    requiredPaymentPageConfig: 'Default',
  });

  it.each([
    [{ kind: 'feature', code: 'MANAGEMENT_API' }, true],
    [{ kind: 'feature', code: 'PAYMENT_API' }, false],
    [{ kind: 'payment_method', code: 'TWINT', currency: 'CHF' }, true],
    [{ kind: 'payment_method', code: 'TWINT', currency: 'EUR' }, false],
    [{ kind: 'payment_method', code: 'VISA', currency: 'USD' }, true],
    [{ kind: 'wallet', code: 'APPLEPAY' }, true],
    [{ kind: 'wallet', code: 'GOOGLEPAY' }, false],
    [{ kind: 'payment_page_config', code: 'default' }, true],
    [{ kind: 'payment_page_config', code: 'event' }, false],
  ])('%j is required: %s', (row, expected) => {
    expect(isRequiredRow(row, required)).toBe(expected);
  });

  it('marks nothing for the empty policy', () => {
    expect(isRequiredRow({ kind: 'feature', code: 'MANAGEMENT_API' }, EMPTY_POLICY)).toBe(false);
  });
});
