// The real SaferpayClient against the Saferpay sandbox running as a separate process (its
// build output; `npm test` builds first). No database needed. One sandbox for the whole file:
// tests clear faults (and, where they read it, the request log) before they run.
import { inspect } from 'node:util';
import {
  SaferpayApiError,
  SaferpayClient,
  SaferpayTimeoutError,
  type SaferpayCredentials,
  type SaferpayLogger,
  type SaferpayRetryOptions,
} from '@platform/saferpay-client';
import type { SaferpaySpgOfferRequest } from '@platform/saferpay-contract';
import {
  SANDBOX_OPERATIONS,
  startSandboxProcess,
  type SandboxAccountDetail,
  type SandboxAccountSummary,
  type SandboxAdmin,
  type SandboxFaultInput,
  type SandboxProcess,
  type SandboxRequestLogEntry,
  type SandboxRequestLogFilter,
  type SandboxTerminal,
} from '@platform/testing';

const DAY_MS = 86_400_000;
/** Small backoff so retries are fast; the budget is what a test may assert against. */
const FAST_RETRY: SaferpayRetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxTotalDelayMs: 200,
};
/** Saferpay requires EndDate < today 00:00 (Zurich); the UTC date of yesterday always is. */
const REPORT_WINDOW = { StartDate: utcDate(-400), EndDate: utcDate(-1) };

function utcDate(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * DAY_MS).toISOString().slice(0, 10);
}

const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

interface Merchant {
  customerId: string;
  summary: SandboxAccountSummary;
  detail: SandboxAccountDetail;
  /** As the merchant handed them over (wrong for "wrong password" accounts). */
  credentials: SaferpayCredentials;
  /** With the password Saferpay has registered. */
  registeredCredentials: SaferpayCredentials;
}

interface CapturedLine {
  level: 'debug' | 'info' | 'warn';
  obj: Record<string, unknown>;
  msg: string;
}

function capturingLogger(): SaferpayLogger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  return {
    lines,
    debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  };
}

/** The rejection of `promise`, which must be a SaferpayApiError. */
async function apiError(promise: Promise<unknown>): Promise<SaferpayApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SaferpayApiError) return error;
    throw error;
  }
  throw new Error('expected a SaferpayApiError, the call succeeded');
}

function basic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

function spgOfferRequest(orderId: string, currencyCode: string): SaferpaySpgOfferRequest {
  const expiration = new Date(Date.now() + 2 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    Payment: {
      Amount: { Value: '1250', CurrencyCode: currencyCode },
      OrderId: orderId,
      Description: 'E2E test offer',
    },
    ExpirationDate: expiration,
    Payer: {
      LanguageCode: 'de',
      BillingAddress: { FirstName: 'Erika', LastName: 'Muster', CountryCode: 'CH' },
    },
  };
}

describe('SaferpayClient against the sandbox process', () => {
  let sandbox: SandboxProcess;
  let admin: SandboxAdmin;
  let client: SaferpayClient;
  /** Archetype 1: Business, PascalCase configs, object amounts, MPO + SPG sharing a TerminalId. */
  let business: Merchant;
  /** Archetype 2: Flex, camelCase configs, flat amounts ("5.00" + MerchantCurrency). */
  let flex: Merchant;
  /** Archetype 3: /license answers a bare 404; the given password is wrong. */
  let essential: Merchant;
  /** Archetype 4: /license answers 402 ACTION_NOT_SUPPORTED. */
  let spgOnly: Merchant;
  let ecomTerminal: SandboxTerminal;
  let spgTerminal: SandboxTerminal;
  let spgCurrency: string;

  const newClient = (
    options: {
      timeoutMs?: number;
      retry?: Partial<SaferpayRetryOptions>;
      logger?: SaferpayLogger;
      random?: () => number;
    } = {},
  ): SaferpayClient =>
    new SaferpayClient({
      baseUrl: sandbox.apiBaseUrl,
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: { ...FAST_RETRY, ...options.retry },
      logger: options.logger,
      random: options.random,
    });

  /** Log entries once every one of them has finished (aborted connections close late). */
  const settledLog = async (
    filter: SandboxRequestLogFilter,
    atLeast = 0,
  ): Promise<SandboxRequestLogEntry[]> => {
    let entries = await admin.requests(filter);
    for (let i = 0; i < 100; i += 1) {
      if (entries.length >= atLeast && entries.every((e) => e.finishedAt !== undefined)) break;
      await delay(20);
      entries = await admin.requests(filter);
    }
    return entries;
  };

  const merchant = async (
    accounts: SandboxAccountSummary[],
    what: string,
    matches: (account: SandboxAccountSummary) => boolean,
  ): Promise<Merchant> => {
    const summary = accounts.find(matches);
    if (!summary) throw new Error(`the seeded sandbox has no ${what} account`);
    const { customerId, username } = summary;
    return {
      customerId,
      summary,
      detail: await admin.account(customerId),
      credentials: { customerId, username, password: summary.givenCredentials.password },
      registeredCredentials: { customerId, username, password: summary.password },
    };
  };

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 5, seed: 42 });
    admin = sandbox.admin;
    client = newClient();
    const accounts = await admin.accounts();
    business = await merchant(
      accounts,
      'Business',
      (a) =>
        a.credentialsValid &&
        a.licenseEndpoint === 'available' &&
        a.paymentPageConfigCasing === 'PascalCase' &&
        a.transactionAmountShape === 'object' &&
        a.transactionCount > 2000 &&
        a.terminals.some((t) => t.type === 'SPG') &&
        a.terminals.some((t) => t.type === 'ECOM'),
    );
    flex = await merchant(
      accounts,
      'Flex',
      (a) =>
        a.credentialsValid &&
        a.licenseEndpoint === 'available' &&
        a.paymentPageConfigCasing === 'camelCase' &&
        a.transactionAmountShape === 'flat',
    );
    essential = await merchant(
      accounts,
      'wrong-password, /license 404',
      (a) => !a.credentialsValid && a.licenseEndpoint === 'not-found',
    );
    spgOnly = await merchant(
      accounts,
      '/license 402',
      (a) => a.credentialsValid && a.licenseEndpoint === 'not-supported',
    );
    const terminals = business.detail.terminals;
    const ecom = terminals.find((t) => t.type === 'ECOM' && t.paymentMethods.length > 0);
    const spg = terminals.find((t) => t.type === 'SPG');
    const currency = spg?.paymentMethods.flatMap((m) => m.currencies)[0];
    if (!ecom || !spg || !currency) throw new Error('business account lacks ECOM/SPG terminals');
    ecomTerminal = ecom;
    spgTerminal = spg;
    spgCurrency = currency;
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  beforeEach(async () => {
    await admin.clearFaults();
  });

  describe('every operation against seeded accounts', () => {
    beforeAll(async () => {
      await admin.clearRequests();
    });

    it('getLicense and the deprecated getLicenseConfiguration return the package and features', async () => {
      const license = await client.getLicense(business.credentials);
      const { package: pkg, features } = business.detail.license;
      expect(license).toEqual({
        Package: { Id: pkg.id, DisplayName: pkg.displayName },
        Features: features.map((f) => ({ Id: f.id, DisplayName: f.displayName })),
      });
      await expect(client.getLicenseConfiguration(business.credentials)).resolves.toEqual(license);
    });

    it.each([
      ['available', 'license', () => business, [['GetLicense', 200]]],
      [
        'a bare 404',
        'license-configuration',
        () => essential,
        [
          ['GetLicense', 404],
          ['GetLicenseConfiguration', 200],
        ],
      ],
      [
        '402 ACTION_NOT_SUPPORTED',
        'license-configuration',
        () => spgOnly,
        [
          ['GetLicense', 402],
          ['GetLicenseConfiguration', 200],
        ],
      ],
    ] as const)(
      'getLicenseWithFallback: /license %s → source %s',
      async (_case, source, who, calls) => {
        const account = who();
        const since = (await admin.requests()).at(-1)?.seq ?? 0;
        const result = await client.getLicenseWithFallback(account.registeredCredentials);
        expect(result.source).toBe(source);
        expect(result.license.Package.Id).toBe(account.detail.license.package.id);
        const log = await settledLog({ customerId: account.customerId });
        expect(log.filter((e) => e.seq > since).map((e) => [e.operation, e.status])).toEqual(calls);
      },
    );

    it.each([
      ['PascalCase (container)', () => business],
      ['camelCase (example)', () => flex],
    ])('getPaymentPageConfigurations normalizes %s configurations', async (casing, who) => {
      const account = who();
      expect(casing.startsWith(account.summary.paymentPageConfigCasing)).toBe(true);
      const configs = await client.getPaymentPageConfigurations(account.credentials);
      expect(configs.length).toBeGreaterThan(0);
      expect(configs).toEqual(
        account.detail.paymentPageConfigs.map((c) => ({
          name: c.name,
          isDefault: c.isDefault,
          description: c.description,
        })),
      );
    });

    it('getTerminals keeps entries sharing a TerminalId apart (key = id:type)', async () => {
      const terminals = await client.getTerminals(business.credentials);
      expect(terminals.map((t) => [t.key, t.terminalId, t.type, t.description])).toEqual(
        business.detail.terminals.map((t) => [
          `${t.terminalId}:${t.type}`,
          t.terminalId,
          t.type,
          t.description,
        ]),
      );
      const shared = terminals.find(
        (t) => t.terminalId === spgTerminal.terminalId && t.type !== 'SPG',
      );
      expect(shared?.type).toBe('MPO');
      expect(new Set(terminals.map((t) => t.key)).size).toBe(terminals.length);
    });

    it('getTerminal and the deprecated getPaymentMethods return the payment methods and wallets', async () => {
      const expectedMethods = ecomTerminal.paymentMethods.map((m) => ({
        PaymentMethod: m.paymentMethod,
        Currencies: m.currencies,
        LogoUrl: m.logoUrl,
      }));
      const expectedWallets = ecomTerminal.wallets.map((w) => ({
        WalletName: w.walletName,
        LogoUrl: w.logoUrl,
      }));
      const terminal = await client.getTerminal(business.credentials, ecomTerminal.terminalId);
      expect(terminal).toMatchObject({
        TerminalId: ecomTerminal.terminalId,
        Type: 'ECOM',
        Description: ecomTerminal.description,
      });
      expect(terminal.PaymentMethods).toEqual(expectedMethods);
      expect(terminal.Wallets ?? []).toEqual(expectedWallets);

      const methods = await client.getPaymentMethods(business.credentials, ecomTerminal.terminalId);
      expect(methods.PaymentMethods).toEqual(expectedMethods);
      expect(methods.Wallets ?? []).toEqual(expectedWallets);
    });

    it('Fields access tokens: create, delete one, delete all of a terminal', async () => {
      const { customerId } = business;
      const { terminalId } = ecomTerminal;
      const request = { Description: 'E2E shop', SourceUrls: ['https://shop.example/'] };
      const tokensOfTerminal = async () =>
        (await admin.fieldsAccessTokens(customerId))
          .filter((t) => t.terminalId === terminalId)
          .map((t) => t.accessToken);

      const first = await client.createFieldsAccessToken(business.credentials, terminalId, request);
      expect(first.AccessToken).toMatch(/^[A-Za-z0-9.:\-_]+$/);
      expect(await tokensOfTerminal()).toContain(first.AccessToken);

      await client.deleteFieldsAccessToken(business.credentials, terminalId, first.AccessToken);
      expect(await tokensOfTerminal()).not.toContain(first.AccessToken);

      await client.createFieldsAccessToken(business.credentials, terminalId, request);
      await client.createFieldsAccessToken(business.credentials, terminalId, request);
      expect(await tokensOfTerminal()).toHaveLength(2);
      await client.deleteFieldsAccessTokens(business.credentials, terminalId);
      expect(await tokensOfTerminal()).toEqual([]);
    });

    it('SPG offers: create, get (OPEN → PAID / EXPIRED), delete (→ DISABLED)', async () => {
      const { terminalId } = spgTerminal;
      const credentials = business.credentials;

      const created = await client.createSpgOffer(
        credentials,
        terminalId,
        spgOfferRequest('e2e-order-paid', spgCurrency),
      );
      expect(created.PaymentLink.startsWith(sandbox.url)).toBe(true);
      expect(created.PaymentLink).toContain(created.OfferId);
      const open = await client.getSpgOffer(credentials, terminalId, created.OfferId);
      expect(open).toMatchObject({
        OfferId: created.OfferId,
        Status: 'OPEN',
        Payment: {
          Amount: { Value: '1250', CurrencyCode: spgCurrency },
          OrderId: 'e2e-order-paid',
        },
      });
      await admin.payOffer(created.OfferId);
      const paid = await client.getSpgOffer(credentials, terminalId, created.OfferId);
      expect(paid.Status).toBe('PAID');
      expect(paid.TransactionId).toEqual(expect.any(String));

      const expiring = await client.createSpgOffer(
        credentials,
        terminalId,
        spgOfferRequest('e2e-order-expired', spgCurrency),
      );
      await admin.expireOffer(expiring.OfferId);
      await expect(
        client.getSpgOffer(credentials, terminalId, expiring.OfferId),
      ).resolves.toMatchObject({ Status: 'EXPIRED' });

      const deleted = await client.createSpgOffer(
        credentials,
        terminalId,
        spgOfferRequest('e2e-order-deleted', spgCurrency),
      );
      await client.deleteSpgOffer(credentials, terminalId, deleted.OfferId);
      await expect(
        client.getSpgOffer(credentials, terminalId, deleted.OfferId),
      ).resolves.toMatchObject({ Status: 'DISABLED' });
      expect((await admin.offer(deleted.OfferId)).Status).toBe('DISABLED');
    });

    it.each([
      ['{ Value, CurrencyCode } amounts', () => business, 'object'],
      ['flat "5.00" + MerchantCurrency amounts', () => flex, 'string'],
    ] as const)(
      'getTransactions normalizes %s to minor units; pages count from 1',
      async (_shape, who, rawType) => {
        const account = who();
        const page = await client.getTransactions(account.credentials, {
          ...REPORT_WINDOW,
          PageSize: 200,
          PageNumber: 1,
        });
        expect(page).toMatchObject({ pageNumber: 1, rawPageNumber: 0, pageNumberBase: 0 });
        expect(page.pageSize).toBe(200);
        expect(page.transactions.length).toBeGreaterThan(0);
        expect(page.transactions.length).toBeLessThanOrEqual(200);
        const stored = new Map(
          (await admin.transactions(account.customerId)).map((t) => [t.TransactionId, t]),
        );
        for (const transaction of page.transactions) {
          expect(typeof transaction.raw.MerchantAmount).toBe(rawType);
          const expected = stored.get(transaction.transactionId)?.MerchantAmount;
          expect(transaction.merchantAmount).toEqual({
            value: expected?.Value,
            currencyCode: expected?.CurrencyCode,
          });
          expect(transaction.customerId).toBe(account.customerId);
        }
      },
    );

    it('getTransactions pages through more than 2000 transactions with PageSize 2000', async () => {
      const query = { ...REPORT_WINDOW, PageSize: 2000 };
      const first = await client.getTransactions(business.credentials, { ...query, PageNumber: 1 });
      expect(first.pageSize).toBe(2000);
      expect(first.transactions).toHaveLength(2000);
      expect(first.totalTransactions).toBeGreaterThan(2000);
      expect(first.hasMore).toBe(true);
      const second = await client.getTransactions(business.credentials, {
        ...query,
        PageNumber: 2,
      });
      expect(second).toMatchObject({ pageNumber: 2, rawPageNumber: 1, hasMore: false });
      expect(second.transactions).toHaveLength(first.totalTransactions - 2000);
      const firstIds = new Set(first.transactions.map((t) => t.transactionId));
      expect(second.transactions.filter((t) => firstIds.has(t.transactionId))).toEqual([]);
    });

    it('getTransactions refuses PageSize 5000 before sending (the client allows 1..2000)', async () => {
      const before = await admin.requests({ operation: 'GetTransactions' });
      const error = await apiError(
        client.getTransactions(business.credentials, { ...REPORT_WINDOW, PageSize: 5000 }),
      );
      expect(error).toMatchObject({ kind: 'invalid-request', attempts: 0 });
      expect(await admin.requests({ operation: 'GetTransactions' })).toHaveLength(before.length);
    });

    it('all 13 Management API operations answered 200 in this block', async () => {
      const ok = await admin.requests({ status: 200 });
      expect([...new Set(ok.map((e) => e.operation))].sort()).toEqual(
        [...SANDBOX_OPERATIONS].sort(),
      );
    });
  });

  describe('retry policy against injected faults', () => {
    beforeEach(async () => {
      await admin.clearRequests();
    });

    it.each<[string, SandboxFaultInput, number | null]>([
      ['500 INTERNAL_ERROR, Behavior RETRY', { kind: 'error' }, 500],
      [
        '402 COMMUNICATION_TIMEOUT, Behavior RETRY_LATER',
        { kind: 'error', status: 402, errorName: 'COMMUNICATION_TIMEOUT', behavior: 'RETRY_LATER' },
        402,
      ],
      ['a proxy 502 without JSON body', { kind: 'html', status: 502 }, 502],
      ['a connection reset', { kind: 'reset' }, null],
    ])(
      '%s (count 1) is retried once and succeeds, with the same Saferpay-RequestId',
      async (_name, fault, firstStatus) => {
        await admin.addFault({
          ...fault,
          customerId: business.customerId,
          operation: 'GetTerminals',
          count: 1,
        });
        const terminals = await client.getTerminals(business.credentials);
        expect(terminals).toHaveLength(business.detail.terminals.length);

        const log = await settledLog({ customerId: business.customerId }, 2);
        expect(log.map((e) => [e.operation, e.status])).toEqual([
          ['GetTerminals', firstStatus],
          ['GetTerminals', 200],
        ]);
        expect(log[0]?.fault).toBeTruthy();
        expect(log[0]?.requestId).toMatch(/^[A-Za-z0-9.:\-_]{1,50}$/);
        expect(log[1]?.requestId).toBe(log[0]?.requestId);
      },
    );

    it('a retried POST (createSpgOffer after a 500 RETRY) reuses its RequestId and creates one offer', async () => {
      const offersBefore = (await admin.account(business.customerId)).counts.spgOffers;
      await admin.addFault({
        kind: 'error',
        customerId: business.customerId,
        operation: 'CreateSpgOffer',
        count: 1,
      });
      const created = await client.createSpgOffer(
        business.credentials,
        spgTerminal.terminalId,
        spgOfferRequest('e2e-order-retried', spgCurrency),
      );
      expect(created.OfferId).toEqual(expect.any(String));
      const log = await settledLog({ operation: 'CreateSpgOffer' }, 2);
      expect(log.map((e) => e.status)).toEqual([500, 200]);
      expect(log[1]?.requestId).toBe(log[0]?.requestId);
      expect((await admin.account(business.customerId)).counts.spgOffers).toBe(offersBefore + 1);
    });

    it('VALIDATION_FAILED (http SourceUrl, DO_NOT_RETRY) is not retried', async () => {
      const error = await apiError(
        client.createFieldsAccessToken(business.credentials, ecomTerminal.terminalId, {
          Description: 'E2E insecure shop',
          SourceUrls: ['http://shop.example/'],
        }),
      );
      expect(error).toMatchObject({
        kind: 'http',
        status: 400,
        errorName: 'VALIDATION_FAILED',
        behavior: 'DO_NOT_RETRY',
        attempts: 1,
        retryable: false,
        operation: 'createFieldsAccessToken',
      });
      expect(error.errorDetail).toContain('SourceUrls: Only HTTPS is allowed.');
      const log = await settledLog({ customerId: business.customerId });
      expect(log.map((e) => [e.operation, e.status, e.requestId])).toEqual([
        ['CreateFieldsAccessToken', 400, error.requestId],
      ]);
    });

    it('an injected 500 with Behavior DO_NOT_RETRY is not retried', async () => {
      const fault = await admin.addFault({
        kind: 'error',
        status: 500,
        errorName: 'INTERNAL_ERROR',
        behavior: 'DO_NOT_RETRY',
        customerId: business.customerId,
        operation: 'GetTerminal',
        count: 5,
      });
      const error = await apiError(
        client.getTerminal(business.credentials, ecomTerminal.terminalId),
      );
      expect(error).toMatchObject({
        status: 500,
        errorName: 'INTERNAL_ERROR',
        behavior: 'DO_NOT_RETRY',
        attempts: 1,
        retryable: false,
      });
      expect(await settledLog({ requestId: error.requestId })).toHaveLength(1);
      expect((await admin.faults()).find((f) => f.id === fault.id)?.fired).toBe(1);
    });

    it('a non-JSON 403 (firewall page) is a SaferpayApiError with status 403, no errorName, not retried', async () => {
      await admin.addFault({
        kind: 'html',
        customerId: business.customerId,
        operation: 'GetTerminals',
      });
      const error = await apiError(client.getTerminals(business.credentials));
      expect(error).toBeInstanceOf(SaferpayApiError);
      expect(error).toMatchObject({ kind: 'http', status: 403, attempts: 1, retryable: false });
      expect(error.errorName).toBeUndefined();
      expect(error.behavior).toBeUndefined();
      expect(error.message).not.toMatch(/<|Request Rejected/i);
      const log = await settledLog({ requestId: error.requestId });
      expect(log.map((e) => e.status)).toEqual([403]);
    });

    it('401 for a wrong password is not retried', async () => {
      const error = await apiError(client.getTerminals(essential.credentials));
      expect(error).toMatchObject({
        kind: 'http',
        status: 401,
        errorName: 'AUTHENTICATION_FAILED',
        attempts: 1,
        retryable: false,
      });
      const log = await settledLog({ customerId: essential.customerId });
      expect(log.map((e) => [e.status, e.requestId])).toEqual([[401, error.requestId]]);
    });

    it('an injected 401 (unauthorized fault) with right credentials is not retried either', async () => {
      await admin.addFault({ kind: 'unauthorized', customerId: business.customerId });
      const error = await apiError(client.getLicense(business.credentials));
      expect(error).toMatchObject({ status: 401, errorName: 'AUTHENTICATION_FAILED', attempts: 1 });
      expect(await settledLog({ customerId: business.customerId })).toHaveLength(1);
    });

    it.each([1, 2, 3])(
      'a hang times out after timeoutMs on each of maxAttempts = %i attempts',
      async (maxAttempts) => {
        await admin.addFault({
          kind: 'hang',
          customerId: business.customerId,
          operation: 'GetTerminal',
        });
        const hangingClient = newClient({ retry: { maxAttempts } });
        const started = Date.now();
        const error = await apiError(
          hangingClient.getTerminal(business.credentials, ecomTerminal.terminalId, {
            timeoutMs: 300,
          }),
        );
        const elapsed = Date.now() - started;
        expect(error).toBeInstanceOf(SaferpayTimeoutError);
        expect(error).toMatchObject({
          kind: 'timeout',
          status: undefined,
          attempts: maxAttempts,
          timeoutMs: 300,
          retryable: true,
        });
        expect(elapsed).toBeGreaterThanOrEqual(maxAttempts * 300 - 20);
        expect(elapsed).toBeLessThan(maxAttempts * 300 + FAST_RETRY.maxTotalDelayMs + 1_500);
        const log = await settledLog({ customerId: business.customerId }, maxAttempts);
        expect(log.map((e) => [e.requestId, e.status, e.aborted])).toEqual(
          Array.from({ length: maxAttempts }, () => [error.requestId, null, true]),
        );
      },
    );

    it('the total backoff budget (maxTotalDelayMs) ends retries before maxAttempts', async () => {
      await admin.addFault({ kind: 'error', customerId: business.customerId });
      const budgetClient = newClient({
        retry: { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 200, maxTotalDelayMs: 250 },
        random: () => 0.999, // (almost) the full backoff every time
      });
      const started = Date.now();
      const error = await apiError(budgetClient.getTerminals(business.credentials));
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({ status: 500, errorName: 'INTERNAL_ERROR', retryable: true });
      expect(error.attempts).toBeGreaterThanOrEqual(2);
      expect(error.attempts).toBeLessThan(10);
      expect(elapsed).toBeLessThan(250 + error.attempts * 100 + 1_000);
      expect(await settledLog({ requestId: error.requestId })).toHaveLength(error.attempts);
    });

    it('a latency fault only slows the call down', async () => {
      await admin.addFault({
        kind: 'latency',
        latencyMs: 250,
        customerId: business.customerId,
        operation: 'GetTerminal',
        count: 1,
      });
      const started = Date.now();
      const terminal = await client.getTerminal(business.credentials, ecomTerminal.terminalId);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
      expect(terminal.TerminalId).toBe(ecomTerminal.terminalId);
      const log = await settledLog({ customerId: business.customerId });
      expect(log.map((e) => e.status)).toEqual([200]);
      expect(log[0]?.durationMs).toBeGreaterThanOrEqual(240);
    });

    it('latency beyond timeoutMs times out the attempt; the retry succeeds with the same RequestId', async () => {
      await admin.addFault({
        kind: 'latency',
        latencyMs: 800,
        customerId: business.customerId,
        operation: 'GetTerminal',
        count: 1,
      });
      const terminal = await client.getTerminal(business.credentials, ecomTerminal.terminalId, {
        timeoutMs: 300,
      });
      expect(terminal.TerminalId).toBe(ecomTerminal.terminalId);
      const log = await settledLog({ customerId: business.customerId }, 2);
      expect(log.map((e) => [e.status, e.aborted])).toEqual([
        [null, true],
        [200, false],
      ]);
      expect(log[1]?.requestId).toBe(log[0]?.requestId);
    });
  });

  describe('transaction reports: one at a time per customer', () => {
    beforeEach(async () => {
      await admin.clearRequests();
    });

    const overlaps = (a: SandboxRequestLogEntry, b: SandboxRequestLogEntry): boolean =>
      Date.parse(a.startedAt) < Date.parse(b.finishedAt ?? '') &&
      Date.parse(b.startedAt) < Date.parse(a.finishedAt ?? '');

    it('the sandbox refuses parallel report requests of one customer (control, bare fetch)', async () => {
      const { customerId, username, password } = business.credentials;
      const query = new URLSearchParams({ ...REPORT_WINDOW, PageSize: '10' });
      const statuses = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const response = await fetch(
            `${sandbox.apiBaseUrl}/rest/customers/${customerId}/transactions?${query.toString()}`,
            {
              headers: {
                Accept: 'application/json',
                Authorization: `Basic ${basic(username, password)}`,
                'Saferpay-ApiVersion': '1.53',
                'Saferpay-RequestId': `e2e-parallel-${n}`,
              },
            },
          );
          await response.arrayBuffer();
          return response.status;
        }),
      );
      expect(statuses.filter((s) => s === 402).length).toBeGreaterThan(0);
      const refused = await admin.requests({ operation: 'GetTransactions', status: 402 });
      expect(refused.every((e) => e.errorName === 'ACTION_NOT_SUPPORTED')).toBe(true);
    });

    it('3 concurrent getTransactions per customer: zero refusals, serialized per customer, customers in parallel', async () => {
      const query = { ...REPORT_WINDOW, PageSize: 10 };
      const pages = await Promise.all(
        [business, flex].flatMap((account) =>
          [1, 2, 3].map((PageNumber) =>
            client.getTransactions(account.credentials, { ...query, PageNumber }),
          ),
        ),
      );
      expect(pages.map((p) => p.pageNumber)).toEqual([1, 2, 3, 1, 2, 3]);

      const log = await settledLog({ operation: 'GetTransactions' }, 6);
      // Exactly six requests, all 200: no refusal and therefore no retry.
      expect(log.map((e) => e.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const lanes = [business, flex].map((account) =>
        log.filter((e) => e.customerId === account.customerId),
      );
      for (const lane of lanes) {
        expect(lane).toHaveLength(3);
        for (let i = 1; i < lane.length; i += 1) {
          const previous = lane[i - 1];
          const current = lane[i];
          if (!previous || !current) throw new Error('missing log entry');
          expect(Date.parse(current.startedAt)).toBeGreaterThanOrEqual(
            Date.parse(previous.finishedAt ?? ''),
          );
        }
      }
      const [businessLane = [], flexLane = []] = lanes;
      expect(businessLane.some((b) => flexLane.some((f) => overlaps(b, f)))).toBe(true);
    });
  });

  describe('secrets never appear in log lines or errors', () => {
    const SENTINEL_PASSWORD = 'SENTINEL-pw-Zq8x41f2e3d4c';
    const SENTINEL_WRONG_PASSWORD = 'SENTINEL-wrong-pw-9a8b7c6d';

    beforeAll(async () => {
      await admin.patchAccount(flex.customerId, {
        password: SENTINEL_PASSWORD,
        givenPassword: SENTINEL_PASSWORD,
      });
    });

    afterAll(async () => {
      await admin.patchAccount(flex.customerId, {
        password: flex.summary.password,
        givenPassword: flex.summary.givenCredentials.password,
      });
    });

    it('credentials, Basic header, Fields access tokens and SPG offer ids stay out of logs, messages and toJSON', async () => {
      const logger = capturingLogger();
      const secretClient = newClient({ logger });
      const { customerId, username } = flex.credentials;
      const credentials = { customerId, username, password: SENTINEL_PASSWORD };
      const wrongCredentials = { customerId, username, password: SENTINEL_WRONG_PASSWORD };
      const ecom = flex.detail.terminals.find((t) => t.type === 'ECOM');
      const spg = flex.detail.terminals.find((t) => t.type === 'SPG');
      const currency = spg?.paymentMethods.flatMap((m) => m.currencies)[0];
      if (!ecom || !spg || !currency) throw new Error('flex account lacks ECOM/SPG terminals');
      const tokenRequest = { Description: 'E2E secrets', SourceUrls: ['https://shop.example/'] };
      const errors: SaferpayApiError[] = [];
      const failing = async (promise: Promise<unknown>) => errors.push(await apiError(promise));

      // Successes (debug lines).
      await secretClient.getTerminals(credentials);
      const { AccessToken: deletedToken } = await secretClient.createFieldsAccessToken(
        credentials,
        ecom.terminalId,
        tokenRequest,
      );
      await secretClient.deleteFieldsAccessToken(credentials, ecom.terminalId, deletedToken);
      const { AccessToken: liveToken } = await secretClient.createFieldsAccessToken(
        credentials,
        ecom.terminalId,
        tokenRequest,
      );
      const { OfferId: offerId } = await secretClient.createSpgOffer(
        credentials,
        spg.terminalId,
        spgOfferRequest('e2e-order-secret', currency),
      );
      await secretClient.getSpgOffer(credentials, spg.terminalId, offerId);

      // Failures (warn lines and errors): a token that no longer exists (TOKEN_INVALID),
      await failing(
        secretClient.deleteFieldsAccessToken(credentials, ecom.terminalId, deletedToken),
      );
      // error texts echoing every secret of the call (retried, then given up),
      const echo = (callSecret: string) =>
        [SENTINEL_PASSWORD, username, basic(username, SENTINEL_PASSWORD), callSecret].join(' ');
      await admin.addFault({
        kind: 'error',
        customerId,
        operation: 'DeleteFieldsAccessToken',
        errorMessage: `echo ${echo(liveToken)}`,
        errorDetail: [`detail ${echo(liveToken)}`],
      });
      await failing(secretClient.deleteFieldsAccessToken(credentials, ecom.terminalId, liveToken));
      await admin.addFault({
        kind: 'error',
        customerId,
        operation: 'GetSpgOffer',
        behavior: 'DO_NOT_RETRY',
        errorMessage: `echo ${echo(offerId)}`,
      });
      await failing(secretClient.getSpgOffer(credentials, spg.terminalId, offerId));
      // a wrong password, a firewall page, a hang and a reset.
      await failing(secretClient.getTerminals(wrongCredentials));
      await admin.addFault({ kind: 'html', customerId, operation: 'GetTerminals', count: 1 });
      await failing(secretClient.getTerminals(credentials));
      await admin.addFault({ kind: 'hang', customerId, operation: 'GetTerminal' });
      await failing(secretClient.getTerminal(credentials, ecom.terminalId, { timeoutMs: 300 }));
      await admin.addFault({
        kind: 'reset',
        customerId,
        operation: 'GetPaymentPageConfigurations',
      });
      await failing(secretClient.getPaymentPageConfigurations(credentials));

      expect(errors.map((e) => e.status ?? e.kind)).toEqual([
        402,
        500,
        500,
        401,
        403,
        'timeout',
        'network',
      ]);
      expect(logger.lines.filter((l) => l.level === 'warn').length).toBeGreaterThanOrEqual(7);
      expect(logger.lines.filter((l) => l.level === 'debug').length).toBeGreaterThanOrEqual(6);

      const haystack = [
        ...logger.lines.map((line) => `${line.msg} ${JSON.stringify(line.obj)}`),
        ...errors.flatMap((error) => [
          error.message,
          error.stack ?? '',
          JSON.stringify(error),
          JSON.stringify(error.toJSON()),
          inspect(error, { depth: 10 }),
        ]),
      ].join('\n');
      const secrets = {
        password: SENTINEL_PASSWORD,
        wrongPassword: SENTINEL_WRONG_PASSWORD,
        username,
        basic: basic(username, SENTINEL_PASSWORD),
        wrongBasic: basic(username, SENTINEL_WRONG_PASSWORD),
        deletedToken,
        liveToken,
        offerId,
      };
      for (const [name, secret] of Object.entries(secrets)) {
        expect({ name, leaked: haystack.includes(secret) }).toEqual({ name, leaked: false });
      }
      expect(haystack).not.toContain('SENTINEL');
      // Not vacuous: the echoed texts arrived, redacted.
      expect(errors[1]?.errorMessage).toContain('[REDACTED]');
      expect(errors[1]?.errorDetail?.join(' ')).toContain('[REDACTED]');
      expect(errors[2]?.errorMessage).toContain('[REDACTED]');
      expect(haystack).toContain(customerId);
    });
  });
});
