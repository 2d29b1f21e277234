import type { Schemas } from '@platform/api-types';
import { createTenantWithCli } from '../support/api-process';
import { call } from '../support/http';
import { addReportingAccount, reportRequests, zurichDay } from '../support/reporting';
import { startRestartableApi, type RestartableApi } from '../support/restartable-api';
import { waitForJob as waitForJobOf } from '../support/sandbox-accounts';

const CUSTOMER = '620001';
const N = 10_000;

/**
 * kill -9 while page 4 of 5 is at Saferpay (held there by a latency fault), then a
 * restart: the job resumes at page 4 (pages 1..3 were committed with their checkpoint),
 * and the account ends with exactly 10,000 transactions.
 */
describe('transaction reporting survives kill -9 mid-paging', () => {
  let harness: RestartableApi;

  beforeAll(async () => {
    harness = await startRestartableApi({
      sandbox: { accounts: 1 },
      env: { REPORTING_LOCK_TTL_MS: '2000' },
    });
  });
  afterAll(() => harness?.dispose());

  it('resumes at page 4 and stores exactly 10,000 rows', async () => {
    const { sandbox, env } = harness;
    const target = zurichDay(1);
    const { registration } = await addReportingAccount(sandbox.admin, CUSTOMER);
    await sandbox.admin.seedTransactions(CUSTOMER, {
      count: N,
      from: target.start.toISOString(),
      to: target.end.toISOString(),
      state: 'SUCCESSFUL',
    });
    const { operatorKey: key } = createTenantWithCli(env, 'Report Crash');
    let baseUrl = await harness.start();
    const waitForJob = (id: string) => waitForJobOf(() => baseUrl, key, id);
    const franchise = await call<Schemas['FranchiseDto']>(baseUrl, '/franchises', {
      method: 'POST',
      key,
      json: { name: 'Crash Franchise' },
    });
    const registered = await call<Schemas['RegisteredMerchantAccountsDto']>(
      baseUrl,
      `/franchises/${franchise.body.id}/merchant-accounts`,
      { method: 'POST', key, json: registration },
    );
    expect((await waitForJob(registered.body.job.id)).status).toBe('succeeded');
    const accountId = registered.body.accounts[0].id;

    await sandbox.admin.clearRequests();
    // Pages 1-3 answer at once; page 4 is held for 5 s: long enough to kill the API meanwhile.
    await sandbox.admin.addFault({
      kind: 'latency',
      operation: 'GetTransactions',
      latencyMs: 5_000,
      skip: 3,
      count: 1,
    });
    const started = await call<Schemas['ReportExportDto']>(
      baseUrl,
      `/merchant-accounts/${accountId}/transaction-reports`,
      { method: 'POST', key, json: { from: target.day, to: target.day } },
    );
    const jobId = started.body.job!.id;
    const log = () =>
      sandbox.admin.requests({ customerId: CUSTOMER, operation: 'GetTransactions' });
    // The request log lists a request once answered: watch the fault fire on page 4 instead.
    const fault = async () => (await sandbox.admin.faults()).find((f) => f.kind === 'latency');
    for (let i = 0; i < 400 && (await fault())?.fired !== 1; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const progress = (await call<Schemas['JobDto']>(baseUrl, `/jobs/${jobId}`, { key })).body
      .progress;
    expect(progress).toMatchObject({ done: 3, total: 5 });
    await harness.stop('SIGKILL');
    const killedAt = new Date().toISOString();

    baseUrl = await harness.start();
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 5, total: 5 } });
    const afterRestart = (await log()).filter((entry) => entry.startedAt > killedAt);
    expect(reportRequests(afterRestart).pages).toEqual([4, 5]);
    // Page 4 was asked twice (the killed request and its resumption), every other page once.
    expect(reportRequests(await log()).pages.sort()).toEqual([1, 2, 3, 4, 4, 5]);

    const windows = await call<Schemas['ReportWindowListDto']>(
      baseUrl,
      `/merchant-accounts/${accountId}/transaction-reports/windows`,
      { key },
    );
    expect(windows.body.items[0]).toMatchObject({
      status: 'done',
      pagesDone: 5,
      requests: 5,
      transactionsStored: N,
    });
    const exported = await fetch(
      `${baseUrl}/merchant-accounts/${accountId}/transactions/export?format=ndjson`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    const lines = (await exported.text()).split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(N);
    expect(
      new Set(lines.map((line) => (JSON.parse(line) as { transactionId: string }).transactionId))
        .size,
    ).toBe(N);
    await harness.stop('SIGTERM');
    // ~20 s alone; CI shares two cores with other suites.
  }, 180_000);
});
