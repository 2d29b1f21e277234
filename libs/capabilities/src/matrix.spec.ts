import { performance } from 'node:perf_hooks';
import { reads, referenceReads, terminal } from './fixtures.test-helper';
import { describeRow, matrix } from './matrix';
import { normalize } from './normalize';
import type { MatrixAccountInput, MatrixRow } from './types';

const accounts: MatrixAccountInput[] = [
  {
    accountId: 'acc-1',
    label: 'Pizza Süd',
    state: 'ready',
    snapshot: normalize(
      reads([
        terminal('17654321', 'ECOM', ['VISA', 'TWINT'], ['CHF', 'EUR'], ['APPLEPAY']),
        terminal('17654322', 'SPG', ['VISA'], ['CHF']),
      ]),
    ),
  },
  {
    accountId: 'acc-2',
    label: 'Pizza Nord',
    state: 'needs_attention',
    snapshot: normalize(
      reads([terminal('17650001', 'ECOM', ['VISA'], ['EUR'])], ['MANAGEMENT_API']),
    ),
  },
  { accountId: 'acc-3', label: 'Reference', snapshot: normalize(referenceReads()) },
];

const row = (rows: readonly MatrixRow[], key: string) => rows.find((r) => r.key === key);

describe('matrix', () => {
  it('has one column per account and one row per capability', () => {
    const m = matrix(accounts);
    expect(m.columns.map((c) => [c.accountId, c.terminals.map((t) => t.key)])).toEqual([
      ['acc-1', ['17654321:ECOM', '17654322:SPG']],
      ['acc-2', ['17650001:ECOM']],
      ['acc-3', ['1000001:ECOM', '1000002:MPO', '1000002:SPG']],
    ]);
    expect(m.rows.map((r) => r.kind)).toEqual(
      [...m.rows.map((r) => r.kind)].sort(
        (a, b) =>
          ['feature', 'payment_method', 'wallet', 'payment_page_config'].indexOf(a) -
          ['feature', 'payment_method', 'wallet', 'payment_page_config'].indexOf(b),
      ),
    );
    const visaChf = row(m.rows, 'payment_method:VISA:CHF');
    expect(visaChf?.label).toBe('VISA in CHF');
    expect(
      visaChf?.cells.map((c) => c?.terminals.map((t) => `${t.type}:${t.terminalId}`) ?? null),
    ).toEqual([['ECOM:17654321', 'SPG:17654322'], null, ['MPO:1000002']]);
    expect(visaChf && describeRow(visaChf)).toBe('VISA in CHF on 2 of 3 accounts');
    expect(row(m.rows, 'payment_method:TWINT:CHF')?.summary).toEqual({ availableOn: 2, of: 3 });
    expect(row(m.rows, 'feature:MANAGEMENT_API')?.label).toBe('Management API (MANAGEMENT_API)');
    expect(row(m.rows, 'feature:MANAGEMENT_API')?.summary).toEqual({ availableOn: 2, of: 3 });
    expect(row(m.rows, 'wallet:APPLEPAY')?.summary).toEqual({ availableOn: 2, of: 3 });
    const defaults = row(m.rows, 'payment_page_config:default');
    expect(defaults?.cells.map((c) => c?.isDefault)).toEqual([true, true, true]);
    expect(
      row(m.rows, 'payment_page_config:special')?.cells.map((c) => c?.isDefault ?? null),
    ).toEqual([null, null, false]);
  });

  it('filters rows by payment method and currency, case-insensitively', () => {
    const m = matrix(accounts, { paymentMethod: 'visa', currency: [' chf'] });
    expect(m.rows.map((r) => r.key)).toEqual(['payment_method:VISA:CHF']);
    expect(m.columns).toHaveLength(3);
  });

  it('filters columns by account state and terminals by type', () => {
    const m = matrix(accounts, { accountState: 'READY', terminalType: 'SPG' });
    expect(m.columns.map((c) => c.terminals.map((t) => t.key))).toEqual([['17654322:SPG']]);
    expect(row(m.rows, 'payment_method:TWINT:CHF')).toBeUndefined();
    expect(row(m.rows, 'payment_method:VISA:CHF')?.summary).toEqual({ availableOn: 1, of: 1 });
    expect(row(m.rows, 'feature:PAYMENT_API')?.summary).toEqual({ availableOn: 1, of: 1 });
  });

  it('selects wallet and feature rows', () => {
    const m = matrix(accounts, { wallet: 'applepay', feature: 'management_api' });
    expect(m.rows.map((r) => r.key)).toEqual(['feature:MANAGEMENT_API', 'wallet:APPLEPAY']);
  });

  it('treats empty filter values as no filter and handles no accounts', () => {
    expect(matrix(accounts, { paymentMethod: [], accountState: '' })).toEqual(matrix(accounts));
    expect(matrix([])).toEqual({ columns: [], rows: [] });
  });

  it('keeps a payment method that reports no currency', () => {
    const m = matrix([
      {
        accountId: 'a',
        label: 'A',
        snapshot: normalize(reads([terminal('1', 'ECOM', ['INVOICE'], [])])),
      },
    ]);
    expect(row(m.rows, 'payment_method:INVOICE')?.label).toBe('INVOICE (no currency)');
  });

  it('handles accounts with more than 32 terminals', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      terminal(String(1000 + i), 'ECOM', i % 2 === 0 ? ['VISA'] : ['TWINT'], ['CHF']),
    );
    const m = matrix([{ accountId: 'a', label: 'A', snapshot: normalize(reads(many)) }]);
    const visa = row(m.rows, 'payment_method:VISA:CHF')?.cells[0]?.terminals.map(
      (t) => t.terminalId,
    );
    expect(visa).toEqual(Array.from({ length: 20 }, (_, i) => String(1000 + 2 * i)));
    expect(row(m.rows, 'payment_method:TWINT:CHF')?.cells[0]?.terminals).toHaveLength(20);
  });

  it('shares frozen cells between rows with the same terminals', () => {
    const m = matrix(accounts.slice(0, 1));
    const eur = row(m.rows, 'payment_method:VISA:EUR')?.cells[0];
    expect(eur).toBe(row(m.rows, 'payment_method:TWINT:EUR')?.cells[0]);
    expect(Object.isFrozen(eur)).toBe(true);
  });

  /**
   * 1,000 accounts × 5 terminals × 15 methods × 5 currencies (375,000 placements, ~100 rows,
   * 100,000 cells). No timed assertion; run with CAPABILITIES_BENCH=1 to print the time:
   *   CAPABILITIES_BENCH=1 npx jest libs/capabilities/src/matrix.spec.ts
   * Measured on the shared 2-vCPU dev container (Node 20): ~14 ms best, ~25–30 ms median.
   */
  it('builds a 1,000-account matrix with correct counts', () => {
    const methods = Array.from({ length: 15 }, (_, i) => `METHOD_${String(i).padStart(2, '0')}`);
    const currencies = ['CHF', 'EUR', 'USD', 'GBP', 'JPY'];
    const big: MatrixAccountInput[] = Array.from({ length: 1000 }, (_, a) => ({
      accountId: `acc-${a}`,
      label: `Shop ${a}`,
      state: a % 10 === 0 ? 'needs_attention' : 'ready',
      snapshot: normalize(
        reads(
          Array.from({ length: 5 }, (_, t) =>
            terminal(
              String(17_000_000 + a * 10 + t),
              ['ECOM', 'SPG', 'MPO'][t % 3],
              // Account a lacks METHOD_00 in CHF when a % 7 === 0.
              a % 7 === 0 ? methods.slice(1) : methods,
              currencies,
              ['APPLEPAY'],
            ),
          ).concat(
            a % 7 === 0 ? [terminal(String(18_000_000 + a), 'ECOM', ['METHOD_00'], ['EUR'])] : [],
          ),
        ),
      ),
    }));
    let m = matrix(big);
    if (process.env.CAPABILITIES_BENCH === '1') {
      const runs: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        m = matrix(big);
        runs.push(performance.now() - started);
      }
      runs.sort((a, b) => a - b);
      process.stderr.write(
        `matrix(1,000 accounts): min ${runs[0].toFixed(1)} ms, median ${runs[10].toFixed(1)} ms\n`,
      );
    }
    expect(m.columns).toHaveLength(1000);
    expect(m.rows).toHaveLength(1 + 15 * 5 + 1 + 1);
    expect(row(m.rows, 'payment_method:METHOD_00:CHF')?.summary).toEqual({
      availableOn: 857,
      of: 1000,
    });
    expect(row(m.rows, 'payment_method:METHOD_00:EUR')?.summary).toEqual({
      availableOn: 1000,
      of: 1000,
    });
    expect(row(m.rows, 'payment_method:METHOD_01:CHF')?.cells[0]?.terminals).toHaveLength(5);
  });
});
