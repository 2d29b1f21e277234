import { saferpayError } from '../test/fake-saferpay-server';
import {
  caught,
  client,
  credentials,
  reference,
  server,
  useFakeSaferpayServer,
} from '../test/client-spec-fixtures';

// getTransactions: API-version gate, query validation, normalization, per-customer lane.
useFakeSaferpayServer();

describe('getTransactions', () => {
  const query = { StartDate: '2025-09-01', EndDate: '2025-09-09T12:49' };

  it.each([['1.47'], ['1.5'], ['1.14']])(
    'refuses with ApiVersion %s (< 1.48) without sending a request',
    async (apiVersion) => {
      const error = await caught(client({ apiVersion }).getTransactions(credentials, query));
      expect(error).toMatchObject({ kind: 'unsupported', attempts: 0, status: undefined });
      expect(error.message).toContain('1.48');
      expect(server.requests).toHaveLength(0);
    },
  );

  it('is allowed from 1.48', async () => {
    server.handler = () => ({ json: reference('getTransactions.response') });
    await client({ apiVersion: '1.48' }).getTransactions(credentials, query);
    expect(server.requests).toHaveLength(1);
  });

  it('normalizes the reference example (decimal strings, 0-based PageNumber)', async () => {
    server.handler = () => ({ json: reference('getTransactions.response') });
    const page = await client().getTransactions(credentials, query);
    expect(page).toMatchObject({
      pageNumber: 1,
      pageNumberBase: 0,
      rawPageNumber: 0,
      pageSize: 100,
      totalTransactions: 1,
      totalPages: 1,
      hasMore: false,
    });
    expect(page.transactions[0]).toMatchObject({
      transactionId: 'j8nCKMAr5bptUApfdp1MbEQpMpSb',
      customerId: '123456',
      terminalId: '1000001',
      merchantAmount: { value: '500', currencyCode: 'EUR' },
      capturedMerchantAmount: { value: '300', currencyCode: 'EUR' },
      payerAmount: { value: '500', currencyCode: 'EUR' },
    });
  });

  it('normalizes the container shape and a 1-based PageNumber', async () => {
    const body = reference('getTransactions.response') as {
      PageNumber: number;
      TotalTransactions: number;
      Transactions: Record<string, unknown>[];
    };
    body.PageNumber = 2;
    body.TotalTransactions = 250;
    const [transaction] = body.Transactions;
    transaction.MerchantAmount = { Value: '1500', CurrencyCode: 'JPY' };
    delete transaction.MerchantCurrency;
    server.handler = () => ({ json: body });
    const page = await client().getTransactions(credentials, { ...query, PageNumber: 2 });
    expect(page).toMatchObject({ pageNumber: 2, pageNumberBase: 1, totalPages: 3, hasMore: true });
    expect(page.transactions[0].merchantAmount).toEqual({ value: '1500', currencyCode: 'JPY' });
  });

  it('reports an amount it cannot convert as invalid-response instead of guessing', async () => {
    const body = reference('getTransactions.response') as {
      Transactions: Record<string, unknown>[];
    };
    body.Transactions[0].MerchantAmount = '5.001';
    server.handler = () => ({ json: body });
    const error = await caught(client().getTransactions(credentials, query));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200 });
  });

  it('runs requests of one customer one after another, other customers in parallel', async () => {
    server.handler = () => ({ json: reference('getTransactions.response'), delayMs: 80 });
    const c = client();
    const other = { ...credentials, customerId: '654321' };
    await Promise.all([
      c.getTransactions(credentials, query),
      c.getTransactions(credentials, query),
      c.getTransactions(credentials, query),
      c.getTransactions(other, query),
      c.getTransactions(other, query),
    ]);
    const intervals = (customerId: string) =>
      server.requests
        .filter((request) => request.path.includes(`/customers/${customerId}/`))
        .map((request) => [request.receivedAt, request.respondedAt ?? Infinity] as const)
        .sort((a, b) => a[0] - b[0]);
    const overlaps = (a: readonly [number, number], b: readonly [number, number]) =>
      a[0] < b[1] && b[0] < a[1];
    for (const customerId of ['123456', '654321']) {
      const list = intervals(customerId);
      for (let index = 1; index < list.length; index += 1) {
        expect(list[index][0]).toBeGreaterThanOrEqual(list[index - 1][1]);
      }
    }
    const a = intervals('123456');
    const b = intervals('654321');
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(2);
    expect(a.some((left) => b.some((right) => overlaps(left, right)))).toBe(true);
  });

  it('keeps the lane after a failure and lets an aborted waiter leave it', async () => {
    server.replyInOrder(
      { status: 402, json: saferpayError('DO_NOT_RETRY', 'PERMISSION_DENIED'), delayMs: 100 },
      { json: reference('getTransactions.response') },
    );
    const c = client();
    const controller = new AbortController();
    const first = caught(c.getTransactions(credentials, query));
    const aborted = caught(c.getTransactions(credentials, query, { signal: controller.signal }));
    controller.abort();
    expect((await aborted).kind).toBe('aborted');
    expect((await first).errorName).toBe('PERMISSION_DENIED');
    await c.getTransactions(credentials, query);
    expect(server.requests).toHaveLength(2);
  });
});
