import { Client } from 'pg';
import type { Schemas } from '@platform/api-types';
import { createTenantWithCli } from '../support/api-process';
import { call } from '../support/http';
import { startRestartableApi, type RestartableApi } from '../support/restartable-api';

/**
 * kill -9 in the middle of an onboarding job, then a restart: the job finishes,
 * finished accounts are not read again, and no row is duplicated. Runs the built
 * API as a real process, on embedded PGlite (a data folder that survives the
 * kill) or, with TEST_DB=postgres, on a real server.
 */
describe('onboarding survives kill -9', () => {
  let harness: RestartableApi;

  beforeAll(async () => {
    harness = await startRestartableApi({
      sandbox: { accounts: 16, seed: 11 },
      env: { ONBOARDING_CONCURRENCY: '2' },
    });
  });
  afterAll(() => harness?.dispose());

  it('finishes the job after a restart without re-reading finished accounts or duplicating rows', async () => {
    const { sandbox, env, database } = harness;
    const { operatorKey } = createTenantWithCli(env, 'Crash Test');
    const accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid);
    // Every Saferpay call takes 150 ms, so the job runs long enough to be killed in the middle.
    await sandbox.admin.addFault({ kind: 'latency', latencyMs: 150 });

    let baseUrl = await harness.start();
    const franchise = await call<Schemas['FranchiseDto']>(baseUrl, '/franchises', {
      method: 'POST',
      key: operatorKey,
      json: { name: 'Crash Franchise' },
    });
    const registered = await call<Schemas['RegisteredMerchantAccountsDto']>(
      baseUrl,
      `/franchises/${franchise.body.id}/merchant-accounts/bulk`,
      {
        method: 'POST',
        key: operatorKey,
        json: {
          accounts: accounts.map((a) => ({
            customerId: a.customerId,
            environment: 'test',
            label: a.name,
            username: a.givenCredentials.username,
            password: a.givenCredentials.password,
          })),
        },
      },
    );
    const jobPath = `/jobs/${registered.body.job.id}`;
    let progress = registered.body.job.progress;
    while (progress.done < 4) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = (await call<Schemas['JobDto']>(baseUrl, jobPath, { key: operatorKey })).body
        .progress;
    }
    expect(progress.done).toBeLessThan(accounts.length);
    // Finished = `ready`, which is committed with the account's checkpoint. A read that
    // returned 200 just before the kill may not have been committed, and is rightly read again.
    const finishedBeforeCrash = (
      await call<Schemas['MerchantAccountPageDto']>(
        baseUrl,
        `/franchises/${franchise.body.id}/merchant-accounts?state=ready&limit=200`,
        { key: operatorKey },
      )
    ).body.items.map((a) => a.customerId);
    expect(finishedBeforeCrash.length).toBeGreaterThan(0);
    await harness.stop('SIGKILL');

    baseUrl = await harness.start();
    let job: Schemas['JobDto'] | undefined;
    for (let i = 0; i < 600 && job?.status !== 'succeeded'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await call<Schemas['JobDto']>(baseUrl, jobPath, { key: operatorKey })).body;
    }
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { total: accounts.length, done: accounts.length, failed: 0 },
    });

    // Accounts finished before the kill were not read again after it.
    const licenseReads = await sandbox.admin.requests({
      operation: 'GetPaymentPageConfigurations',
    });
    const readsPerCustomer = new Map<string, number>();
    for (const entry of licenseReads.filter((e) => e.status === 200)) {
      readsPerCustomer.set(entry.customerId!, (readsPerCustomer.get(entry.customerId!) ?? 0) + 1);
    }
    for (const customerId of finishedBeforeCrash)
      expect({ customerId, reads: readsPerCustomer.get(customerId) }).toEqual({
        customerId,
        reads: 1,
      });

    const page = await call<Schemas['MerchantAccountPageDto']>(
      baseUrl,
      `/franchises/${franchise.body.id}/merchant-accounts?limit=200`,
      { key: operatorKey },
    );
    expect(page.body.items).toHaveLength(accounts.length);
    expect(page.body.items.every((a) => a.state === 'ready' && a.latestSnapshotVersion === 1)).toBe(
      true,
    );
    await harness.stop('SIGTERM');

    // No duplicate rows: one snapshot and one checkpoint per account.
    if (database) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const snapshots = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM capability_snapshots',
        );
        const items = await client.query<{ n: string }>(
          "SELECT count(*) AS n FROM onboarding_items WHERE status = 'done'",
        );
        expect(Number(snapshots.rows[0].n)).toBe(accounts.length);
        expect(Number(items.rows[0].n)).toBe(accounts.length);
      } finally {
        await client.end();
      }
    }
  });
});
