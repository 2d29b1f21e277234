import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  createContractValidator,
  type SaferpayOperationId,
  type SaferpaySpgOfferRequest,
} from '@platform/saferpay-contract';
import { FakeSaferpayServer, saferpayError, type FakeReply } from '../test/fake-saferpay-server';
import {
  SAFERPAY_BASE_URLS,
  SaferpayApiError,
  SaferpayClient,
  SaferpayNetworkError,
  SaferpayTimeoutError,
  type SaferpayClientOptions,
  type SaferpayCredentials,
  type SaferpayLogger,
} from './index';

interface ReferenceExample {
  id: string;
  body: unknown;
}
const referenceExamples = (
  JSON.parse(
    readFileSync(
      path.join(__dirname, '..', '..', 'contract', 'fixtures', 'reference-examples.json'),
      'utf8',
    ),
  ) as { examples: ReferenceExample[] }
).examples;
function reference(id: string): unknown {
  const found = referenceExamples.find((entry) => entry.id === id);
  if (!found) throw new Error(`reference example ${id} missing`);
  return structuredClone(found.body);
}

const contract = createContractValidator();
const credentials: SaferpayCredentials = {
  customerId: '123456',
  username: 'API_123456_10592483',
  password: 'pa55:word',
};
const basic = `Basic ${Buffer.from('API_123456_10592483:pa55:word').toString('base64')}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OFFER_ID = '503a3d7b-072b-400f-9e7e-8ec15191c737';
const ACCESS_TOKEN = '67f47961-2912-4338-8039-22ac2b8486f3';

interface LogLine {
  level: 'debug' | 'info' | 'warn';
  obj: Record<string, unknown>;
  msg: string;
}
function capturingLogger(): { logger: SaferpayLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
      info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    },
  };
}

/** Path parameters of a Management API URL, named as in the contract. */
function pathParameters(requestPath: string): Record<string, string> {
  const match =
    /^\/api\/rest\/customers\/([^/]+)(?:\/terminals\/([^/]+)(?:\/(fields-access-tokens|spg-offers)\/([^/]+))?)?/.exec(
      requestPath,
    );
  const result: Record<string, string> = {};
  if (match?.[1]) result.customerId = decodeURIComponent(match[1]);
  if (match?.[2]) result.terminalId = decodeURIComponent(match[2]);
  if (match?.[4]) {
    result[match[3] === 'spg-offers' ? 'offerId' : 'accessToken'] = decodeURIComponent(match[4]);
  }
  return result;
}

async function caught(promise: Promise<unknown>): Promise<SaferpayApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SaferpayApiError) return error;
    throw error;
  }
  throw new Error('expected a SaferpayApiError');
}

let server: FakeSaferpayServer;
beforeEach(async () => {
  server = await FakeSaferpayServer.start();
});
afterEach(async () => {
  await server.close();
});

function client(options: Partial<SaferpayClientOptions> = {}): SaferpayClient {
  return new SaferpayClient({
    baseUrl: server.baseUrl,
    timeoutMs: 5_000,
    random: () => 0.5,
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.retry },
  } as SaferpayClientOptions);
}

function spgOffer(): SaferpaySpgOfferRequest {
  const offer = reference('createSpgOffer.request') as SaferpaySpgOfferRequest;
  offer.Payment.Description = 'Invoice 1';
  offer.ExpirationDate = '2030-04-23T00:00:00+02:00';
  return offer;
}

describe('construction', () => {
  it('uses the contract servers for test and live', () => {
    expect(new SaferpayClient({ environment: 'test' }).baseUrl).toBe(SAFERPAY_BASE_URLS.test);
    expect(new SaferpayClient({ environment: 'live' }).baseUrl).toBe(SAFERPAY_BASE_URLS.live);
    const yaml = readFileSync(
      path.join(__dirname, '..', '..', 'contract', 'management-api.openapi.yaml'),
      'utf8',
    );
    expect(yaml).toContain(`url: ${SAFERPAY_BASE_URLS.test}`);
    expect(yaml).toContain(`url: ${SAFERPAY_BASE_URLS.live}`);
  });

  it('rejects unsafe base URLs and malformed versions', () => {
    expect(() => new SaferpayClient({ baseUrl: 'http://sandbox.internal/api' })).toThrow(
      /allowInsecureHttp/,
    );
    expect(
      new SaferpayClient({ baseUrl: 'http://sandbox.internal/api/', allowInsecureHttp: true })
        .baseUrl,
    ).toBe('http://sandbox.internal/api');
    expect(() => new SaferpayClient({ baseUrl: 'https://u:p@example.com/api' })).toThrow(
      /credentials/,
    );
    expect(() => new SaferpayClient({ baseUrl: 'ftp://example.com' })).toThrow(/http/);
    expect(() => new SaferpayClient({ environment: 'test', apiVersion: 'latest' })).toThrow(
      /apiVersion/,
    );
  });
});

describe('operations: URL, method, headers, body', () => {
  interface Case {
    operation: SaferpayOperationId;
    method: string;
    path: string;
    reply: FakeReply;
    call: (c: SaferpayClient) => Promise<unknown>;
    body?: unknown;
    query?: Record<string, string>;
  }
  const base = '/api/rest/customers/123456';
  const cases: Case[] = [
    {
      operation: 'getLicense',
      method: 'GET',
      path: `${base}/license`,
      reply: { json: reference('getLicense.response') },
      call: (c) => c.getLicense(credentials),
    },
    {
      operation: 'getLicenseConfiguration',
      method: 'GET',
      path: `${base}/license-configuration`,
      reply: { json: reference('getLicenseConfiguration.response') },
      call: (c) => c.getLicenseConfiguration(credentials),
    },
    {
      operation: 'getPaymentPageConfigurations',
      method: 'GET',
      path: `${base}/payment-page/configurations`,
      reply: { json: reference('getPaymentPageConfigurations.response') },
      call: (c) => c.getPaymentPageConfigurations(credentials),
    },
    {
      operation: 'getTerminals',
      method: 'GET',
      path: `${base}/terminals`,
      reply: { json: reference('getTerminals.response') },
      call: (c) => c.getTerminals(credentials),
    },
    {
      operation: 'getTerminal',
      method: 'GET',
      path: `${base}/terminals/17654321`,
      reply: { json: reference('getTerminal.response') },
      call: (c) => c.getTerminal(credentials, '17654321'),
    },
    {
      operation: 'getPaymentMethods',
      method: 'GET',
      path: `${base}/terminals/17654321/payment-methods`,
      reply: { json: reference('getPaymentMethods.response') },
      call: (c) => c.getPaymentMethods(credentials, '17654321'),
    },
    {
      operation: 'createFieldsAccessToken',
      method: 'POST',
      path: `${base}/terminals/17654321/fields-access-tokens`,
      reply: { json: reference('createFieldsAccessToken.response') },
      body: reference('createFieldsAccessToken.request'),
      call: (c) =>
        c.createFieldsAccessToken(credentials, '17654321', {
          SourceUrls: ['https://a.yourshop.com/', 'https://b.yourshop.com/'],
          Description: 'Saferpay Fields Access Token for YourShop',
        }),
    },
    {
      operation: 'deleteFieldsAccessTokens',
      method: 'DELETE',
      path: `${base}/terminals/17654321/fields-access-tokens`,
      reply: { status: 200 },
      call: (c) => c.deleteFieldsAccessTokens(credentials, '17654321'),
    },
    {
      operation: 'deleteFieldsAccessToken',
      method: 'DELETE',
      path: `${base}/terminals/17654321/fields-access-tokens/${ACCESS_TOKEN}`,
      reply: { status: 200 },
      call: (c) => c.deleteFieldsAccessToken(credentials, '17654321', ACCESS_TOKEN),
    },
    {
      operation: 'createSpgOffer',
      method: 'POST',
      path: `${base}/terminals/17654321/spg-offers`,
      reply: { json: reference('createSpgOffer.response') },
      body: spgOffer(),
      call: (c) => c.createSpgOffer(credentials, '17654321', spgOffer()),
    },
    {
      operation: 'getSpgOffer',
      method: 'GET',
      path: `${base}/terminals/17654321/spg-offers/${OFFER_ID}`,
      reply: { json: reference('getSpgOffer.response') },
      call: (c) => c.getSpgOffer(credentials, '17654321', OFFER_ID),
    },
    {
      operation: 'deleteSpgOffer',
      method: 'DELETE',
      path: `${base}/terminals/17654321/spg-offers/${OFFER_ID}`,
      reply: { status: 200 },
      call: (c) => c.deleteSpgOffer(credentials, '17654321', OFFER_ID),
    },
    {
      operation: 'getTransactions',
      method: 'GET',
      path: `${base}/transactions`,
      reply: { json: reference('getTransactions.response') },
      query: {
        StartDate: '2025-09-01T12:49',
        EndDate: '2025-09-09T12:49',
        PageSize: '1200',
        PageNumber: '1',
        TransactionState: 'SUCCESSFUL',
        TerminalId: '17654321',
      },
      call: (c) =>
        c.getTransactions(credentials, {
          StartDate: '2025-09-01T12:49',
          EndDate: '2025-09-09T12:49',
          PageSize: 1200,
          PageNumber: 1,
          TransactionState: 'SUCCESSFUL',
          TerminalId: 17654321,
        }),
    },
  ];

  it('covers all 13 operations of the contract', () => {
    expect(cases.map((entry) => entry.operation).sort()).toEqual(contract.operationIds().sort());
  });

  it.each(cases.map((entry) => [entry.operation, entry] as const))(
    '%s',
    async (_operation, entry) => {
      server.handler = () => entry.reply;
      await entry.call(client());
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request.method).toBe(entry.method);
      expect(request.path).toBe(entry.path);
      expect(Object.fromEntries(request.query)).toEqual(entry.query ?? {});
      expect(request.headers.authorization).toBe(basic);
      expect(request.headers.accept).toBe('application/json');
      expect(request.headers['saferpay-apiversion']).toBe('1.53');
      expect(request.headers['saferpay-requestid']).toMatch(UUID);
      if (entry.body === undefined) {
        expect(request.body).toBe('');
        expect(request.headers['content-type']).toBeUndefined();
      } else {
        expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(request.body)).toEqual(entry.body);
      }
      // What the client sends conforms to the contract.
      const parameters = {
        path: pathParameters(request.path),
        header: {
          'Saferpay-ApiVersion': String(request.headers['saferpay-apiversion']),
          'Saferpay-RequestId': String(request.headers['saferpay-requestid']),
        },
        query: Object.fromEntries(request.query),
      };
      expect(contract.validateRequestParameters(entry.operation, parameters)).toEqual({
        valid: true,
        errors: [],
      });
      expect(
        contract.validateRequestBody(
          entry.operation,
          entry.body === undefined ? undefined : JSON.parse(request.body),
        ),
      ).toEqual({ valid: true, errors: [] });
    },
  );

  it('generates a new RequestId per logical request', async () => {
    server.handler = () => ({ json: reference('getLicense.response') });
    const c = client();
    await c.getLicense(credentials);
    await c.getLicense(credentials);
    const ids = server.requests.map((request) => request.headers['saferpay-requestid']);
    expect(new Set(ids).size).toBe(2);
  });

  it('sends a caller-chosen RequestId and the configured ApiVersion', async () => {
    server.handler = () => ({ json: reference('getLicense.response') });
    await client({ apiVersion: '1.40' }).getLicense(credentials, { requestId: 'order-42.retry' });
    expect(server.requests[0].headers['saferpay-requestid']).toBe('order-42.retry');
    expect(server.requests[0].headers['saferpay-apiversion']).toBe('1.40');
    const error = await caught(client().getLicense(credentials, { requestId: 'has space' }));
    expect(error.kind).toBe('invalid-request');
  });

  it('refuses malformed path ids without sending anything', async () => {
    const c = client();
    for (const terminalId of ['..', '1/2', '', '17654321?x=1']) {
      const error = await caught(c.getTerminal(credentials, terminalId));
      expect(error.kind).toBe('invalid-request');
      expect(error.attempts).toBe(0);
    }
    const badCustomer = await caught(c.getTerminals({ ...credentials, customerId: '../../other' }));
    expect(badCustomer.kind).toBe('invalid-request');
    const badToken = await caught(c.deleteFieldsAccessToken(credentials, '1', 'a/b'));
    expect(badToken.kind).toBe('invalid-request');
    const badOffer = await caught(c.getSpgOffer(credentials, '1', 'not-a-uuid'));
    expect(badOffer.kind).toBe('invalid-request');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses invalid report queries without sending anything', async () => {
    const c = client();
    const query = { StartDate: '2025-09-01', EndDate: '2025-09-02' };
    for (const bad of [
      { ...query, PageSize: 2001 },
      { ...query, PageSize: 0 },
      { ...query, PageNumber: 0 },
      { ...query, StartDate: '01.09.2025' },
    ]) {
      expect((await caught(c.getTransactions(credentials, bad))).kind).toBe('invalid-request');
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries Behavior RETRY with the SAME RequestId, then succeeds', async () => {
    server.replyInOrder(
      { status: 402, json: saferpayError('RETRY', 'COMMUNICATION_FAILED') },
      { status: 402, json: saferpayError('RETRY_LATER', 'COMMUNICATION_FAILED') },
      { json: reference('getLicense.response') },
    );
    const license = await client().getLicense(credentials);
    expect(license.Package.Id).toBe('SAFERPAY_FLEX');
    expect(server.requests).toHaveLength(3);
    const ids = new Set(server.requests.map((request) => request.headers['saferpay-requestid']));
    expect(ids.size).toBe(1);
  });

  it('retries a non-idempotent POST only with the same RequestId and body', async () => {
    server.replyInOrder(
      { status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') },
      { json: reference('createSpgOffer.response') },
    );
    const created = await client().createSpgOffer(credentials, '17654321', spgOffer());
    expect(created.OfferId).toBe(OFFER_ID);
    const [first, second] = server.requests;
    expect(second.headers['saferpay-requestid']).toBe(first.headers['saferpay-requestid']);
    expect(second.body).toBe(first.body);
  });

  it('does not retry DO_NOT_RETRY or OTHER_MEANS, even on 500', async () => {
    for (const [status, behavior] of [
      [402, 'DO_NOT_RETRY'],
      [500, 'DO_NOT_RETRY'],
      [402, 'OTHER_MEANS'],
    ] as const) {
      server.requests.length = 0;
      server.handler = () => ({ status, json: saferpayError(behavior, 'PERMISSION_DENIED', 'No') });
      const error = await caught(client().getTerminals(credentials));
      expect(server.requests).toHaveLength(1);
      expect(error).toMatchObject({
        kind: 'http',
        status,
        errorName: 'PERMISSION_DENIED',
        behavior,
        errorMessage: 'No',
        attempts: 1,
        retryable: false,
        operation: 'getTerminals',
        requestId: server.requests[0].headers['saferpay-requestid'],
      });
    }
  });

  it('does not retry 400 validation errors, even with Behavior RETRY', async () => {
    server.handler = () => ({
      status: 400,
      json: saferpayError('RETRY', 'VALIDATION_FAILED', 'Request validation failed', [
        'SourceUrls: Only HTTPS is allowed.',
      ]),
    });
    const error = await caught(
      client().createFieldsAccessToken(credentials, '1', {
        SourceUrls: ['http://x/'],
        Description: 'd',
      }),
    );
    expect(server.requests).toHaveLength(1);
    expect(error.errorDetail).toEqual(['SourceUrls: Only HTTPS is allowed.']);
  });

  it('retries 5xx with and without a JSON body', async () => {
    server.replyInOrder(
      { status: 503, text: '' },
      { status: 502, text: '<html>Bad gateway</html>', contentType: 'text/html' },
      { json: reference('getTerminals.response') },
    );
    const terminals = await client().getTerminals(credentials);
    expect(terminals).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxAttempts with the last 5xx as the error', async () => {
    server.handler = () => ({ status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') });
    const error = await caught(client({ retry: { maxAttempts: 4 } }).getTerminals(credentials));
    expect(server.requests).toHaveLength(4);
    expect(error).toMatchObject({ status: 500, attempts: 4, retryable: true });
  });

  it('never retries 401 or 403 (a firewall 403 page has no errorName)', async () => {
    server.handler = () => ({ status: 401, json: saferpayError('RETRY', 'AUTHENTICATION_FAILED') });
    const unauthorized = await caught(client().getLicense(credentials));
    expect(server.requests).toHaveLength(1);
    expect(unauthorized).toMatchObject({ status: 401, errorName: 'AUTHENTICATION_FAILED' });

    server.requests.length = 0;
    server.handler = () => ({
      status: 403,
      text: '<html><body>Request blocked</body></html>',
      contentType: 'text/html',
    });
    const forbidden = await caught(client().getLicense(credentials));
    expect(server.requests).toHaveLength(1);
    expect(forbidden).toBeInstanceOf(SaferpayApiError);
    expect(forbidden).toMatchObject({ kind: 'http', status: 403, attempts: 1 });
    expect(forbidden.errorName).toBeUndefined();
    expect(forbidden.behavior).toBeUndefined();
    expect(forbidden.message).toContain('HTTP 403 (no Saferpay error body)');
    expect(forbidden.message).not.toContain('Request blocked');
  });

  it('times out a hanging server after the configured ms, retrying with the same RequestId', async () => {
    server.handler = () => ({ hang: true });
    const startedAt = Date.now();
    const error = await caught(
      client({ timeoutMs: 150, retry: { maxAttempts: 2 } }).getTerminals(credentials),
    );
    const elapsed = Date.now() - startedAt;
    expect(error).toBeInstanceOf(SaferpayTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, status: undefined });
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].headers['saferpay-requestid']).toBe(
      server.requests[0].headers['saferpay-requestid'],
    );
  });

  it('a per-call timeout overrides the client default', async () => {
    server.handler = () => ({ hang: true });
    const startedAt = Date.now();
    const error = await caught(
      client({ retry: { maxAttempts: 1 } }).getTerminals(credentials, { timeoutMs: 100 }),
    );
    expect(error).toBeInstanceOf(SaferpayTimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('retries connection failures and reports them as network errors', async () => {
    server.handler = () => ({ destroy: true });
    const error = await caught(client().getTerminals(credentials));
    expect(error).toBeInstanceOf(SaferpayNetworkError);
    expect(error).toMatchObject({ kind: 'network', attempts: 3, retryable: true });
    expect(server.requests).toHaveLength(3);

    await server.close();
    const refused = await caught(client({ retry: { maxAttempts: 2 } }).getTerminals(credentials));
    expect(refused).toBeInstanceOf(SaferpayNetworkError);
    expect((refused as SaferpayNetworkError).code).toBe('ECONNREFUSED');
    server = await FakeSaferpayServer.start();
  });

  it('stops when the retry budget (total backoff) is spent, before maxAttempts', async () => {
    server.handler = () => ({ status: 503, text: '' });
    const startedAt = Date.now();
    const error = await caught(
      client({
        random: () => 0.999,
        retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalDelayMs: 250 },
      }).getTerminals(credentials),
    );
    const elapsed = Date.now() - startedAt;
    // Backoffs: 99 ms, then min(199, 151 left) = 151 ms, then the budget is spent.
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(245);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('does not retry an unreadable 2xx body', async () => {
    server.handler = () => ({ status: 200, text: 'not json', contentType: 'application/json' });
    const error = await caught(client().getLicense(credentials));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('honours an AbortSignal: no retry, kind aborted', async () => {
    server.handler = () => ({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const startedAt = Date.now();
    const error = await caught(client().getTerminals(credentials, { signal: controller.signal }));
    expect(error.kind).toBe('aborted');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });
});

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

describe('concurrency per host', () => {
  it('limits concurrent exchanges per host', async () => {
    server.handler = () => ({ json: reference('getTerminals.response'), delayMs: 60 });
    const c = client({ maxConcurrencyPerHost: 2 });
    await Promise.all(Array.from({ length: 6 }, () => c.getTerminals(credentials)));
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('allows more in parallel with a higher limit', async () => {
    server.handler = () => ({ json: reference('getTerminals.response'), delayMs: 60 });
    const c = client({ maxConcurrencyPerHost: 8 });
    await Promise.all(Array.from({ length: 6 }, () => c.getTerminals(credentials)));
    expect(server.maxInFlight).toBeGreaterThan(2);
  });
});

describe('getLicenseWithFallback', () => {
  it('uses /license when offered', async () => {
    server.handler = () => ({ json: reference('getLicense.response') });
    const result = await client().getLicenseWithFallback(credentials);
    expect(result.source).toBe('license');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/api/rest/customers/123456/license',
    ]);
  });

  it.each([
    ['404 without body', { status: 404, text: 'Not Found' }],
    ['405', { status: 405, text: '' }],
    [
      'ACTION_NOT_SUPPORTED',
      { status: 400, json: saferpayError('DO_NOT_RETRY', 'ACTION_NOT_SUPPORTED') },
    ],
  ] as const)('falls back to /license-configuration on %s', async (_label, reply) => {
    server.replyInOrder(reply, { json: reference('getLicenseConfiguration.response') });
    const result = await client().getLicenseWithFallback(credentials);
    expect(result.source).toBe('license-configuration');
    expect(result.license.Features.map((feature) => feature.Id)).toContain('MANAGEMENT_API');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/api/rest/customers/123456/license',
      '/api/rest/customers/123456/license-configuration',
    ]);
    expect(server.requests[1].headers['saferpay-requestid']).not.toBe(
      server.requests[0].headers['saferpay-requestid'],
    );
  });

  it.each([
    ['401', { status: 401, json: saferpayError('DO_NOT_RETRY', 'AUTHENTICATION_FAILED') }],
    [
      '400 VALIDATION_FAILED',
      { status: 400, json: saferpayError('DO_NOT_RETRY', 'VALIDATION_FAILED') },
    ],
    ['406 (Accept header)', { status: 406, text: '' }],
  ] as const)('does not fall back on %s', async (_label, reply) => {
    server.handler = () => reply;
    const error = await caught(client().getLicenseWithFallback(credentials));
    expect(error.status).toBe(reply.status);
    expect(server.requests).toHaveLength(1);
  });
});

describe('quirk normalization', () => {
  it('payment page configurations from the example (name/isDefault) and PascalCase', async () => {
    server.handler = () => ({ json: reference('getPaymentPageConfigurations.response') });
    expect(await client().getPaymentPageConfigurations(credentials)).toEqual([
      { name: 'default', isDefault: true, description: 'Default Configuration' },
      { name: 'special', isDefault: false, description: 'Special Payment Page Configuration' },
      {
        name: 'event',
        isDefault: false,
        description: 'Special Payment Page Configuration for Events',
      },
    ]);
    server.handler = () => ({
      json: { Configurations: [{ Name: 'shop', IsDefault: true, Description: 'Shop' }] },
    });
    expect(await client().getPaymentPageConfigurations(credentials)).toEqual([
      { name: 'shop', isDefault: true, description: 'Shop' },
    ]);
  });

  it('terminals with the same id and different types stay apart', async () => {
    server.handler = () => ({ json: reference('getTerminals.response') });
    const terminals = await client().getTerminals(credentials);
    expect(terminals.map((terminal) => terminal.key)).toEqual([
      '1000001:ECOM',
      '1000002:MPO',
      '1000002:SPG',
    ]);
  });
});

describe('secrets never reach logs or errors', () => {
  const sentinelCredentials: SaferpayCredentials = {
    customerId: '777777',
    username: 'SENTINEL_USER_q8Zx',
    password: 'SENTINEL_PASS_w3Rt',
  };
  const sentinelToken = 'SENTINEL_TOKEN_k5Lm';
  const sentinelOffer = 'deadbeef-5e47-4e1a-9d0c-5e471ce1ab1e';
  const basicValue = Buffer.from(
    `${sentinelCredentials.username}:${sentinelCredentials.password}`,
  ).toString('base64');
  const sentinels = [
    sentinelCredentials.username,
    sentinelCredentials.password,
    basicValue,
    sentinelToken,
    sentinelOffer,
  ];

  it('across successes, Saferpay errors echoing secrets, HTML pages, retries and timeouts', async () => {
    const { logger, lines } = capturingLogger();
    const c = client({ logger, timeoutMs: 100, retry: { maxAttempts: 2 } });
    // Saferpay may echo what it received: the path's secret segment and the user.
    const echo = (requestPath: string) =>
      `id ${decodeURIComponent(requestPath.split('/').pop() ?? '')} of ${sentinelCredentials.username} / ${sentinelCredentials.password}`;
    const errors: SaferpayApiError[] = [];

    server.handler = () => ({ status: 200 });
    await c.deleteFieldsAccessToken(sentinelCredentials, '17654321', sentinelToken);
    server.handler = () => ({ json: reference('getSpgOffer.response') });
    await c.getSpgOffer(sentinelCredentials, '17654321', sentinelOffer);

    server.handler = (request) => ({
      status: 402,
      json: saferpayError('DO_NOT_RETRY', 'TOKEN_INVALID', echo(request.path), [
        echo(request.path),
        `Basic ${basicValue}`,
      ]),
    });
    errors.push(await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', sentinelToken)));
    errors.push(await caught(c.getSpgOffer(sentinelCredentials, '1', sentinelOffer)));

    server.handler = (request) => ({
      status: 403,
      text: `<html>${echo(request.path)}</html>`,
      contentType: 'text/html',
    });
    errors.push(await caught(c.deleteSpgOffer(sentinelCredentials, '1', sentinelOffer)));

    server.handler = (request) => ({
      status: 500,
      json: saferpayError('RETRY', 'INTERNAL_ERROR', echo(request.path)),
    });
    errors.push(await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', sentinelToken)));

    server.handler = () => ({ hang: true });
    errors.push(await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', sentinelToken)));

    errors.push(
      await caught(c.deleteFieldsAccessToken(sentinelCredentials, '1', `${sentinelToken}/x`)),
    );
    errors.push(await caught(c.getSpgOffer(sentinelCredentials, '1', `${sentinelOffer}/..`)));

    // The checks below only mean something if Saferpay's text was kept, redacted.
    expect(errors[0].errorMessage).toBe('id [REDACTED] of [REDACTED] / [REDACTED]');
    expect(errors[0].errorDetail).toEqual([
      'id [REDACTED] of [REDACTED] / [REDACTED]',
      'Basic [REDACTED]',
    ]);
    expect(errors[1].errorMessage).toBe('id [REDACTED] of [REDACTED] / [REDACTED]');
    expect(errors.map((error) => error.kind)).toEqual([
      'http',
      'http',
      'http',
      'http',
      'timeout',
      'invalid-request',
      'invalid-request',
    ]);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      expect(Object.keys(line.obj).sort()).toEqual(
        expect.arrayContaining(['attempt', 'customerId', 'operation', 'requestId']),
      );
    }

    const texts = [
      ...lines.map((line) => `${line.msg} ${JSON.stringify(line.obj)}`),
      ...errors.flatMap((error) => [
        error.message,
        error.stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        String(error),
      ]),
    ];
    for (const text of texts) {
      for (const sentinel of sentinels) expect(text).not.toContain(sentinel);
    }
  });

  it('logs per attempt: operation, status, errorName, requestId, attempt, durationMs', async () => {
    const { logger, lines } = capturingLogger();
    server.replyInOrder(
      { status: 500, json: saferpayError('RETRY', 'INTERNAL_ERROR') },
      { json: reference('getTerminals.response') },
    );
    await client({ logger }).getTerminals(credentials);
    const requestId = server.requests[0].headers['saferpay-requestid'];
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'saferpay request failed, retrying',
        obj: expect.objectContaining({
          operation: 'getTerminals',
          customerId: '123456',
          requestId,
          attempt: 1,
          status: 500,
          errorName: 'INTERNAL_ERROR',
          behavior: 'RETRY',
          durationMs: expect.any(Number),
          retryInMs: expect.any(Number),
        }),
      },
      {
        level: 'debug',
        msg: 'saferpay request succeeded',
        obj: expect.objectContaining({ requestId, attempt: 2, status: 200 }),
      },
    ]);
  });
});
