import type { Schemas } from '@platform/api-types';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import { DataSource } from 'typeorm';
import { TransactionReportsScheduler } from '@api/transaction-reports/transaction-reports.scheduler';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, expectProblem } from '../support/http';
import { addReportingAccount, reportRequests, zurichDay } from '../support/reporting';
import { waitForJob } from '../support/sandbox-accounts';
import { startTestApp, type TestApp } from '../support/test-app';

type Registered = Schemas['RegisteredMerchantAccountsDto'];
type Export = Schemas['ReportExportDto'];
type Windows = Schemas['ReportWindowListDto'];

const CUSTOMER = '610001';
const N = 10_000;

/**
 * Transaction reporting against the sandbox process: 10,000 transactions of one business
 * day fetched through 5 pages of 2,000, one request at a time, none repeated, then exported.
 */
describe('transaction reporting against the sandbox', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let franchiseId: string;
  let accountId: string;
  const target = zurichDay(1); // the day before yesterday: EndDate is that day's end
  const yesterday = zurichDay(0);

  const api = <T>(path: string, init: Parameters<typeof call>[2] = {}, key = tenant.operatorKey) =>
    call<T>(t.baseUrl, path, { key, ...init });
  const requestReport = (json: unknown, key = tenant.operatorKey) =>
    api<Export>(
      `/merchant-accounts/${accountId}/transaction-reports`,
      { method: 'POST', json },
      key,
    );
  const reportLog = () =>
    sandbox.admin.requests({ customerId: CUSTOMER, operation: 'GetTransactions' });
  const exportText = async (query: string, path = `/merchant-accounts/${accountId}`) => {
    const response = await fetch(`${t.baseUrl}${path}/transactions/export?${query}`, {
      headers: { authorization: `Bearer ${tenant.operatorKey}` },
    });
    expect(response.status).toBe(200);
    return { text: await response.text(), type: response.headers.get('content-type') };
  };
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 1 });
    const { registration } = await addReportingAccount(sandbox.admin, CUSTOMER);
    await sandbox.admin.seedTransactions(CUSTOMER, {
      count: N,
      from: target.start.toISOString(),
      to: target.end.toISOString(),
      state: 'SUCCESSFUL',
    });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      REPORTING_DAILY_AT: '00:00',
    });
    tenant = await newTenant(t.app);
    other = await newTenant(t.app);
    franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;
    const registered = await api<Registered>(`/franchises/${franchiseId}/merchant-accounts`, {
      method: 'POST',
      json: registration,
    });
    await waitForJob(t.baseUrl, tenant.operatorKey, registered.body.job.id);
    accountId = registered.body.accounts[0].id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('fetches 10,000 transactions through pages 1..5 of 2000, serially, none repeated', async () => {
    await sandbox.admin.clearRequests();
    const started = await requestReport({ from: target.day, to: target.day });
    expect(started.status).toBe(202);
    const job = await waitForJob(t.baseUrl, tenant.operatorKey, started.body.job!.id);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toMatchObject({ total: 5, done: 5 });
    expect(job.result).toMatchObject({ transactions: N, requests: 5 });

    const log = await reportLog();
    const { pages, overlapping, repeated } = reportRequests(log);
    expect(pages).toEqual([1, 2, 3, 4, 5]);
    expect({ overlapping, repeated }).toEqual({ overlapping: 0, repeated: 0 });
    const query = new URLSearchParams(log[0].query);
    expect(Object.fromEntries(query)).toMatchObject({
      PageSize: '2000',
      TransactionState: 'SUCCESSFUL',
      EndDate: `${yesterday.day}T00:00`,
    });
    expect(query.get('StartDate')).toMatch(/T23:59$/);

    const windows = await api<Windows>(
      `/merchant-accounts/${accountId}/transaction-reports/windows`,
    );
    expect(windows.body.items).toEqual([
      expect.objectContaining({
        businessDay: target.day,
        status: 'done',
        pagesDone: 5,
        pagesTotal: 5,
        pageSize: 2000,
        totalTransactions: N,
        transactionsStored: N,
        requests: 5,
      }),
    ]);
    expect(lines((await exportText('format=ndjson')).text)).toHaveLength(N);
  });

  it('never requests a fetched day again unless forced', async () => {
    await sandbox.admin.clearRequests();
    const again = await requestReport({ from: target.day, to: target.day });
    expect(again.status).toBe(202);
    expect(again.body.job).toBeNull();
    expect(await reportLog()).toHaveLength(0);

    const forced = await requestReport({ from: target.day, to: target.day, force: true });
    await waitForJob(t.baseUrl, tenant.operatorKey, forced.body.job!.id);
    expect(reportRequests(await reportLog()).pages).toEqual([1, 2, 3, 4, 5]);
    expect(forced.body.windows[0]).toMatchObject({ forcedCount: 1 });
    // Stored once per transaction id, whatever was fetched twice.
    expect(lines((await exportText('format=csv')).text)).toHaveLength(N + 1);
  });

  it('exports NDJSON and CSV with date, state, terminal and payment method filters', async () => {
    const truth = (await sandbox.admin.transactions(CUSTOMER, 'SUCCESSFUL')).map((tx) => ({
      id: tx.TransactionId,
      at: new Date(tx.occurredAt),
      terminal: String(tx.TerminalId),
      method: tx.PaymentMethod as string,
      state: (tx.AuthorizationDetails as { State: string }).State,
    }));
    const middle = new Date((target.start.getTime() + target.end.getTime()) / 2);
    const expected = truth.filter(
      (tx) =>
        tx.at >= middle &&
        tx.terminal === `${CUSTOMER}01` &&
        tx.method === 'VISA' &&
        tx.state === 'CAPTURED',
    );
    expect(expected.length).toBeGreaterThan(10);
    const query =
      `from=${middle.toISOString()}&to=${target.day}&state=captured` +
      `&terminalId=${CUSTOMER}01&paymentMethod=VISA`;
    const ndjson = await exportText(`format=ndjson&${query}`);
    expect(ndjson.type).toMatch(/application\/x-ndjson/);
    const records = lines(ndjson.text).map(
      (line) => JSON.parse(line) as { transactionId: string; occurredAt: string },
    );
    expect(records.map((r) => r.transactionId).sort()).toEqual(expected.map((e) => e.id).sort());
    expect(records[0]).toMatchObject({
      accountId,
      transactionState: 'SUCCESSFUL',
      authorizationState: 'CAPTURED',
      paymentMethod: 'VISA',
      raw: expect.objectContaining({ TransactionId: records[0].transactionId }),
    });
    // Oldest first.
    const times = records.map((r) => r.occurredAt);
    expect([...times].sort()).toEqual(times);

    const csv = await exportText(`format=csv&${query}`);
    expect(csv.type).toMatch(/text\/csv/);
    const rows = lines(csv.text.replace(/\r/g, ''));
    expect(rows[0]).toBe(
      'transactionId,accountId,occurredAt,transactionState,authorizationState,type,terminalId,terminalType,paymentMethod,amount,currency,capturedAmount,orderId,description',
    );
    expect(rows).toHaveLength(expected.length + 1);
    const franchiseCsv = await exportText(`format=csv&${query}`, `/franchises/${franchiseId}`);
    expect(lines(franchiseCsv.text.replace(/\r/g, ''))).toHaveLength(expected.length + 1);
  });

  it('plans the daily export of yesterday once (EndDate 23:59, Saferpay’s rule)', async () => {
    await sandbox.admin.seedTransactions(CUSTOMER, {
      count: 40,
      from: yesterday.start.toISOString(),
      to: new Date(yesterday.end.getTime() - 120_000).toISOString(),
      state: 'SUCCESSFUL',
    });
    const settings = await api(`/merchant-accounts/${accountId}/transaction-reporting`, {
      method: 'PUT',
      json: { dailyEnabled: true },
    });
    expect(settings.body).toMatchObject({
      dailyEnabled: true,
      timeZone: 'Europe/Zurich',
      dayStart: '00:00',
    });
    await sandbox.admin.clearRequests();
    const scheduler = t.app.get(TransactionReportsScheduler);
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0); // planned once
    const windows = async () =>
      (
        await api<Windows>(
          `/merchant-accounts/${accountId}/transaction-reports/windows?from=${yesterday.day}`,
        )
      ).body.items;
    for (let i = 0; i < 100 && (await windows())[0]?.status !== 'done'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // StartDate is a minute early: the day before's last minute comes again, stored once.
    const [window] = await windows();
    expect(window.status).toBe('done');
    expect(window.transactionsStored).toBeGreaterThanOrEqual(40);
    expect(lines((await exportText('format=ndjson')).text)).toHaveLength(N + 40);
    const log = await reportLog();
    expect(log).toHaveLength(1);
    expect(new URLSearchParams(log[0].query).get('EndDate')).toBe(`${yesterday.day}T23:59`);
  });

  it('catches up the daily exports of days missed while the platform was down', async () => {
    const dataSource = t.app.get(DataSource);
    const scheduler = t.app.get(TransactionReportsScheduler);
    const plannedThrough = async () =>
      (
        await dataSource.query(
          `SELECT daily_planned_through::text AS day FROM transaction_report_settings
            WHERE account_id = $1`,
          [accountId],
        )
      )[0].day as string;
    expect(await plannedThrough()).toBe(yesterday.day); // the daily export above
    // The platform was down for three nights: the last day planned is four days back.
    await dataSource.query(
      `UPDATE transaction_report_settings SET daily_planned_through = $2 WHERE account_id = $1`,
      [accountId, zurichDay(4).day],
    );
    expect(await scheduler.tick()).toBe(1);
    expect(await plannedThrough()).toBe(yesterday.day);
    const days = (
      await api<Windows>(
        `/merchant-accounts/${accountId}/transaction-reports/windows?from=${zurichDay(4).day}`,
      )
    ).body.items.map((window) => window.businessDay);
    // Days 3 and 2 back are new; day 1 back (fetched on request) and yesterday are not asked again.
    expect([...new Set(days)].sort()).toEqual(
      [zurichDay(3).day, zurichDay(2).day, target.day, yesterday.day].sort(),
    );
    expect(await scheduler.tick()).toBe(0);
  });

  it('plans every account over the ticks, REPORTING_ACCOUNTS_PER_TICK at a time', async () => {
    const dataSource = t.app.get(DataSource);
    const scheduler = t.app.get(TransactionReportsScheduler);
    const { registration } = await addReportingAccount(sandbox.admin, '610002');
    const second = await api<Registered>(`/franchises/${franchiseId}/merchant-accounts`, {
      method: 'POST',
      json: registration,
    });
    await waitForJob(t.baseUrl, tenant.operatorKey, second.body.job.id);
    const secondId = second.body.accounts[0].id;
    await api(`/merchant-accounts/${secondId}/transaction-reporting`, {
      method: 'PUT',
      json: { dailyEnabled: true },
    });
    // Both accounts are due for yesterday; one account is planned per tick.
    await dataSource.query(
      `UPDATE transaction_report_settings SET daily_planned_through = $1
        WHERE account_id = ANY($2)`,
      [zurichDay(1).day, [accountId, secondId]],
    );
    const plannedThrough = async () =>
      (
        await dataSource.query<{ day: string }[]>(
          `SELECT daily_planned_through::text AS day FROM transaction_report_settings
            WHERE account_id = ANY($1)`,
          [[accountId, secondId]],
        )
      )
        .map((row) => row.day)
        .sort();
    const perTick = t.config.REPORTING_ACCOUNTS_PER_TICK;
    t.config.REPORTING_ACCOUNTS_PER_TICK = 1;
    try {
      await scheduler.tick();
      expect(await plannedThrough()).toEqual([zurichDay(1).day, yesterday.day]);
      await scheduler.tick(); // the other account, not the first one again
      expect(await plannedThrough()).toEqual([yesterday.day, yesterday.day]);
      expect(await scheduler.tick()).toBe(0);
      const windows = await api<Windows>(
        `/merchant-accounts/${secondId}/transaction-reports/windows?from=${yesterday.day}`,
      );
      expect(windows.body.items.map((window) => window.businessDay)).toEqual([yesterday.day]);
    } finally {
      t.config.REPORTING_ACCOUNTS_PER_TICK = perTick;
    }
    // Switched off and on again: it starts at the latest day rather than catching up the pause.
    for (const dailyEnabled of [false, true]) {
      await api(`/merchant-accounts/${secondId}/transaction-reporting`, {
        method: 'PUT',
        json: { dailyEnabled },
      });
    }
    expect(await plannedThrough()).toEqual([yesterday.day, null].sort());
  });

  it('validates ranges and settings with pointers', async () => {
    const today = zurichDay(-1).day;
    let problem = expectProblem(
      await requestReport({ from: today, to: today }),
      400,
      'validation-failed',
    );
    expect(problem.errors?.[0]?.pointer).toBe('/to');
    expect(problem.detail).toMatch(/before today 00:00/);
    problem = expectProblem(await requestReport({ from: target.day, to: zurichDay(3).day }), 400);
    expect(problem.errors?.[0]?.pointer).toBe('/to');
    problem = expectProblem(await requestReport({ from: '2025-02-30', to: target.day }), 400);
    expect(problem.errors?.[0]?.pointer).toBe('/from');
    problem = expectProblem(await requestReport({ from: '2024-01-01', to: target.day }), 400);
    expect(problem.errors?.[0]?.detail).toMatch(/more than 93 days/);
    const zone = await api(`/merchant-accounts/${accountId}/transaction-reporting`, {
      method: 'PUT',
      json: { timeZone: 'Mars/Olympus' },
    });
    expect(expectProblem(zone, 400).errors?.[0]?.pointer).toBe('/timeZone');
    const format = await api(`/merchant-accounts/${accountId}/transactions/export?format=xml`);
    expect(expectProblem(format, 400).errors?.[0]?.pointer).toBe('/query/format');
  });

  it('another tenant gets 404 for settings, reports, windows and exports', async () => {
    const key = other.operatorKey;
    const base = `/merchant-accounts/${accountId}`;
    expectProblem(await api(`${base}/transaction-reporting`, {}, key), 404, 'not-found');
    expectProblem(await requestReport({ from: target.day, to: target.day }, key), 404);
    expectProblem(await api(`${base}/transaction-reports/windows`, {}, key), 404);
    expectProblem(await api(`${base}/transactions/export`, {}, key), 404);
    expectProblem(await api(`/franchises/${franchiseId}/transactions/export`, {}, key), 404);
  });
});
