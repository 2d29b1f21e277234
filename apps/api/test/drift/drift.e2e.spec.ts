import type { Schemas } from '@platform/api-types';
import {
  startSandboxProcess,
  type SandboxAccountSummary,
  type SandboxProcess,
} from '@platform/testing';
import { DriftScheduler } from '@api/drift/drift-scheduler';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, expectProblem } from '../support/http';
import { registerSandboxAccounts, waitForJob as waitForJobOf } from '../support/sandbox-accounts';
import { startTestApp, type TestApp } from '../support/test-app';
import { Receiver } from '../support/webhook-receiver';

type Job = Schemas['JobDto'];
type Account = Schemas['MerchantAccountDto'];
type EventPage = Schemas['EventPageDto'];
type Event = Schemas['EventDto'];

/**
 * Drift checks against the sandbox: accounts lose a payment method or a currency through
 * the sandbox's admin API, a check finds it, and the events, the compliance change and the
 * account states say so.
 */
describe('drift checks, policies and events', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let franchiseId: string;
  let accounts: SandboxAccountSummary[];
  const ours = new Map<string, Account>();
  /** The ECOM terminal of each account that carries TWINT. */
  const ecomTerminal = new Map<string, string>();
  const receiver = new Receiver();

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 5, seed: 21 });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
      DRIFT_RETRY_BASE_MS: '50',
      DRIFT_MAX_ATTEMPTS: '2',
      WEBHOOK_DISPATCH_ENABLED: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '50',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    await receiver.start();
    tenant = await newTenant(t.app);
    other = await newTenant(t.app);
    franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;
    accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid).slice(0, 4);
    expect(accounts).toHaveLength(4);
    // Every account offers TWINT in CHF and EUR on an ECOM terminal, so all meet the policy.
    for (const account of accounts) {
      const detail = await sandbox.admin.account(account.customerId);
      let ecom = detail.terminals.find((terminal) => terminal.type === 'ECOM');
      ecom ??= await sandbox.admin.addTerminal(account.customerId, { type: 'ECOM' });
      ecomTerminal.set(account.customerId, ecom.terminalId);
      await sandbox.admin.setPaymentMethod(
        account.customerId,
        ecom.terminalId,
        { paymentMethod: 'TWINT', currencies: ['CHF', 'EUR'] },
        'ECOM',
      );
    }
    const registered = await registerSandboxAccounts(
      t.baseUrl,
      tenant.operatorKey,
      franchiseId,
      accounts,
    );
    expect((await waitForJob(registered.job.id)).status).toBe('succeeded');
    await refreshAccounts();
  }, 120_000);

  afterAll(async () => {
    await receiver.stop();
    await t?.close();
    await sandbox?.stop();
  });

  const waitForJob = (id: string): Promise<Job> => waitForJobOf(t.baseUrl, tenant.operatorKey, id);

  async function refreshAccounts(): Promise<void> {
    const page = await call<Schemas['MerchantAccountPageDto']>(
      t.baseUrl,
      `/franchises/${franchiseId}/merchant-accounts?limit=200`,
      { key: tenant.operatorKey },
    );
    for (const account of page.body.items) ours.set(account.customerId, account);
  }

  const accountOf = (index: number): Account => ours.get(accounts[index].customerId)!;

  async function check(json: Record<string, string> = {}): Promise<Job> {
    const started = await call<Schemas['DriftCheckStartedDto']>(t.baseUrl, '/drift-checks', {
      method: 'POST',
      key: tenant.operatorKey,
      json,
    });
    expect(started.status).toBe(202);
    const job = await waitForJob(started.body.job.id);
    await refreshAccounts();
    return job;
  }

  async function events(query: string): Promise<Event[]> {
    const page = await call<EventPage>(t.baseUrl, `/events?limit=200&${query}`, {
      key: tenant.operatorKey,
    });
    expect(page.status).toBe(200);
    return page.body.items;
  }

  it('validates a policy with pointers to each bad field', async () => {
    const response = await call(t.baseUrl, `/franchises/${franchiseId}/policy`, {
      method: 'PUT',
      key: tenant.operatorKey,
      json: {
        requiredFeatures: ['  '],
        requiredPaymentMethods: [
          { paymentMethod: 'TWINT', currencies: ['CHF', 'XYZ'], terminalType: 'ECOM' },
          { paymentMethod: 'VISA', currencies: ['EUR'], terminalType: 'POS' },
        ],
      },
    });
    const problem = expectProblem(response, 400);
    const pointers = (problem.errors ?? []).map((error) => error.pointer).sort();
    expect(pointers).toEqual([
      '/requiredFeatures/0',
      '/requiredPaymentMethods/0/currencies/1',
      '/requiredPaymentMethods/1/terminalType',
    ]);
    expect(JSON.stringify(problem.errors)).toContain('XYZ');
    const notAnArray = await call(t.baseUrl, `/franchises/${franchiseId}/policy`, {
      method: 'PUT',
      key: tenant.operatorKey,
      json: { requiredWallets: 'APPLEPAY' },
    });
    expectProblem(notAnArray, 400);
  });

  it('judges every account by a new policy at once', async () => {
    const put = await call<Schemas['PolicyDto']>(t.baseUrl, `/franchises/${franchiseId}/policy`, {
      method: 'PUT',
      key: tenant.operatorKey,
      json: {
        requiredPaymentMethods: [
          { paymentMethod: ' twint ', currencies: ['chf'], terminalType: 'ecom' },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      version: 1,
      requiredPaymentMethods: [
        { paymentMethod: 'TWINT', currencies: ['CHF'], terminalType: 'ECOM' },
      ],
      evaluated: { accounts: 4, compliant: 4, nonCompliant: 0, events: 0 },
    });
    await refreshAccounts();
    for (let i = 0; i < 4; i += 1) {
      expect(accountOf(i)).toMatchObject({
        state: 'ready',
        compliance: { compliant: true, gaps: [], policyVersion: 1 },
      });
    }
  });

  it('finds a removed payment method and a removed currency, with events and compliance', async () => {
    const [a, b] = [accounts[0], accounts[1]];
    await sandbox.admin.removePaymentMethod(
      a.customerId,
      ecomTerminal.get(a.customerId)!,
      'TWINT',
      'ECOM',
    );
    await sandbox.admin.setPaymentMethod(
      b.customerId,
      ecomTerminal.get(b.customerId)!,
      { paymentMethod: 'TWINT', currencies: ['EUR'] },
      'ECOM',
    );
    await sandbox.admin.clearRequests();
    // The integrator's receiver wants removals and policy violations.
    const hookPath = receiver.path();
    const endpoint = await call<Schemas['WebhookEndpointWithSecretDto']>(
      t.baseUrl,
      '/webhook-endpoints',
      {
        method: 'POST',
        key: tenant.operatorKey,
        json: {
          url: receiver.url(hookPath),
          eventTypes: ['capability.removed', 'compliance.violated'],
        },
      },
    );
    expect(endpoint.status).toBe(201);

    const job = await check();
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { total: 4, done: 4, failed: 0, percent: 100 },
      result: { accounts: 4, changed: 2, unchanged: 2, failed: 0 },
    });
    // Each account read once: every read starts with one GetLicense (a fallback follows it).
    const reads = (await sandbox.admin.requests({ operation: 'GetLicense' })).map(
      (r) => r.customerId,
    );
    expect(reads.sort()).toEqual(accounts.map((a) => a.customerId).sort());

    const removed = await events('type=capability.removed');
    expect(removed).toHaveLength(2);
    const methodGone = removed.find((e) => e.accountId === accountOf(0).id)!;
    expect(methodGone).toMatchObject({
      franchiseId,
      subject: { kind: 'payment_method', code: 'TWINT' },
      before: { currencies: ['CHF', 'EUR'] },
      after: null,
      snapshotVersionBefore: 1,
      snapshotVersionAfter: 2,
      driftCheckId: job.id,
    });
    expect(methodGone.summary).toMatch(/TWINT/);
    const currencyGone = removed.find((e) => e.accountId === accountOf(1).id)!;
    expect(currencyGone).toMatchObject({
      subject: { kind: 'currency', code: 'CHF', paymentMethod: 'TWINT' },
      snapshotVersionBefore: 1,
      snapshotVersionAfter: 2,
    });

    const violated = await events('type=compliance.violated');
    expect(violated.map((e) => e.accountId).sort()).toEqual(
      [accountOf(0).id, accountOf(1).id].sort(),
    );
    expect(accountOf(0)).toMatchObject({
      state: 'non_compliant',
      stateReason: 'POLICY_GAPS',
      latestSnapshotVersion: 2,
      compliance: {
        compliant: false,
        gaps: [{ kind: 'payment_method', code: 'TWINT', terminalType: 'ECOM' }],
      },
    });
    expect(accountOf(1).compliance).toMatchObject({
      compliant: false,
      gaps: [{ kind: 'currency', code: 'CHF', paymentMethod: 'TWINT', terminalType: 'ECOM' }],
    });
    expect(accountOf(2)).toMatchObject({ state: 'ready', latestSnapshotVersion: 1 });

    const compliance = await call<Schemas['FranchiseComplianceDto']>(
      t.baseUrl,
      `/franchises/${franchiseId}/compliance`,
      { key: tenant.operatorKey },
    );
    expect(compliance.body.summary).toBe('2 of 4 accounts meet the franchise policy.');

    // Each of those four events reached the receiver once, signed per Standard Webhooks, and
    // the receiver checks the signature with the independent `standardwebhooks` package.
    for (let i = 0; i < 200 && receiver.at(hookPath).length < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const delivered = receiver.at(hookPath);
    const verifier = new Webhook(endpoint.body.secret);
    const payloads = delivered.map(
      (request) =>
        verifier.verify(request.body, request.headers as Record<string, string>) as {
          type: string;
          data: Event;
        },
    );
    expect(payloads.map((p) => p.data.id).sort()).toEqual(
      [...removed, ...violated].map((e) => e.id).sort(),
    );
    expect(delivered.map((request) => request.headers['webhook-id']).sort()).toEqual(
      payloads.map((p) => p.data.id).sort(),
    );
    const removedPayload = payloads.find((p) => p.data.id === methodGone.id)!;
    expect(removedPayload).toMatchObject({
      type: 'capability.removed',
      data: { subject: { code: 'TWINT' }, snapshotVersionBefore: 1, snapshotVersionAfter: 2 },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        delivered[0].body,
        delivered[0].headers as Record<string, string>,
      ),
    ).toThrow();

    // The matrix shows the policy: the required row highlighted, each column's gaps.
    const matrix = await call<Schemas['CapabilityMatrixDto']>(
      t.baseUrl,
      `/franchises/${franchiseId}/capability-matrix`,
      { key: tenant.operatorKey },
    );
    expect(matrix.body.compliance).toMatchObject({ policyVersion: 1, compliant: 2, of: 4 });
    const required = matrix.body.rows.filter((row) => row.required).map((row) => row.key);
    expect(required).toEqual(['payment_method:TWINT:CHF']);
    const column = matrix.body.columns.find((c) => c.accountId === accountOf(0).id)!;
    expect(column.compliance).toMatchObject({ compliant: false, gaps: [{ code: 'TWINT' }] });
    const csv = await call(t.baseUrl, `/franchises/${franchiseId}/capability-matrix`, {
      key: tenant.operatorKey,
      headers: { accept: 'text/csv' },
    });
    expect(csv.text.split('\r\n')[1]).toMatch(
      /^compliance,Meets the franchise policy,policy,,2,4,/,
    );
    expect(csv.text.split('\r\n')[1]).toContain('no: No ECOM terminal offers TWINT.');

    // A second check with nothing changed writes no version and no event.
    const again = await check();
    expect(again.result).toMatchObject({ changed: 0, unchanged: 4, events: 0 });
    expect(await events('type=capability.removed')).toHaveLength(2);
  });

  it('restores compliance when the method comes back (account-level check)', async () => {
    const a = accounts[0];
    await sandbox.admin.setPaymentMethod(
      a.customerId,
      ecomTerminal.get(a.customerId)!,
      { paymentMethod: 'TWINT', currencies: ['CHF'] },
      'ECOM',
    );
    const job = await check({ accountId: accountOf(0).id });
    expect(job.result).toMatchObject({ accounts: 1, changed: 1 });
    expect(accountOf(0)).toMatchObject({ state: 'ready', latestSnapshotVersion: 3 });
    const restored = await events(`type=compliance.restored&accountId=${accountOf(0).id}`);
    expect(restored).toHaveLength(1);
    expect(restored[0].before).toEqual([expect.objectContaining({ code: 'TWINT' })]);
    expect(await events(`type=capability.added&accountId=${accountOf(0).id}`)).toHaveLength(1);
  });

  it('lists events a page at a time, newest first, with filters', async () => {
    const all = await events(`franchiseId=${franchiseId}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: EventPage } = await call<EventPage>(
        t.baseUrl,
        `/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key: tenant.operatorKey },
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    const times = all.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const multi = await events('type=capability.removed,compliance.restored');
    expect(new Set(multi.map((e) => e.type))).toEqual(
      new Set(['capability.removed', 'compliance.restored']),
    );
    expectProblem(await call(t.baseUrl, '/events?type=nope', { key: tenant.operatorKey }), 400);
  });

  it('retries a transient Saferpay failure with backoff, then reports the account', async () => {
    const c = accounts[2];
    await sandbox.admin.addFault({
      kind: 'error',
      customerId: c.customerId,
      operation: 'GetTerminals',
      status: 500,
      errorName: 'INTERNAL_ERROR',
      behavior: 'RETRY',
    });
    try {
      await sandbox.admin.clearRequests();
      const job = await check({ accountId: accountOf(2).id });
      expect(job).toMatchObject({
        status: 'succeeded',
        result: { accounts: 1, failed: 1, retried: 1, errors: [{ code: 'INTERNAL_ERROR' }] },
      });
      expect(accountOf(2)).toMatchObject({
        state: 'needs_attention',
        stateReason: 'INTERNAL_ERROR',
      });
      // DRIFT_MAX_ATTEMPTS=2: two reads of the license, not a storm.
      const reads = await sandbox.admin.requests({
        customerId: c.customerId,
        operation: 'GetLicense',
      });
      expect(reads).toHaveLength(2);
    } finally {
      await sandbox.admin.clearFaults(c.customerId);
    }
    const healed = await check({ accountId: accountOf(2).id });
    expect(healed.result).toMatchObject({ failed: 0 });
    expect(accountOf(2).state).toBe('ready');
  });

  it('reports rejected credentials once, and later checks leave the account alone', async () => {
    const d = accounts[3];
    await sandbox.admin.patchAccount(d.customerId, { password: 'changed-in-the-backoffice' });
    const job = await check();
    expect(job.result).toMatchObject({ failed: 1 });
    expect(accountOf(3)).toMatchObject({ state: 'credentials_rejected' });
    const rejected = await events(`type=credentials.rejected&accountId=${accountOf(3).id}`);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].after).toMatchObject({ reason: 'AUTHENTICATION_FAILED' });
    const later = await check();
    expect(later.result).toMatchObject({ accounts: 3 });
    expect(await events('type=credentials.rejected')).toHaveLength(1);
  });

  it('starts scheduled checks once per due tenant and moves the schedule on', async () => {
    const scheduler = t.app.get(DriftScheduler);
    await scheduler.tick();
    const schedule = await call<Schemas['DriftScheduleDto']>(t.baseUrl, '/drift-schedule', {
      key: tenant.operatorKey,
    });
    expect(schedule.body).toMatchObject({ enabled: true, intervalMinutes: 1440 });
    const firstRun = Date.parse(schedule.body.nextRunAt!);
    expect(firstRun).toBeGreaterThan(Date.now() - 60_000);
    expect(firstRun).toBeLessThanOrEqual(Date.now() + 1440 * 60_000);

    await t.app
      .get(DataSource)
      .query(
        `UPDATE drift_schedules SET next_run_at = now() - interval '1 minute' WHERE tenant_id = $1`,
        [tenant.tenantId],
      );
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    const after = (
      await call<Schemas['DriftScheduleDto']>(t.baseUrl, '/drift-schedule', {
        key: tenant.operatorKey,
      })
    ).body;
    expect(Date.parse(after.nextRunAt!)).toBeGreaterThan(Date.now() + 1439 * 60_000);
    expect(after.lastJobId).toBeTruthy();
    const job = await waitForJob(after.lastJobId!);
    expect(job).toMatchObject({ type: 'drift.check', status: 'succeeded' });

    const updated = await call<Schemas['DriftScheduleDto']>(t.baseUrl, '/drift-schedule', {
      method: 'PUT',
      key: tenant.operatorKey,
      json: { intervalMinutes: 60 },
    });
    expect(updated.body.intervalMinutes).toBe(60);
    expect(Date.parse(updated.body.nextRunAt!)).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    expectProblem(
      await call(t.baseUrl, '/drift-schedule', {
        method: 'PUT',
        key: tenant.operatorKey,
        json: { intervalMinutes: 1 },
      }),
      400,
    );
  });

  it('keeps tenants apart: another tenant gets 404', async () => {
    const event = (await events('type=capability.removed'))[0];
    const key = other.operatorKey;
    expectProblem(await call(t.baseUrl, `/events/${event.id}`, { key }), 404);
    expect((await call<EventPage>(t.baseUrl, '/events', { key })).body.items).toEqual([]);
    expectProblem(await call(t.baseUrl, `/franchises/${franchiseId}/policy`, { key }), 404);
    expectProblem(
      await call(t.baseUrl, `/franchises/${franchiseId}/policy`, {
        method: 'PUT',
        key,
        json: { requiredFeatures: ['X'] },
      }),
      404,
    );
    expectProblem(await call(t.baseUrl, `/franchises/${franchiseId}/compliance`, { key }), 404);
    expectProblem(
      await call(t.baseUrl, '/drift-checks', { method: 'POST', key, json: { franchiseId } }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, '/drift-checks', {
        method: 'POST',
        key,
        json: { accountId: accountOf(0).id },
      }),
      404,
    );
  });
});
