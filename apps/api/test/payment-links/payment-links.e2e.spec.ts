import type { Schemas } from '@platform/api-types';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import { DataSource } from 'typeorm';
import type { JobContext } from '@api/jobs/job-handler.decorator';
import { PaymentLinksSync } from '@api/payment-links/payment-links-sync';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, expectProblem } from '../support/http';
import { registerSandboxAccounts, waitForJob } from '../support/sandbox-accounts';
import { startTestApp, type TestApp } from '../support/test-app';

type Created = Schemas['CreatedPaymentLinkDto'];
type Link = Schemas['PaymentLinkDto'];
type Deleted = Schemas['DeletedPaymentLinkDto'];
type Page = Schemas['PaymentLinkPageDto'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** `yyyy-MM-ddTHH:mm:ss+02:00` for an instant `ms` from now. */
function expiresIn(ms: number, offset = '+02:00'): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const wall = new Date(Date.now() + ms + minutes * 60_000).toISOString().slice(0, 19);
  return `${wall}${offset}`;
}

/**
 * Secure PayGate links against the sandbox process (demo fixture: customer 123456 has SPG
 * terminal 1000002 with CHF/EUR, configs default/special/event; 345678 has wrong credentials).
 */
describe('payment links (Secure PayGate) against the sandbox', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let franchiseId: string;
  let accountId: string;
  let rejectedAccountId: string;
  let order = 0;

  const api = <T>(path: string, init: Parameters<typeof call>[2] = {}, key = tenant.operatorKey) =>
    call<T>(t.baseUrl, path, { key, ...init });
  const body = (overrides: Record<string, unknown> = {}) => ({
    terminalId: '1000002',
    amount: { value: 1050, currency: 'CHF' },
    orderId: `INV-${Date.now()}-${(order += 1)}`,
    description: 'Invoice 42',
    expirationDate: expiresIn(7 * DAY),
    payer: {
      languageCode: 'de',
      billingAddress: { firstName: 'Anna', lastName: 'Meier', countryCode: 'ch', zip: '8000' },
    },
    ...overrides,
  });
  const create = (json: unknown, headers: Record<string, string> = {}, id = accountId) =>
    api<Created>(`/merchant-accounts/${id}/payment-links`, { method: 'POST', json, headers });
  const spgCreates = () =>
    sandbox.admin.requests({ customerId: '123456', operation: 'CreateSpgOffer' });

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ fixture: 'apps/saferpay-sandbox/fixtures/demo.json' });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_TIMEOUT_MS: '700',
    });
    tenant = await newTenant(t.app);
    other = await newTenant(t.app);
    franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;
    const accounts = (await sandbox.admin.accounts()).filter((a) =>
      ['123456', '345678'].includes(a.customerId),
    );
    const registered = await registerSandboxAccounts(
      t.baseUrl,
      tenant.operatorKey,
      franchiseId,
      accounts,
    );
    await waitForJob(t.baseUrl, tenant.operatorKey, registered.job.id);
    accountId = registered.accounts.find((a) => a.customerId === '123456')!.id;
    rejectedAccountId = registered.accounts.find((a) => a.customerId === '345678')!.id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('creates an OPEN link at Saferpay with the email text, ConfigSet matched in any casing', async () => {
    const response = await create(
      body({
        configSet: 'SPECIAL',
        maxPaymentAttempts: 3,
        registerAlias: true,
        condition: 'WITH_SUCCESSFUL_THREE_DS_CHALLENGE',
        billingAddressForm: { addressSource: 'SAFERPAY', mandatoryFields: ['CITY', 'ZIP'] },
        renderEmail: { locale: 'de', payerName: 'Anna Meier' },
      }),
    );
    expect(response.status).toBe(201);
    const { link, emailText, replayed } = response.body;
    expect(replayed).toBe(false);
    expect(link).toMatchObject({ status: 'OPEN', terminalId: '1000002', amount: { value: 1050 } });
    expect(link.paymentLink).toMatch(/\/SecurePayGate\/Payment\/123456\/1000002\//);
    expect(emailText).toContain(link.paymentLink);
    expect(emailText).toContain('CHF 10.50');
    expect(emailText).toMatch(/^Guten Tag Anna Meier,/);
    const offer = await sandbox.admin.offer(link.offerId!);
    expect(offer).toMatchObject({ Status: 'OPEN', configSet: 'special', maxPaymentAttempts: 3 });
    expect(offer.request).toMatchObject({
      RegisterAlias: { IdGenerator: 'RANDOM' },
      Payer: { BillingAddress: { CountryCode: 'CH' } },
      BillingAddressForm: { AddressSource: 'SAFERPAY', MandatoryFields: ['CITY', 'ZIP'] },
    });
  });

  describe('validates every rule before Saferpay is called', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an ECOM terminal', { terminalId: '1000001' }, '/terminalId'],
      ['an unknown terminal', { terminalId: '99999999' }, '/terminalId'],
      [
        'a currency not enabled on the SPG terminal',
        { amount: { value: 100, currency: 'USD' } },
        '/amount/currency',
      ],
      [
        'a currency that is no ISO code',
        { amount: { value: 100, currency: 'XYZ' } },
        '/amount/currency',
      ],
      ['an amount of 0', { amount: { value: 0, currency: 'CHF' } }, '/amount/value'],
      ['a fractional amount', { amount: { value: 10.5, currency: 'CHF' } }, '/amount/value'],
      ['an amount as a string', { amount: { value: '100', currency: 'CHF' } }, '/amount/value'],
      ['an absurd amount', { amount: { value: 2e14, currency: 'CHF' } }, '/amount/value'],
      ['an unknown ConfigSet', { configSet: 'gala' }, '/configSet'],
      ['a ConfigSet longer than 20', { configSet: 'a'.repeat(21) }, '/configSet'],
      ['MaxPaymentAttempts 2', { maxPaymentAttempts: 2 }, '/maxPaymentAttempts'],
      [
        'a bare expiration date',
        { expirationDate: expiresIn(DAY).slice(0, 10) },
        '/expirationDate',
      ],
      [
        'fractions in the expiration',
        { expirationDate: '2030-01-01T00:00:00.000Z' },
        '/expirationDate',
      ],
      ['an impossible date', { expirationDate: '2030-02-30T00:00:00Z' }, '/expirationDate'],
      ['expiry in 59 minutes', { expirationDate: expiresIn(59 * 60_000, 'Z') }, '/expirationDate'],
      ['expiry in 181 days', { expirationDate: expiresIn(181 * DAY, '-05:00') }, '/expirationDate'],
      ['an order id with a space', { orderId: 'INV 42' }, '/orderId'],
      ['an order id of 81 characters', { orderId: 'x'.repeat(81) }, '/orderId'],
      ['an empty description', { description: '  ' }, '/description'],
      ['a description of 101 characters', { description: 'd'.repeat(101) }, '/description'],
      ['no payer', { payer: undefined }, '/payer'],
      ['a bad language code', { payer: { languageCode: 'german' } }, '/payer/languageCode'],
      ['a bad payer IP', { payer: { ipAddress: '300.1.1.1' } }, '/payer/ipAddress'],
      [
        'a three-letter country',
        { payer: { billingAddress: { countryCode: 'CHE' } } },
        '/payer/billingAddress/countryCode',
      ],
      [
        'a first name of 101 characters',
        { payer: { billingAddress: { firstName: 'A'.repeat(101) } } },
        '/payer/billingAddress/firstName',
      ],
      [
        'a bad email',
        { payer: { billingAddress: { email: 'anna@' } } },
        '/payer/billingAddress/email',
      ],
      [
        'a bad subdivision',
        { payer: { billingAddress: { countrySubdivisionCode: 'CH_ZH' } } },
        '/payer/billingAddress/countrySubdivisionCode',
      ],
      [
        'a bad gender',
        { payer: { billingAddress: { gender: 'X' } } },
        '/payer/billingAddress/gender',
      ],
      [
        'a VAT number of 26 characters',
        { payer: { billingAddress: { vatNumber: 'V'.repeat(26) } } },
        '/payer/billingAddress/vatNumber',
      ],
      [
        'a bad date of birth',
        { payer: { billingAddress: { dateOfBirth: '31.05.1990' } } },
        '/payer/billingAddress/dateOfBirth',
      ],
      [
        'an unknown address source',
        { billingAddressForm: { addressSource: 'ASK' } },
        '/billingAddressForm/addressSource',
      ],
      [
        'an unknown mandatory field',
        { billingAddressForm: { addressSource: 'SAFERPAY', mandatoryFields: ['AGE'] } },
        '/billingAddressForm/mandatoryFields',
      ],
      ['an unknown condition', { condition: 'ALWAYS' }, '/condition'],
      ['an unknown email locale', { renderEmail: { locale: 'es' } }, '/renderEmail/locale'],
      ['an unknown property', { tip: 5 }, '/tip'],
    ];
    it.each(cases)('refuses %s', async (_name, overrides, pointer) => {
      const before = (await spgCreates()).length;
      const problem = expectProblem(await create(body(overrides)), 400, 'validation-failed');
      expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
      expect((await spgCreates()).length).toBe(before);
    });

    it('refuses an Idempotency-Key over 255 characters', async () => {
      const problem = expectProblem(
        await create(body(), { 'Idempotency-Key': 'k'.repeat(256) }),
        400,
        'validation-failed',
      );
      expect(problem.errors?.[0]?.pointer).toBe('/header/idempotency-key');
    });

    it('answers 422 for an account that is not usable (credentials rejected)', async () => {
      const before = (await spgCreates()).length;
      expectProblem(await create(body(), {}, rejectedAccountId), 422, 'unprocessable');
      expect((await spgCreates()).length).toBe(before);
    });
  });

  it('same Idempotency-Key and body: the same link and ONE offer at Saferpay; another body: 422', async () => {
    const key = `idem-${Date.now()}`;
    const payload = body();
    const before = (await spgCreates()).length;
    const first = await create(payload, { 'Idempotency-Key': key });
    const second = await create(payload, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.link.id).toBe(first.body.link.id);
    expect(second.body.replayed).toBe(true);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await spgCreates()).length).toBe(before + 1);
    const changed = await create(
      { ...payload, description: 'Another invoice' },
      {
        'Idempotency-Key': key,
      },
    );
    expectProblem(changed, 422, 'unprocessable');
  });

  it('an uncertain create (Saferpay hangs) is retried with the same Idempotency-Key and the same RequestId', async () => {
    const key = `hang-${Date.now()}`;
    const payload = body();
    await sandbox.admin.addFault({ kind: 'hang', operation: 'CreateSpgOffer', count: 3 });
    const before = (await spgCreates()).length;
    const first = await create(payload, { 'Idempotency-Key': key });
    expectProblem(first, 503, 'not-ready');
    const retried = await create(payload, { 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    expect(retried.body.link.status).toBe('OPEN');
    const calls = (await spgCreates()).slice(before);
    expect(calls.length).toBe(4); // three hung attempts, one answered retry
    expect(new Set(calls.map((c) => c.requestId)).size).toBe(1);
  });

  it('syncs PAID with the transaction id, EXPIRED, and voids (DISABLED) with the notice', async () => {
    const paid = (await create(body())).body.link;
    const { transaction } = await sandbox.admin.payOffer(paid.offerId!);
    const refreshed = await api<Link>(`/payment-links/${paid.id}/refresh`, { method: 'POST' });
    expect(refreshed.status).toBe(200); // as documented: a refresh creates nothing
    expect(refreshed.body).toMatchObject({
      status: 'PAID',
      transactionId: transaction.TransactionId,
    });
    expectProblem(await api(`/payment-links/${paid.id}`, { method: 'DELETE' }), 409, 'conflict');

    const expiring = (await create(body())).body.link;
    await sandbox.admin.expireOffer(expiring.offerId!);
    const expired = await api<Link>(`/payment-links/${expiring.id}/refresh`, { method: 'POST' });
    expect(expired.body.status).toBe('EXPIRED');

    const voided = (await create(body())).body.link;
    const deleted = await api<Deleted>(`/payment-links/${voided.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.body.link.status).toBe('DISABLED');
    expect(deleted.body.notice).toMatch(/payment session .* already started is not stopped/);
    expect((await sandbox.admin.offer(voided.offerId!)).Status).toBe('DISABLED');
    expect((await api<Link>(`/payment-links/${voided.id}`)).body.status).toBe('DISABLED');
  });

  it('a started payment session still completes after delete; the scheduled sync sees PAID', async () => {
    const link = (await create(body())).body.link;
    await sandbox.admin.openOffer(link.offerId!);
    await api(`/payment-links/${link.id}`, { method: 'DELETE' });
    const { transaction } = await sandbox.admin.payOffer(link.offerId!);
    // The sync reads links not read for a while: make this one old.
    await t.app
      .get(DataSource)
      .query(
        `UPDATE payment_links SET status = 'OPEN', last_synced_at = now() - interval '1 day' WHERE id = $1`,
        [link.id],
      );
    const context = {
      signal: new AbortController().signal,
      stopping: new AbortController().signal,
      reportProgress: () => Promise.resolve(),
    } as unknown as JobContext;
    const result = await t.app.get(PaymentLinksSync).run(context);
    expect(result.synced).toBeGreaterThanOrEqual(1);
    expect((await api<Link>(`/payment-links/${link.id}`)).body).toMatchObject({
      status: 'PAID',
      transactionId: transaction.TransactionId,
    });
  });

  it('lists per account and franchise with filters', async () => {
    const byStatus = await api<Page>(`/merchant-accounts/${accountId}/payment-links?status=paid`);
    expect(byStatus.body.items.length).toBeGreaterThanOrEqual(1);
    expect(byStatus.body.items.every((l) => l.status === 'PAID')).toBe(true);
    const one = byStatus.body.items[0];
    const byOrder = await api<Page>(
      `/franchises/${franchiseId}/payment-links?orderId=${one.orderId}`,
    );
    expect(byOrder.body.items.map((l) => l.id)).toEqual([one.id]);
    const all = await api<Page>(`/franchises/${franchiseId}/payment-links?limit=2`);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toEqual(expect.any(String));
  });

  it('another tenant gets 404 for the account, its links and every link operation', async () => {
    const link = (await create(body())).body.link;
    const key = other.operatorKey;
    expectProblem(await api(`/payment-links/${link.id}`, {}, key), 404, 'not-found');
    expectProblem(await api(`/payment-links/${link.id}/refresh`, { method: 'POST' }, key), 404);
    expectProblem(await api(`/payment-links/${link.id}`, { method: 'DELETE' }, key), 404);
    expectProblem(await api(`/merchant-accounts/${accountId}/payment-links`, {}, key), 404);
    expectProblem(await api(`/franchises/${franchiseId}/payment-links`, {}, key), 404);
    const post = await call(t.baseUrl, `/merchant-accounts/${accountId}/payment-links`, {
      method: 'POST',
      key,
      json: body(),
    });
    expectProblem(post, 404, 'not-found');
    expect((await api<Link>(`/payment-links/${link.id}`)).body.status).toBe('OPEN');
  });
});
