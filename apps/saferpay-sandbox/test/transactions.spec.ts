import {
  BAECKEREI,
  PIZZA,
  admin,
  bodyOf,
  call,
  customerPath,
  startSandbox,
  type Started,
} from './support/harness';
import type { ErrorBody, TransactionsPage } from './support/saferpay-shapes';

/** FIXED_NOW is 2025-09-10 12:00 Zurich: yesterday ends 2025-09-09T23:59. */
const WINDOW = 'StartDate=2025-06-01&EndDate=2025-09-09T23:59';

describe('transaction reporting', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.sandbox.close());

  const report = (
    query: string,
    auth = BAECKEREI,
    headers: Record<string, string | undefined> = {},
  ) => call(s.sandbox, customerPath(auth.customerId, `/transactions?${query}`), { auth, headers });
  const page = async (query: string, auth = BAECKEREI) => {
    const res = await report(query, auth);
    expect(res.status).toBe(200);
    return bodyOf<TransactionsPage>(res);
  };
  const detailOf = async (query: string, headers: Record<string, string | undefined> = {}) => {
    const res = await report(query, BAECKEREI, headers);
    expect(res.status).toBe(400);
    const error = bodyOf<ErrorBody>(res);
    expect(error.ErrorName).toBe('VALIDATION_FAILED');
    return error.ErrorDetail ?? [];
  };

  it('defaults: SUCCESSFUL, PageSize 1000, first page reported as PageNumber 0', async () => {
    const result = await page(WINDOW);
    expect(result.PageNumber).toBe(0);
    expect(result.PageSize).toBe(1000);
    expect(result.TotalTransactions).toBeGreaterThan(2000);
    expect(result.Transactions).toHaveLength(1000);
    expect(result.Transactions.every((t) => t.AuthorizationDetails !== undefined)).toBe(true);
  });

  it('shrinks PageSize 5000 to 2000 and says so', async () => {
    const result = await page(`${WINDOW}&PageSize=5000`);
    expect(result.PageSize).toBe(2000);
    expect(result.Transactions).toHaveLength(2000);
  });

  it('pages: request PageNumber counts from 1, response from 0; PageNumber < 1 is 1; totals add up', async () => {
    const first = await page(`${WINDOW}&PageSize=2000&PageNumber=1`);
    const second = await page(`${WINDOW}&PageSize=2000&PageNumber=2`);
    const zero = await page(`${WINDOW}&PageSize=2000&PageNumber=0`);
    const negative = await page(`${WINDOW}&PageSize=2000&PageNumber=-3`);
    expect(first.PageNumber).toBe(0);
    expect(second.PageNumber).toBe(1);
    expect(zero.PageNumber).toBe(0);
    expect(negative.Transactions.map((t) => t.TransactionId)).toEqual(
      first.Transactions.map((t) => t.TransactionId),
    );
    expect(second.TotalTransactions).toBe(first.TotalTransactions);
    expect(first.Transactions.length + second.Transactions.length).toBe(first.TotalTransactions);
    const ids = new Set(
      [...first.Transactions, ...second.Transactions].map((t) => t.TransactionId),
    );
    expect(ids.size).toBe(first.TotalTransactions);
    const beyond = await page(`${WINDOW}&PageSize=2000&PageNumber=9`);
    expect(beyond.Transactions).toEqual([]);
    expect(beyond.PageNumber).toBe(8);
  });

  it('returns newest first', async () => {
    const result = await page(`${WINDOW}&PageSize=50`);
    const dates = result.Transactions.map((t) => String(t.AuthorizationDetails?.AuthorizationDate));
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('filters by TransactionState and TerminalId; dates bound the window', async () => {
    const failed = await page(`${WINDOW}&TransactionState=FAILED&PageSize=2000`);
    expect(failed.Transactions.length).toBeGreaterThan(0);
    expect(
      failed.Transactions.every(
        (t) => t.FailedDetails !== undefined && t.AuthorizationDetails === undefined,
      ),
    ).toBe(true);
    const pending = await page(`${WINDOW}&TransactionState=PENDING&PageSize=2000`);
    expect(pending.Transactions.every((t) => t.PendingDetails !== undefined)).toBe(true);
    const spg = await page(`${WINDOW}&TerminalId=17000102&PageSize=2000`);
    expect(spg.Transactions.length).toBeGreaterThan(0);
    expect(
      spg.Transactions.every((t) => t.TerminalId === 17000102 && t.TerminalType === 'SPG'),
    ).toBe(true);
    const day = await page('StartDate=2025-09-01&EndDate=2025-09-02&PageSize=2000');
    expect(day.Transactions.length).toBeGreaterThan(0);
    for (const t of day.Transactions) {
      expect(String(t.AuthorizationDetails?.AuthorizationDate).slice(0, 10)).toBe('2025-09-01');
    }
    const minutes = await page('StartDate=2025-09-01T12:00&EndDate=2025-09-01T12:30&PageSize=2000');
    for (const t of minutes.Transactions) {
      expect(String(t.AuthorizationDetails?.AuthorizationDate).slice(11, 16) >= '12:00').toBe(true);
      expect(String(t.AuthorizationDetails?.AuthorizationDate).slice(11, 16) < '12:30').toBe(true);
    }
  });

  it('object amount shape (container) for some accounts', async () => {
    const [tx] = (await page(`${WINDOW}&PageSize=1`)).Transactions;
    expect(tx?.MerchantAmount).toEqual({
      Value: expect.stringMatching(/^\d+$/),
      CurrencyCode: expect.stringMatching(/^[A-Z]{3}$/),
    });
    expect(tx?.MerchantCurrency).toBeUndefined();
    expect(tx?.CustomerId).toBe(234567);
    expect(typeof tx?.TerminalId).toBe('number');
    expect(tx?.AuthorizationDetails?.CapturedMerchantAmount).toEqual(
      expect.objectContaining({ Value: expect.any(String) }),
    );
  });

  it('flat amount shape (reference example) for others', async () => {
    const [tx] = (await page(`${WINDOW}&PageSize=1`, PIZZA)).Transactions;
    expect(tx?.MerchantAmount).toMatch(/^\d+\.\d{2}$/);
    expect(tx?.MerchantCurrency).toMatch(/^[A-Z]{3}$/);
    expect(tx?.AuthorizationDetails?.PayerAmount).toMatch(/^\d+\.\d{2}$/);
    expect(tx?.AuthorizationDetails?.PayerCurrency).toMatch(/^[A-Z]{3}$/);
  });

  it('requires StartDate and EndDate in yyyy-MM-dd or yyyy-MM-ddTHH:mm', async () => {
    expect(await detailOf('EndDate=2025-09-09')).toContain(
      'StartDate: The StartDate field is required.',
    );
    expect(await detailOf('StartDate=2025-09-01')).toContain(
      'EndDate: The EndDate field is required.',
    );
    expect((await detailOf('StartDate=2025-09-01T12:49:00&EndDate=2025-09-09'))[0]).toMatch(
      /^StartDate: /,
    );
    expect((await detailOf('StartDate=01.09.2025&EndDate=2025-09-09'))[0]).toMatch(/^StartDate: /);
  });

  it('EndDate must be before today 00:00 (Zurich)', async () => {
    expect(await detailOf('StartDate=2025-09-01&EndDate=2025-09-10')).toContain(
      'EndDate: EndDate must be less than today at 00:00.',
    );
    expect(await detailOf('StartDate=2025-09-01&EndDate=2025-09-10T11:00')).toContain(
      'EndDate: EndDate must be less than today at 00:00.',
    );
    expect((await report('StartDate=2025-09-01&EndDate=2025-09-09T23:59')).status).toBe(200);
  });

  it('rejects StartDate after EndDate, bad states, PageSize < 1 and non-numbers', async () => {
    expect((await detailOf('StartDate=2025-09-05&EndDate=2025-09-01'))[0]).toMatch(/^StartDate: /);
    expect((await detailOf(`${WINDOW}&TransactionState=CAPTURED`))[0]).toMatch(
      /^TransactionState: /,
    );
    expect((await detailOf(`${WINDOW}&PageSize=0`))[0]).toMatch(/^PageSize: /);
    expect((await detailOf(`${WINDOW}&PageSize=many`))[0]).toMatch(/^PageSize: /);
    expect((await detailOf(`${WINDOW}&TerminalId=abc`))[0]).toMatch(/^TerminalId: /);
  });

  it("another customer's TerminalId is PERMISSION_DENIED", async () => {
    const res = await report(`${WINDOW}&TerminalId=1000001`);
    expect(res.status).toBe(403);
  });

  it('needs Saferpay-ApiVersion 1.48 or higher', async () => {
    expect((await detailOf(WINDOW, { 'Saferpay-ApiVersion': '1.47' }))[0]).toMatch(
      /^Saferpay-ApiVersion: .*1\.48/,
    );
    expect((await report(WINDOW, BAECKEREI, { 'Saferpay-ApiVersion': '1.48' })).status).toBe(200);
  });
});

describe('parallel report requests', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox({ reportProcessingMs: 300 });
  });
  afterAll(() => s.sandbox.close());

  const report = (auth = BAECKEREI) =>
    call(s.sandbox, customerPath(auth.customerId, `/transactions?${WINDOW}&PageSize=10`), { auth });

  it('refuses a second report of the same customer while one runs (402, RETRY_LATER)', async () => {
    const [a, b] = await Promise.all([report(), report()]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 402]);
    const refused = a.status === 402 ? a : b;
    expect(bodyOf<ErrorBody>(refused)).toMatchObject({
      ErrorName: 'ACTION_NOT_SUPPORTED',
      Behavior: 'RETRY_LATER',
    });
    expect(bodyOf<ErrorBody>(refused).ErrorDetail?.[0]).toMatch(
      /Parallel requests are not allowed/,
    );
    expect((await report()).status).toBe(200); // serial is fine
  });

  it('lets different customers report at the same time', async () => {
    const [a, b] = await Promise.all([report(BAECKEREI), report(PIZZA)]);
    expect([a.status, b.status]).toEqual([200, 200]);
  });
});

describe('seeding report volumes (admin)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(() => s.sandbox.close());

  it('adds exactly `count` transactions of one state in a window; they page through the report', async () => {
    const res = await admin(s.sandbox, `/accounts/${PIZZA.customerId}/transactions`, 'POST', {
      count: 4500,
      from: '2025-09-07T22:00:00Z', // 2025-09-08 00:00 Zurich
      to: '2025-09-08T22:00:00Z',
      state: 'FAILED',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ added: 4500 });
    const query = 'StartDate=2025-09-08&EndDate=2025-09-09&TransactionState=FAILED&PageSize=2000';
    const pages = [];
    for (let n = 1; n <= 3; n += 1) {
      const result = await call(
        s.sandbox,
        customerPath(PIZZA.customerId, `/transactions?${query}&PageNumber=${n}`),
        { auth: PIZZA },
      );
      pages.push(bodyOf<TransactionsPage>(result));
    }
    // The fixture's own history may add a few FAILED ones on that day.
    expect(pages[0].TotalTransactions).toBeGreaterThanOrEqual(4500);
    const seen = new Set(pages.flatMap((p) => p.Transactions.map((t) => t.TransactionId)));
    expect(seen.size).toBe(Math.min(6000, pages[0].TotalTransactions));
  });

  it('refuses a window in the future and a bad count', async () => {
    const path = `/accounts/${PIZZA.customerId}/transactions`;
    expect((await admin(s.sandbox, path, 'POST', { count: 0 })).status).toBe(400);
    const future = { count: 1, from: '2025-09-10T00:00:00Z', to: '2030-01-01T00:00:00Z' };
    expect((await admin(s.sandbox, path, 'POST', future)).status).toBe(400);
  });
});
