import type { Schemas } from '@platform/api-types';
import {
  startSandboxProcess,
  type SandboxAccountSummary,
  type SandboxProcess,
} from '@platform/testing';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, expectProblem } from '../support/http';
import { registrationOf } from '../support/sandbox-accounts';
import { startTestApp, type TestApp } from '../support/test-app';

type Registered = Schemas['RegisteredMerchantAccountsDto'];
type Job = Schemas['JobDto'];
type AccountPage = Schemas['MerchantAccountPageDto'];
type Matrix = Schemas['CapabilityMatrixDto'];
type Snapshot = Schemas['SnapshotDto'];
type Diff = Schemas['SnapshotDiffDto'];

describe('onboarding merchant accounts against the Saferpay sandbox', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let seeded: SandboxAccountSummary[];

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 50, seed: 7 });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
    });
    tenant = await newTenant(t.app);
    seeded = await sandbox.admin.accounts();
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  async function waitForJob(id: string): Promise<Job> {
    for (let i = 0; i < 1200; i += 1) {
      const job = (await call<Job>(t.baseUrl, `/jobs/${id}`, { key: tenant.operatorKey })).body;
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('onboards 50 seeded accounts: wrong credentials rejected, RETRY faults survived, fallback licenses read', async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const retrying = seeded.filter((a) => a.credentialsValid).slice(0, 5);
    for (const account of retrying) {
      await sandbox.admin.addFault({
        kind: 'error',
        customerId: account.customerId,
        operation: 'GetTerminals',
        count: 1,
        status: 500,
        errorName: 'INTERNAL_ERROR',
        behavior: 'RETRY',
      });
    }

    const registered = await call<Registered>(
      t.baseUrl,
      `/franchises/${franchise.id}/merchant-accounts/bulk`,
      {
        method: 'POST',
        key: tenant.operatorKey,
        json: {
          accounts: seeded.map((a) => registrationOf(a)),
        },
      },
    );
    expect(registered.status).toBe(202);
    expect(registered.text).not.toContain(seeded[0].givenCredentials.password);
    expect(registered.body.accounts.every((a) => a.state === 'pending')).toBe(true);

    const job = await waitForJob(registered.body.job.id);
    const wrong = seeded.filter((a) => !a.credentialsValid);
    expect(wrong.length).toBeGreaterThan(0);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { total: 50, done: 50, failed: wrong.length, percent: 100 },
    });

    const page = await call<AccountPage>(
      t.baseUrl,
      `/franchises/${franchise.id}/merchant-accounts?limit=200`,
      {
        key: tenant.operatorKey,
      },
    );
    const byCustomer = new Map(page.body.items.map((a) => [a.customerId, a]));
    for (const account of seeded) {
      const ours = byCustomer.get(account.customerId)!;
      if (account.credentialsValid) {
        expect({ customerId: account.customerId, state: ours.state }).toEqual({
          customerId: account.customerId,
          state: 'ready',
        });
        expect(ours.latestSnapshotVersion).toBe(1);
      } else {
        expect(ours).toMatchObject({
          state: 'credentials_rejected',
          stateReason: 'AUTHENTICATION_FAILED',
        });
        expect(ours.stateDetail).toMatch(/username or password/);
      }
    }

    // The faulted call was retried once, with the same Saferpay-RequestId.
    const log = await sandbox.admin.requests({
      customerId: retrying[0].customerId,
      operation: 'GetTerminals',
    });
    expect(log.map((entry) => entry.status)).toEqual([500, 200]);
    expect(new Set(log.map((entry) => entry.requestId)).size).toBe(1);
    // Accounts without /license were read through the deprecated /license-configuration.
    const fallback = seeded.find((a) => a.credentialsValid && a.licenseEndpoint !== 'available');
    if (fallback) {
      const calls = await sandbox.admin.requests({ customerId: fallback.customerId });
      expect(calls.map((c) => c.operation)).toContain('GetLicenseConfiguration');
      expect(byCustomer.get(fallback.customerId)?.state).toBe('ready');
    }
  });

  it('builds a franchise matrix that matches what the sandbox was seeded with', async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const valid = seeded.filter((a) => a.credentialsValid).slice(0, 12);
    const registered = await call<Registered>(
      t.baseUrl,
      `/franchises/${franchise.id}/merchant-accounts/bulk`,
      {
        method: 'POST',
        key: tenant.operatorKey,
        json: {
          accounts: valid.map((a) => registrationOf(a)),
        },
      },
    );
    expect((await waitForJob(registered.body.job.id)).status).toBe('succeeded');

    const matrix = (
      await call<Matrix>(t.baseUrl, `/franchises/${franchise.id}/capability-matrix`, {
        key: tenant.operatorKey,
      })
    ).body;
    const accountIdOf = new Map(registered.body.accounts.map((a) => [a.id, a.customerId]));
    const actual = new Set<string>();
    for (const row of matrix.rows.filter((r) => r.kind === 'payment_method')) {
      row.cells.forEach((cell, column) => {
        for (const terminal of cell?.terminals ?? []) {
          actual.add(
            `${accountIdOf.get(matrix.columns[column].accountId)}|${terminal.key}|${row.code}|${row.currency}`,
          );
        }
      });
    }
    const expected = new Set<string>();
    for (const account of valid) {
      const detail = await sandbox.admin.account(account.customerId);
      for (const terminal of detail.terminals) {
        // GetTerminal answers per id, so an id listed with two types shares one detail.
        const details = detail.terminals.find((x) => x.terminalId === terminal.terminalId)!;
        for (const method of details.paymentMethods) {
          for (const currency of method.currencies) {
            expected.add(
              `${account.customerId}|${terminal.terminalId}:${terminal.type}|${method.paymentMethod.toUpperCase()}|${currency}`,
            );
          }
        }
      }
    }
    expect([...actual].sort()).toEqual([...expected].sort());
    const visaChf = matrix.rows.find((r) => r.key === 'payment_method:VISA:CHF');
    if (visaChf) {
      expect(visaChf.summary.of).toBe(valid.length);
      expect(visaChf.summary.sentence).toBe(
        `VISA in CHF on ${visaChf.summary.availableOn} of ${valid.length} accounts`,
      );
    }

    const filtered = (
      await call<Matrix>(
        t.baseUrl,
        `/franchises/${franchise.id}/capability-matrix?paymentMethod=visa&currency=CHF`,
        {
          key: tenant.operatorKey,
        },
      )
    ).body;
    expect(filtered.rows.every((r) => r.code === 'VISA' && r.currency === 'CHF')).toBe(true);

    const csv = await call(t.baseUrl, `/franchises/${franchise.id}/capability-matrix`, {
      key: tenant.operatorKey,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toContain(
      valid[0].name.includes(',') ? `"${valid[0].name}"` : valid[0].name,
    );
    expectProblem(
      await call(t.baseUrl, `/franchises/${franchise.id}/capability-matrix?currency=francs`, {
        key: tenant.operatorKey,
      }),
      400,
      'validation-failed',
    );
  });

  it('stores a new snapshot version only when the account changed, with a readable diff', async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const account = seeded.find(
      (a) => a.credentialsValid && a.terminals.some((x) => x.type === 'ECOM'),
    )!;
    const registered = await call<Registered>(
      t.baseUrl,
      `/franchises/${franchise.id}/merchant-accounts`,
      {
        method: 'POST',
        key: tenant.operatorKey,
        json: registrationOf(account),
      },
    );
    await waitForJob(registered.body.job.id);
    const id = registered.body.accounts[0].id;
    const v1 = (
      await call<Snapshot>(t.baseUrl, `/merchant-accounts/${id}/snapshots/latest`, {
        key: tenant.operatorKey,
      })
    ).body;
    expect(v1.version).toBe(1);

    // Unchanged at Saferpay: reading again stores nothing new.
    const again = await call<Job>(t.baseUrl, `/merchant-accounts/${id}/onboarding`, {
      method: 'POST',
      key: tenant.operatorKey,
    });
    expect(again.status).toBe(202);
    await waitForJob(again.body.id);
    expect(
      (
        await call<Snapshot>(t.baseUrl, `/merchant-accounts/${id}/snapshots/latest`, {
          key: tenant.operatorKey,
        })
      ).body.version,
    ).toBe(1);

    const matrixPath = `/franchises/${franchise.id}/capability-matrix`;
    const codesOf = (m: Matrix) =>
      m.rows.filter((r) => r.kind === 'payment_method' && r.cells[0]).map((r) => r.code);
    const before = (await call<Matrix>(t.baseUrl, matrixPath, { key: tenant.operatorKey })).body;

    // A payment method disappears at Saferpay: version 2, and the diff says so.
    const detail = await sandbox.admin.account(account.customerId);
    const terminal = detail.terminals.find(
      (x) => x.type === 'ECOM' && x.paymentMethods.length > 0,
    )!;
    const removed = terminal.paymentMethods[0].paymentMethod;
    await sandbox.admin.request(
      'DELETE',
      `/accounts/${account.customerId}/terminals/${terminal.terminalId}/payment-methods/${removed}?type=ECOM`,
    );
    const reread = await call<Job>(t.baseUrl, `/merchant-accounts/${id}/onboarding`, {
      method: 'POST',
      key: tenant.operatorKey,
    });
    await waitForJob(reread.body.id);
    const versions = await call<Schemas['SnapshotVersionListDto']>(
      t.baseUrl,
      `/merchant-accounts/${id}/snapshots`,
      { key: tenant.operatorKey },
    );
    expect(versions.body.items.map((v) => v.version)).toEqual([2, 1]);
    const diff = (
      await call<Diff>(t.baseUrl, `/merchant-accounts/${id}/snapshots/diff?from=1&to=2`, {
        key: tenant.operatorKey,
      })
    ).body;
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'payment_method',
          change: 'removed',
          code: removed.toUpperCase(),
        }),
      ]),
    );
    expect(diff.summary.join(' ')).toContain(removed.toUpperCase());
    // The matrix served before the change is not served again.
    const after = (await call<Matrix>(t.baseUrl, matrixPath, { key: tenant.operatorKey })).body;
    expect(codesOf(before)).toContain(removed.toUpperCase());
    const stillOnEcom = after.rows.some(
      (r) =>
        r.code === removed.toUpperCase() &&
        r.cells[0]?.terminals.some((x) => x.key === `${terminal.terminalId}:ECOM`),
    );
    expect(stillOnEcom).toBe(false);
    expect(
      (
        await call<Diff>(t.baseUrl, `/merchant-accounts/${id}/snapshots/diff?from=2&to=2`, {
          key: tenant.operatorKey,
        })
      ).body.changes,
    ).toEqual([]);
    expectProblem(
      await call(t.baseUrl, `/merchant-accounts/${id}/snapshots/9`, { key: tenant.operatorKey }),
      404,
    );
    // Versions beyond a database integer are a 400, not a failed query (500).
    for (const path of [
      `/merchant-accounts/${id}/snapshots/99999999999999999999`,
      `/merchant-accounts/${id}/snapshots/2147483648`,
      `/merchant-accounts/${id}/snapshots/diff?from=1&to=2147483648`,
    ]) {
      expectProblem(
        await call(t.baseUrl, path, { key: tenant.operatorKey }),
        400,
        'validation-failed',
      );
    }
    const other = await newTenant(t.app);
    expectProblem(
      await call(t.baseUrl, `/merchant-accounts/${id}/snapshots/latest`, {
        key: other.operatorKey,
      }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, `/franchises/${franchise.id}/capability-matrix`, {
        key: other.operatorKey,
      }),
      404,
    );
  });

  it('imports accounts from CSV, with row-level errors', async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const [a, b] = seeded.filter((x) => x.credentialsValid);
    const csv = [
      'Customer ID,Environment,Label,Username,Password',
      `${a.customerId},test,"Shop A, Zürich",${a.givenCredentials.username},${a.givenCredentials.password}`,
      `${b.customerId},test,Shop B,${b.givenCredentials.username},${b.givenCredentials.password}`,
    ].join('\n');
    const path = `/franchises/${franchise.id}/merchant-accounts/import`;
    const imported = await call<Registered>(t.baseUrl, path, {
      method: 'POST',
      key: tenant.operatorKey,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(202);
    expect(imported.body.accounts.map((x) => x.label)).toEqual(['Shop A, Zürich', 'Shop B']);
    expect((await waitForJob(imported.body.job.id)).progress).toMatchObject({
      total: 2,
      done: 2,
      failed: 0,
    });

    const bad = await call(t.baseUrl, path, {
      method: 'POST',
      key: tenant.operatorKey,
      headers: { 'content-type': 'text/csv' },
      body: 'customerId,environment,label,username,password\n12x,prod,,u,p',
    });
    const pointers = expectProblem(bad, 400, 'validation-failed').errors?.map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/rows/0/customerId', '/rows/0/environment', '/rows/0/label']),
    );
    const unknownColumn = await call(t.baseUrl, path, {
      method: 'POST',
      key: tenant.operatorKey,
      headers: { 'content-type': 'text/csv' },
      body: 'customer,secret\n1,2',
    });
    expectProblem(unknownColumn, 400, 'validation-failed');
  });

  it('re-runs onboarding when the credentials change, and never returns them', async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const account = seeded.find((a) => !a.credentialsValid)!;
    const registered = await call<Registered>(
      t.baseUrl,
      `/franchises/${franchise.id}/merchant-accounts`,
      {
        method: 'POST',
        key: tenant.operatorKey,
        json: registrationOf(account),
      },
    );
    await waitForJob(registered.body.job.id);
    const id = registered.body.accounts[0].id;
    const rejected = await call<Schemas['MerchantAccountDto']>(
      t.baseUrl,
      `/merchant-accounts/${id}`,
      { key: tenant.operatorKey },
    );
    expect(rejected.body.state).toBe('credentials_rejected');

    const fixed = await call<Schemas['MerchantAccountDto']>(t.baseUrl, `/merchant-accounts/${id}`, {
      method: 'PATCH',
      key: tenant.operatorKey,
      json: { password: account.password },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.text).not.toContain(account.password);
    const jobs = await call<Schemas['JobPageDto']>(t.baseUrl, '/jobs?type=onboarding&limit=1', {
      key: tenant.operatorKey,
    });
    await waitForJob(jobs.body.items[0].id);
    const ready = await call<Schemas['MerchantAccountDto']>(t.baseUrl, `/merchant-accounts/${id}`, {
      key: tenant.operatorKey,
    });
    expect(ready.body).toMatchObject({
      state: 'ready',
      stateReason: null,
      latestSnapshotVersion: 1,
    });
    expect(ready.text).not.toMatch(/password|username/i);

    // Disabled: never read from Saferpay, even when a job asks for it; enabling reads it again.
    const disabled = await call<Schemas['MerchantAccountDto']>(
      t.baseUrl,
      `/merchant-accounts/${id}`,
      {
        method: 'PATCH',
        key: tenant.operatorKey,
        json: { disabled: true },
      },
    );
    expect(disabled.body.state).toBe('disabled');
    const refused = await call(t.baseUrl, `/merchant-accounts/${id}/onboarding`, {
      method: 'POST',
      key: tenant.operatorKey,
    });
    expectProblem(refused, 409, 'conflict');
    const enabled = await call<Schemas['MerchantAccountDto']>(
      t.baseUrl,
      `/merchant-accounts/${id}`,
      {
        method: 'PATCH',
        key: tenant.operatorKey,
        json: { disabled: false },
      },
    );
    // Enabling queues onboarding at once (the worker may already have picked it up).
    expect(['pending', 'onboarding', 'ready']).toContain(enabled.body.state);
    let state = enabled.body.state;
    for (let i = 0; i < 200 && state !== 'ready'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = (
        await call<Schemas['MerchantAccountDto']>(t.baseUrl, `/merchant-accounts/${id}`, {
          key: tenant.operatorKey,
        })
      ).body.state;
    }
    expect(state).toBe('ready');
  });

  it('refuses the same customer id and environment twice in one franchise', async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const account = seeded[0];
    const body = registrationOf(account, 'first');
    const path = `/franchises/${franchise.id}/merchant-accounts`;
    expect(
      (await call(t.baseUrl, path, { method: 'POST', key: tenant.operatorKey, json: body })).status,
    ).toBe(202);
    const again = await call(t.baseUrl, path, {
      method: 'POST',
      key: tenant.operatorKey,
      json: { ...body, label: 'again' },
    });
    expect(expectProblem(again, 409, 'conflict').errors?.[0].pointer).toBe('/customerId');
    const live = await call(t.baseUrl, path, {
      method: 'POST',
      key: tenant.operatorKey,
      json: { ...body, environment: 'live' },
    });
    expect(live.status).toBe(202);
    const twiceInBatch = await call(t.baseUrl, `${path}/bulk`, {
      method: 'POST',
      key: tenant.operatorKey,
      json: {
        accounts: [
          { ...body, customerId: '999001' },
          { ...body, customerId: '999001' },
        ],
      },
    });
    expect(expectProblem(twiceInBatch, 409, 'conflict').errors?.[0].pointer).toBe(
      '/accounts/1/customerId',
    );
  });

  it("hides another tenant's accounts and franchises behind 404s", async () => {
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const registered = await call<Registered>(
      t.baseUrl,
      `/franchises/${franchise.id}/merchant-accounts`,
      {
        method: 'POST',
        key: tenant.operatorKey,
        json: {
          customerId: '123',
          environment: 'test',
          label: 'x',
          username: 'API_1',
          password: 'pw',
        },
      },
    );
    const accountId = registered.body.accounts[0].id;
    const other = await newTenant(t.app);
    expectProblem(
      await call(t.baseUrl, `/merchant-accounts/${accountId}`, { key: other.operatorKey }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, `/merchant-accounts/${accountId}`, {
        method: 'PATCH',
        key: other.operatorKey,
        json: { label: 'y' },
      }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, `/merchant-accounts/${accountId}/onboarding`, {
        method: 'POST',
        key: other.operatorKey,
      }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, `/franchises/${franchise.id}/merchant-accounts`, {
        key: other.operatorKey,
      }),
      404,
    );
    expectProblem(
      await call(t.baseUrl, `/jobs/${registered.body.job.id}`, { key: other.operatorKey }),
      404,
    );
  });
});
