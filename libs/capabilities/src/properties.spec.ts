import fc from 'fast-check';
import { denormalize } from './denormalize';
import { diff, invertDiff } from './diff';
import { messyCopy, rawReadsArb, shuffle } from './fixtures.test-helper';
import { contentHash, snapshotContent } from './hash';
import { matrix } from './matrix';
import { normalize } from './normalize';
import type { CapabilitySnapshot, MatrixAccountInput, RawAccountReads, RawTerminal } from './types';

const params = { seed: 42, numRuns: 200 };

type Edit = (raw: RawAccountReads) => RawAccountReads;
const onTerminals =
  (edit: (t: RawTerminal) => RawTerminal): Edit =>
  (raw) => ({ ...raw, terminals: raw.terminals?.map((t, i) => (i === 0 ? edit(t) : t)) });

/** Small single edits, so that "nearly equal" snapshots are compared too. */
const EDITS: Record<string, Edit> = {
  packageName: (raw) => ({
    ...raw,
    license: { ...raw.license, package: { ...raw.license.package, displayName: 'Renamed' } },
  }),
  featureName: (raw) => ({
    ...raw,
    license: {
      ...raw.license,
      features: raw.license.features?.map((f, i) => (i === 0 ? { ...f, displayName: 'Zz' } : f)),
    },
  }),
  terminalDescription: onTerminals((t) => ({ ...t, description: 'Changed' })),
  methodLogo: onTerminals((t) => ({
    ...t,
    paymentMethods: t.paymentMethods?.map((m) => ({ ...m, logoUrl: 'https://x/new.svg' })),
  })),
  dropCurrency: onTerminals((t) => ({
    ...t,
    paymentMethods: t.paymentMethods?.map((m, i) =>
      i === 0 ? { ...m, currencies: m.currencies?.slice(1) } : m,
    ),
  })),
  walletLogo: onTerminals((t) => ({
    ...t,
    wallets: t.wallets?.map((w) => ({ ...w, logoUrl: 'https://x/wallet.svg' })),
  })),
  toggleDefault: (raw) => ({
    ...raw,
    paymentPageConfigs: raw.paymentPageConfigs?.map((c, i) =>
      i === 0 ? { ...c, isDefault: !c.isDefault } : c,
    ),
  }),
  configDescription: (raw) => ({
    ...raw,
    paymentPageConfigs: raw.paymentPageConfigs?.map((c) => ({ ...c, description: 'Changed' })),
  }),
  reorderOnly: (raw) => messyCopy(raw, 3, true),
};
const editArb = fc.constantFrom(...Object.values(EDITS));

const has = {
  feature: (s: CapabilitySnapshot, id: string) => s.license.features.some((f) => f.id === id),
  method: (s: CapabilitySnapshot, code: string, currency: string) =>
    s.terminals.some((t) =>
      t.paymentMethods.some((m) =>
        currency === ''
          ? m.code === code && m.currencies.length === 0
          : m.code === code && m.currencies.includes(currency),
      ),
    ),
  wallet: (s: CapabilitySnapshot, code: string) =>
    s.terminals.some((t) => t.wallets.some((w) => w.code === code)),
  config: (s: CapabilitySnapshot, key: string) =>
    s.paymentPageConfigs.some((c) => c.name.toLowerCase() === key),
};

describe('capability properties', () => {
  it('normalize is idempotent: normalize(denormalize(normalize(x))) has the same content', () => {
    fc.assert(
      fc.property(rawReadsArb, (raw) => {
        const once = normalize(raw);
        const twice = normalize(denormalize(once));
        expect(snapshotContent(twice)).toEqual(snapshotContent(once));
        expect(contentHash(twice)).toBe(contentHash(once));
        expect(normalize(denormalize(twice))).toEqual(twice);
      }),
      params,
    );
  });

  it('a shuffled, re-cased, padded copy gives the same snapshot, anomalies included', () => {
    fc.assert(
      fc.property(rawReadsArb, fc.nat(), (raw, seed) => {
        const copy = normalize(messyCopy(raw, seed, false));
        expect(copy).toEqual(normalize(raw));
      }),
      params,
    );
  });

  it('a copy with every entry duplicated gives the same content and hash', () => {
    fc.assert(
      fc.property(rawReadsArb, fc.nat(), (raw, seed) => {
        const a = normalize(raw);
        const b = normalize(messyCopy(raw, seed, true));
        expect(snapshotContent(b)).toEqual(snapshotContent(a));
        expect(contentHash(b)).toBe(contentHash(a));
      }),
      params,
    );
  });

  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(rawReadsArb, (raw) => {
        const a = normalize(raw);
        expect(diff(a, a)).toEqual([]);
      }),
      params,
    );
  });

  it('diff(a, b) is empty exactly when the hashes are equal', () => {
    fc.assert(
      fc.property(rawReadsArb, rawReadsArb, editArb, fc.boolean(), (x, y, edit, near) => {
        const a = normalize(x);
        const b = normalize(near ? edit(x) : y);
        expect(diff(a, b).length === 0).toBe(contentHash(a) === contentHash(b));
      }),
      params,
    );
  });

  it('diff(b, a) mirrors diff(a, b)', () => {
    fc.assert(
      fc.property(rawReadsArb, rawReadsArb, editArb, fc.boolean(), (x, y, edit, near) => {
        const a = normalize(x);
        const b = normalize(near ? edit(x) : y);
        expect(diff(b, a)).toEqual(invertDiff(diff(a, b)));
        expect(invertDiff(invertDiff(diff(a, b)))).toEqual(diff(a, b));
      }),
      params,
    );
  });

  it('matrix counts equal the number of accounts whose snapshot holds the capability', () => {
    fc.assert(
      fc.property(fc.array(rawReadsArb, { maxLength: 6 }), fc.nat(), (raws, seed) => {
        const accounts: MatrixAccountInput[] = raws.map((raw, i) => ({
          accountId: `acc-${i}`,
          label: `Account ${i}`,
          snapshot: normalize(raw),
        }));
        const m = matrix(shuffle(accounts, seed));
        for (const row of m.rows) {
          const holding = accounts.filter((account) => {
            const s = account.snapshot;
            switch (row.kind) {
              case 'feature':
                return has.feature(s, row.code);
              case 'payment_method':
                return has.method(s, row.code, row.currency ?? '');
              case 'wallet':
                return has.wallet(s, row.code);
              case 'payment_page_config':
                return has.config(s, row.code);
            }
          });
          expect(row.summary).toEqual({ availableOn: holding.length, of: accounts.length });
          expect(row.cells.filter((cell) => cell !== null)).toHaveLength(holding.length);
        }
        // Every capability of every account has a row.
        const rowKeys = new Set(m.rows.map((row) => row.key));
        for (const { snapshot } of accounts) {
          for (const f of snapshot.license.features)
            expect(rowKeys.has(`feature:${f.id}`)).toBe(true);
          for (const t of snapshot.terminals) {
            for (const w of t.wallets) expect(rowKeys.has(`wallet:${w.code}`)).toBe(true);
            for (const method of t.paymentMethods) {
              for (const c of method.currencies) {
                expect(rowKeys.has(`payment_method:${method.code}:${c}`)).toBe(true);
              }
            }
          }
        }
      }),
      params,
    );
  });
});
