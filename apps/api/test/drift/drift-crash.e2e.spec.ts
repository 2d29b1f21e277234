import type { Schemas } from '@platform/api-types';
import { createTenantWithCli } from '../support/api-process';
import { call } from '../support/http';
import { registerSandboxAccounts, waitForJob as waitForJobOf } from '../support/sandbox-accounts';
import { startRestartableApi, type RestartableApi } from '../support/restartable-api';

/**
 * kill -9 in the middle of a drift check, then a restart: the check finishes, every
 * changed account has exactly one new snapshot version and exactly one event per change,
 * and accounts recorded before the kill are not read again.
 */
describe('a drift check survives kill -9', () => {
  let harness: RestartableApi;

  beforeAll(async () => {
    harness = await startRestartableApi({
      sandbox: { accounts: 16, seed: 13 },
      env: { DRIFT_CONCURRENCY: '2', ONBOARDING_CONCURRENCY: '8' },
    });
  });
  afterAll(() => harness?.dispose());

  it('resumes without losing or doubling a snapshot or an event', async () => {
    const { sandbox, env } = harness;
    const { operatorKey } = createTenantWithCli(env, 'Drift Crash');
    const accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid);
    let baseUrl = await harness.start();
    const get = async <T>(path: string) =>
      (await call<T>(baseUrl, path, { key: operatorKey })).body;
    const waitForJob = (id: string) => waitForJobOf(() => baseUrl, operatorKey, id);

    const franchise = await call<Schemas['FranchiseDto']>(baseUrl, '/franchises', {
      method: 'POST',
      key: operatorKey,
      json: { name: 'Crash Franchise' },
    });
    const registered = await registerSandboxAccounts(
      baseUrl,
      operatorKey,
      franchise.body.id,
      accounts,
    );
    expect((await waitForJob(registered.job.id)).status).toBe('succeeded');

    // Half the accounts lose a payment method of their first terminal.
    const changed = accounts.filter((_, index) => index % 2 === 0);
    for (const account of changed) {
      const detail = await sandbox.admin.account(account.customerId);
      const terminal = detail.terminals.find((t) => t.paymentMethods.length > 0)!;
      await sandbox.admin.removePaymentMethod(
        account.customerId,
        terminal.terminalId,
        terminal.paymentMethods[0].paymentMethod,
        terminal.type,
      );
    }
    await sandbox.admin.clearRequests();
    await sandbox.admin.addFault({ kind: 'latency', latencyMs: 150 });

    const started = await call<Schemas['DriftCheckStartedDto']>(baseUrl, '/drift-checks', {
      method: 'POST',
      key: operatorKey,
      json: {},
    });
    const jobPath = `/jobs/${started.body.job.id}`;
    let progress = started.body.job.progress;
    while (progress.done < 3) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = (await get<Schemas['JobDto']>(jobPath)).progress;
    }
    expect(progress.done).toBeLessThan(accounts.length);
    await harness.stop('SIGKILL');

    baseUrl = await harness.start();
    const job = await waitForJob(started.body.job.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { accounts: accounts.length, changed: changed.length, failed: 0 },
    });

    // One removal event per changed account, none doubled by the re-run.
    const events = await get<Schemas['EventPageDto']>('/events?type=capability.removed&limit=200');
    const perAccount = new Map<string, number>();
    for (const event of events.items) {
      perAccount.set(event.accountId!, (perAccount.get(event.accountId!) ?? 0) + 1);
    }
    expect(perAccount.size).toBe(changed.length);
    expect([...perAccount.values()].every((n) => n === 1)).toBe(true);

    const page = await get<Schemas['MerchantAccountPageDto']>(
      `/franchises/${franchise.body.id}/merchant-accounts?limit=200`,
    );
    const changedIds = new Set(changed.map((a) => a.customerId));
    for (const account of page.items) {
      expect({ customerId: account.customerId, version: account.latestSnapshotVersion }).toEqual({
        customerId: account.customerId,
        version: changedIds.has(account.customerId) ? 2 : 1,
      });
    }
    // Every account was read to the end at most twice (once more only if the kill cut its read short).
    const reads = new Map<string, number>();
    for (const request of await sandbox.admin.requests({
      operation: 'GetPaymentPageConfigurations',
    })) {
      reads.set(request.customerId!, (reads.get(request.customerId!) ?? 0) + 1);
    }
    expect(reads.size).toBe(accounts.length);
    expect([...reads.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(2);
    await harness.stop('SIGTERM');
    // ~20 s alone; CI shares two cores with other suites.
  }, 180_000);
});
