import fc from 'fast-check';
import { diff } from './diff';
import {
  DRIFT_EVENT_TYPES,
  capabilityEvents,
  complianceEvents,
  credentialsRejectedEvent,
  type DriftEventDraft,
} from './drift-events';
import { rawReadsArb, reads, terminal } from './fixtures.test-helper';
import { normalize } from './normalize';
import {
  POLICY_TERMINAL_TYPES,
  evaluatePolicy,
  normalizePolicy,
  type ComplianceResult,
  type PolicyGap,
  type PolicyInput,
} from './policy';
import type { CapabilitySnapshot, RawAccountReads, RawTerminal } from './types';

const params = { seed: 42, numRuns: 200 };

const base = reads([
  terminal('17812345', 'ECOM', ['VISA', 'TWINT'], ['CHF', 'EUR'], ['APPLEPAY']),
  terminal('17812346', 'SPG', ['VISA'], ['CHF']),
]);
const before = normalize(base);

function edited(edit: (raw: RawAccountReads) => RawAccountReads): CapabilitySnapshot {
  return normalize(edit(structuredClone(base)));
}

const withTerminals = (...terminals: RawTerminal[]) => edited((raw) => ({ ...raw, terminals }));

describe('capabilityEvents', () => {
  it('is empty for equal snapshots', () => {
    expect(capabilityEvents(before, before)).toEqual([]);
  });

  it('maps a removed payment method to capability.removed', () => {
    const after = withTerminals(
      terminal('17812345', 'ECOM', ['VISA'], ['CHF', 'EUR'], ['APPLEPAY']),
      terminal('17812346', 'SPG', ['VISA'], ['CHF']),
    );
    expect(capabilityEvents(before, after)).toEqual([
      {
        type: 'capability.removed',
        subject: { kind: 'payment_method', code: 'TWINT', terminalKey: '17812345:ECOM' },
        before: { currencies: ['CHF', 'EUR'], logoUrl: null },
        after: null,
        summary: 'TWINT was removed from terminal 17812345 (ECOM).',
      },
    ]);
  });

  it('maps currency and wallet changes, with the subject copied from the change', () => {
    const after = withTerminals(
      terminal('17812345', 'ECOM', ['VISA', 'TWINT'], ['CHF', 'EUR'], ['GOOGLEPAY']),
      terminal('17812346', 'SPG', ['VISA'], ['EUR']),
    );
    expect(capabilityEvents(before, after)).toEqual([
      {
        type: 'capability.removed',
        subject: { kind: 'wallet', code: 'APPLEPAY', terminalKey: '17812345:ECOM' },
        before: { logoUrl: null },
        after: null,
        summary: 'Wallet APPLEPAY was removed from terminal 17812345 (ECOM).',
      },
      {
        type: 'capability.added',
        subject: { kind: 'wallet', code: 'GOOGLEPAY', terminalKey: '17812345:ECOM' },
        before: null,
        after: { logoUrl: null },
        summary: 'Wallet GOOGLEPAY was added to terminal 17812345 (ECOM).',
      },
      {
        type: 'capability.removed',
        subject: {
          kind: 'currency',
          code: 'CHF',
          terminalKey: '17812346:SPG',
          paymentMethod: 'VISA',
          currency: 'CHF',
        },
        before: null,
        after: null,
        summary: 'CHF was removed from VISA on terminal 17812346 (SPG).',
      },
      {
        type: 'capability.added',
        subject: {
          kind: 'currency',
          code: 'EUR',
          terminalKey: '17812346:SPG',
          paymentMethod: 'VISA',
          currency: 'EUR',
        },
        before: null,
        after: null,
        summary: 'EUR was added to VISA on terminal 17812346 (SPG).',
      },
    ]);
  });

  it('maps terminals added and removed, but not a description change', () => {
    const after = edited((raw) => ({
      ...raw,
      terminals: [
        {
          ...terminal('17812345', 'ECOM', ['VISA', 'TWINT'], ['CHF', 'EUR'], ['APPLEPAY']),
          description: 'New',
        },
        terminal('17812347', 'MPO', ['VISA'], ['CHF']),
      ],
    }));
    const events = capabilityEvents(before, after);
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ['terminal.removed', { kind: 'terminal', code: '17812346:SPG', terminalKey: '17812346:SPG' }],
      ['terminal.added', { kind: 'terminal', code: '17812347:MPO', terminalKey: '17812347:MPO' }],
    ]);
    expect(events[0].after).toBeNull();
    expect(events[0].before).toMatchObject({ terminalId: '17812346', type: 'SPG' });
    expect(events[1].before).toBeNull();
    expect(events[1].after).toMatchObject({ terminalId: '17812347', type: 'MPO' });
    expect(events.map((e) => e.summary)).toEqual([
      'Terminal 17812346 (SPG) was removed.',
      'Terminal 17812347 (MPO) was added.',
    ]);
    expect(diff(before, after).some((c) => c.kind === 'terminal' && c.change === 'changed')).toBe(
      true,
    );
  });

  it('ignores cosmetic changes: logos, page config description and default flag', () => {
    const after = edited((raw) => ({
      ...raw,
      terminals: raw.terminals?.map((t) => ({
        ...t,
        paymentMethods: t.paymentMethods?.map((m) => ({ ...m, logoUrl: 'https://x/logo.svg' })),
        wallets: t.wallets?.map((w) => ({ ...w, logoUrl: 'https://x/wallet.svg' })),
      })),
      paymentPageConfigs: [{ name: 'DEFAULT', isDefault: false, description: 'Changed' }],
    }));
    expect(diff(before, after).length).toBeGreaterThan(0);
    expect(capabilityEvents(before, after)).toEqual([]);
  });

  it('maps payment page configs added and removed', () => {
    const after = edited((raw) => ({
      ...raw,
      paymentPageConfigs: [{ name: 'Events', isDefault: true }],
    }));
    expect(capabilityEvents(before, after).map((e) => [e.type, e.subject, e.summary])).toEqual([
      [
        'capability.removed',
        { kind: 'payment_page_config', code: 'default' },
        'Payment page config "default" was removed.',
      ],
      [
        'capability.added',
        { kind: 'payment_page_config', code: 'events' },
        'Payment page config "Events" was added.',
      ],
    ]);
  });

  it('folds all package and feature changes into ONE license.changed event, first', () => {
    const after = edited((raw) => ({
      ...raw,
      license: {
        source: 'license',
        package: { id: 'SAFERPAY_FLEX', displayName: 'Saferpay Flex' },
        features: [{ id: 'MANAGEMENT_API' }],
      },
      terminals: [terminal('17812345', 'ECOM', ['VISA', 'TWINT'], ['CHF', 'EUR'], ['APPLEPAY'])],
    }));
    const events = capabilityEvents(before, after);
    expect(events.map((e) => e.type)).toEqual(['license.changed', 'terminal.removed']);
    expect(events[0]).toEqual({
      type: 'license.changed',
      subject: { kind: 'feature', code: 'license' },
      before: {
        package: { id: 'SAFERPAY_BUSINESS', displayName: 'Saferpay Business' },
        features: ['PAYMENT_API'],
      },
      after: {
        package: { id: 'SAFERPAY_FLEX', displayName: 'Saferpay Flex' },
        features: ['MANAGEMENT_API'],
      },
      summary:
        'License changed: package changed from SAFERPAY_BUSINESS to SAFERPAY_FLEX, feature MANAGEMENT_API added, feature PAYMENT_API removed.',
    });
  });

  it('reports a display-name-only license change too', () => {
    const after = edited((raw) => ({
      ...raw,
      license: {
        source: 'license',
        package: { id: 'SAFERPAY_BUSINESS', displayName: 'Business' },
        features: [{ id: 'PAYMENT_API', displayName: 'Payment API' }],
      },
    }));
    const events = capabilityEvents(before, after);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('license.changed');
    expect(events[0].summary).toBe(
      'License changed: package SAFERPAY_BUSINESS renamed from "Saferpay Business" to "Business", feature PAYMENT_API renamed from (none) to "Payment API".',
    );
  });

  it('uses the changes given instead of diffing again', () => {
    const after = withTerminals(terminal('17812345', 'ECOM', ['VISA'], ['CHF', 'EUR']));
    const only = diff(before, after).filter((c) => c.kind === 'wallet');
    expect(capabilityEvents(before, after, only).map((e) => e.subject.code)).toEqual(['APPLEPAY']);
    expect(capabilityEvents(before, after, [])).toEqual([]);
  });
});

// --- compliance ----------------------------------------------------------------------------

const gap = (kind: PolicyGap['kind'], code: string, extra: Partial<PolicyGap> = {}): PolicyGap => ({
  kind,
  code,
  message: `${kind} ${code}`,
  ...extra,
});
const twint = gap('payment_method', 'TWINT', { terminalType: 'ECOM' });
const eur = gap('currency', 'EUR', {
  terminalType: 'ECOM',
  paymentMethod: 'VISA',
  currency: 'EUR',
});
const result = (...gaps: PolicyGap[]): ComplianceResult => ({ compliant: gaps.length === 0, gaps });

describe('complianceEvents', () => {
  it('reports a first violation with before null', () => {
    expect(complianceEvents(null, result(twint))).toEqual([
      {
        type: 'compliance.violated',
        subject: { kind: 'compliance', code: 'policy' },
        before: null,
        after: [
          {
            kind: 'payment_method',
            code: 'TWINT',
            terminalType: 'ECOM',
            message: 'payment_method TWINT',
          },
        ],
        summary: 'Policy violated: the account now lacks TWINT on ECOM terminals.',
      },
    ]);
  });

  it('reports a new gap on an account already in violation, naming only the new gaps', () => {
    const [event] = complianceEvents(result(twint), result(twint, eur, gap('feature', 'FIELDS')));
    expect(event.type).toBe('compliance.violated');
    expect(event.before).toEqual([
      {
        kind: 'payment_method',
        code: 'TWINT',
        terminalType: 'ECOM',
        message: 'payment_method TWINT',
      },
    ]);
    expect(event.after).toHaveLength(3);
    expect(event.summary).toBe(
      'Policy violated: the account now lacks EUR for VISA on ECOM terminals and license feature FIELDS.',
    );
  });

  it('reports a violation after compliance with before = []', () => {
    const [event] = complianceEvents(
      result(),
      result(gap('wallet', 'APPLEPAY', { terminalType: 'SPG' })),
    );
    expect(event.before).toEqual([]);
    expect(event.summary).toBe(
      'Policy violated: the account now lacks wallet APPLEPAY on SPG terminals.',
    );
  });

  it('caps the gaps named in a summary', () => {
    const many = Array.from({ length: 8 }, (_, i) => gap('feature', `F${i}`));
    expect(complianceEvents(null, result(...many))[0].summary).toBe(
      'Policy violated: the account now lacks license feature F0, license feature F1, license feature F2, license feature F3, license feature F4 and 3 more.',
    );
  });

  it('reports restoration when a violating account becomes compliant', () => {
    expect(complianceEvents(result(twint, eur), result())).toEqual([
      {
        type: 'compliance.restored',
        subject: { kind: 'compliance', code: 'policy' },
        before: [
          {
            kind: 'payment_method',
            code: 'TWINT',
            terminalType: 'ECOM',
            message: 'payment_method TWINT',
          },
          {
            kind: 'currency',
            code: 'EUR',
            terminalType: 'ECOM',
            paymentMethod: 'VISA',
            currency: 'EUR',
            message: 'currency EUR',
          },
        ],
        after: [],
        summary: 'The account meets its policy again.',
      },
    ]);
  });

  it('yields nothing when nothing new is missing', () => {
    expect(complianceEvents(null, result())).toEqual([]);
    expect(complianceEvents(result(), result())).toEqual([]);
    expect(complianceEvents(result(twint), result(twint))).toEqual([]);
    // Partly fixed: still violated, but no new gap.
    expect(complianceEvents(result(twint, eur), result(eur))).toEqual([]);
    // Same gap with another message (e.g. reworded) or a re-cased page config name.
    expect(
      complianceEvents(
        result(gap('payment_page_config', 'Special')),
        result({ ...gap('payment_page_config', 'SPECIAL'), message: 'other' }),
      ),
    ).toEqual([]);
  });
});

describe('credentialsRejectedEvent', () => {
  it('builds a credentials.rejected event', () => {
    expect(credentialsRejectedEvent('unauthorized', 'HTTP 401 from Saferpay.')).toEqual({
      type: 'credentials.rejected',
      subject: { kind: 'credentials', code: 'unauthorized' },
      before: null,
      after: { reason: 'unauthorized', detail: 'HTTP 401 from Saferpay.' },
      summary:
        "Saferpay rejected the account's API credentials (unauthorized): HTTP 401 from Saferpay.",
    });
    expect(credentialsRejectedEvent('forbidden', '  ').summary).toBe(
      "Saferpay rejected the account's API credentials (forbidden).",
    );
  });

  it('lists every event type once', () => {
    expect(new Set(DRIFT_EVENT_TYPES).size).toBe(8);
  });
});

// --- properties ----------------------------------------------------------------------------

const ONE_TO_ONE = new Set(['payment_method', 'currency', 'wallet', 'payment_page_config']);
const key = (e: { kind: string; code: string; terminalKey?: string; paymentMethod?: string }) =>
  [e.kind, e.code, e.terminalKey ?? '', e.paymentMethod ?? ''].join('|');

const policyArb: fc.Arbitrary<PolicyInput> = fc.record({
  requiredFeatures: fc.array(fc.constantFrom('PAYMENT_API', 'MANAGEMENT_API', 'FIELDS'), {
    maxLength: 3,
  }),
  requiredPaymentMethods: fc.array(
    fc.record({
      paymentMethod: fc.constantFrom('VISA', 'TWINT', 'PAYPAL', 'AMEX'),
      currencies: fc.array(fc.constantFrom('CHF', 'EUR', 'USD'), { maxLength: 3 }),
      terminalType: fc.constantFrom(...POLICY_TERMINAL_TYPES),
    }),
    { maxLength: 5 },
  ),
  requiredWallets: fc.array(
    fc.record({
      wallet: fc.constantFrom('APPLEPAY', 'GOOGLEPAY'),
      terminalType: fc.constantFrom(...POLICY_TERMINAL_TYPES),
    }),
    { maxLength: 2 },
  ),
  requiredPaymentPageConfig: fc.option(fc.constantFrom('default', 'SPECIAL'), { nil: null }),
});

describe('drift event properties', () => {
  it('capabilityEvents(a, a) is empty', () => {
    fc.assert(
      fc.property(rawReadsArb, (raw) => {
        const a = normalize(raw);
        expect(capabilityEvents(a, a)).toEqual([]);
      }),
      params,
    );
  });

  it('capability events correspond one-to-one to added/removed capability changes', () => {
    fc.assert(
      fc.property(rawReadsArb, rawReadsArb, (x, y) => {
        const a = normalize(x);
        const b = normalize(y);
        const changes = diff(a, b);
        const events = capabilityEvents(a, b);
        for (const change of ['removed', 'added'] as const) {
          const type = change === 'added' ? 'capability.added' : 'capability.removed';
          const expected = changes
            .filter((c) => ONE_TO_ONE.has(c.kind) && c.change === change)
            .map(key);
          const actual = events.filter((e) => e.type === type).map((e) => key(e.subject));
          expect(actual).toEqual(expected);
        }
        const license = events.filter((e) => e.type === 'license.changed');
        expect(license).toHaveLength(
          changes.some((c) => c.kind === 'package' || c.kind === 'feature') ? 1 : 0,
        );
        if (license.length > 0) expect(events[0]).toBe(license[0]);
        const terminals = events.filter((e: DriftEventDraft) => e.subject.kind === 'terminal');
        expect(terminals).toHaveLength(
          changes.filter((c) => c.kind === 'terminal' && c.change !== 'changed').length,
        );
      }),
      params,
    );
  });

  it('complianceEvents(x, x) is empty', () => {
    fc.assert(
      fc.property(rawReadsArb, policyArb, (raw, input) => {
        const x = evaluatePolicy(normalize(raw), normalizePolicy(input));
        expect(complianceEvents(x, x)).toEqual([]);
      }),
      params,
    );
  });

  it('a compliance change between two reads yields at most one event, of the right type', () => {
    fc.assert(
      fc.property(rawReadsArb, rawReadsArb, policyArb, (x, y, input) => {
        const policy = normalizePolicy(input);
        const was = evaluatePolicy(normalize(x), policy);
        const now = evaluatePolicy(normalize(y), policy);
        const events = complianceEvents(was, now);
        expect(events.length).toBeLessThanOrEqual(1);
        if (now.compliant) {
          expect(events.map((e) => e.type)).toEqual(was.compliant ? [] : ['compliance.restored']);
        } else if (events.length > 0) {
          expect(events[0].type).toBe('compliance.violated');
        }
      }),
      params,
    );
  });
});
