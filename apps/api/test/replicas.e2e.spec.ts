import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Schemas } from '@platform/api-types';
import {
  createTestDatabase,
  startSandboxProcess,
  type SandboxProcess,
  type SandboxRequestLogEntry,
  type TestDatabase,
} from '@platform/testing';
import {
  apiProcessEnv,
  createTenantWithCli,
  startApiProcess,
  stopApiProcess,
  type ApiProcess,
} from './support/api-process';
import { call } from './support/http';
import { addReportingAccount, reportRequests, zurichDay } from './support/reporting';
import { registerSandboxAccounts, waitForJob as waitForJobOf } from './support/sandbox-accounts';

type Job = Schemas['JobDto'];

/**
 * Two API processes on one real PostgreSQL share onboarding, a drift cycle, Fields token
 * rotations and a report fetch with export. Each job exists once and each Saferpay call is
 * made once (counted in the sandbox's request log), and a replica sent SIGTERM mid-job drains:
 * it takes no new item, finishes the ones in hand, hands the job back and exits 0, and the
 * other replica finishes the job. PGlite is one process's database: PostgreSQL pass only.
 */
const onPostgres = process.env.TEST_DB === 'postgres' ? describe : describe.skip;

onPostgres('two API replicas on one PostgreSQL', () => {
  let sandbox: SandboxProcess;
  let database: TestDatabase;
  let sql: Client;
  let env: NodeJS.ProcessEnv;
  let replicas: ApiProcess[] = [];
  let key: string;
  let franchiseId: string;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 12, seed: 21 });
    database = await createTestDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    env = apiProcessEnv({
      LOG_LEVEL: 'info',
      PORT: '0',
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: `replicas:${randomBytes(32).toString('base64')}`,
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      JOBS_POLL_INTERVAL_MS: '100',
      JOBS_SHUTDOWN_GRACE_MS: '15000',
      ONBOARDING_CONCURRENCY: '2',
      DRIFT_CONCURRENCY: '2',
      FIELDS_TOKEN_GRACE_SECONDS: '1',
      REPORTING_LOCK_TTL_MS: '3000',
      // A minute: only a cluster notice can make another replica see a change sooner.
      SHOP_TOKEN_CACHE_TTL_MS: '60000',
      SHOP_DOCUMENT_CACHE_TTL_MS: '60000',
    });
    // The first start applies the migrations; the second finds them applied.
    replicas.push(await startApiProcess(env));
    replicas.push(await startApiProcess(env));
    ({ operatorKey: key } = createTenantWithCli(env, 'Replicas'));
    const franchise = await call<Schemas['FranchiseDto']>(replicas[0].baseUrl, '/franchises', {
      method: 'POST',
      key,
      json: { name: 'Two replicas' },
    });
    franchiseId = franchise.body.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => stopApiProcess(replica.process, 'SIGKILL')));
    await sql?.end();
    await sandbox?.stop();
    await database?.dispose();
  });

  let turn = 0;
  /** Either replica answers for the shared database: ask them in turn. */
  const anyReplica = () => replicas[turn++ % replicas.length].baseUrl;
  const waitForJob = (id: string) => waitForJobOf(anyReplica, key, id, { timeoutMs: 90_000 });

  const jobsOfType = async (type: string): Promise<Job[]> =>
    (await call<Schemas['JobPageDto']>(anyReplica(), `/jobs?type=${type}&limit=200`, { key })).body
      .items;

  /** Saferpay calls answered more than once: method, path and query as the sandbox saw them. */
  function repeatedCalls(log: SandboxRequestLogEntry[]): string[] {
    const seen = new Map<string, number>();
    for (const entry of log) {
      const call = `${entry.method} ${entry.path}?${entry.query}`;
      seen.set(call, (seen.get(call) ?? 0) + 1);
    }
    return [...seen].filter(([, count]) => count > 1).map(([call, count]) => `${count}× ${call}`);
  }

  /** Waits until the job is running with at least `done` items finished. */
  async function runningWithProgress(jobId: string, done: number): Promise<void> {
    for (let i = 0; i < 600; i += 1) {
      const job = (await call<Job>(anyReplica(), `/jobs/${jobId}`, { key })).body;
      if (job.status === 'running' && (job.progress?.done ?? 0) >= done) return;
      if (job.status === 'succeeded' || job.status === 'failed') {
        throw new Error(`job ${jobId} ended (${job.status}) before it could be interrupted`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`job ${jobId} never reached ${done} items done`);
  }

  /**
   * SIGTERM to the replica that holds the job; resolves once it exited, with its exit code and
   * how long the drain took. A fresh replica takes its place for the next test.
   */
  async function terminateHolderOf(jobId: string) {
    const lockedBy = (
      await sql.query<{ locked_by: string | null }>('SELECT locked_by FROM jobs WHERE id = $1', [
        jobId,
      ])
    ).rows[0]?.locked_by;
    const pid = Number(lockedBy?.split(':')[1]);
    const holder = replicas.find((replica) => replica.process.pid === pid);
    if (!holder) throw new Error(`no replica holds job ${jobId} (locked by ${lockedBy})`);
    replicas = replicas.filter((replica) => replica !== holder);
    const started = Date.now();
    const exit = await stopApiProcess(holder.process, 'SIGTERM');
    const stoppedAt = new Date().toISOString();
    replicas.push(await startApiProcess(env));
    return { exit, drainMs: Date.now() - started, output: holder.output(), stoppedAt };
  }

  it('onboards across replicas; SIGTERM mid-job drains, the other replica finishes, no Saferpay call repeats', async () => {
    const accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid);
    await sandbox.admin.clearRequests();
    // Every answer takes 60 ms: an account's reads span several polls of both workers.
    const latency = await sandbox.admin.addFault({ kind: 'latency', latencyMs: 60 });
    const registered = await registerSandboxAccounts(
      replicas[0].baseUrl,
      key,
      franchiseId,
      accounts,
    );
    await runningWithProgress(registered.job.id, 2);
    const stopped = await terminateHolderOf(registered.job.id);
    expect(stopped.exit).toEqual({ code: 0, signal: null });
    expect(stopped.output).toContain('Draining running jobs');
    expect(stopped.output).not.toContain('Grace period over');

    const job = await waitForJob(registered.job.id);
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: accounts.length } });
    expect(await jobsOfType('onboarding')).toHaveLength(1);
    const log = await sandbox.admin.requests();
    expect(repeatedCalls(log)).toEqual([]);
    // Every account was read: one license and one terminal list each.
    expect(log.filter((entry) => entry.operation === 'GetTerminals')).toHaveLength(accounts.length);
    await sandbox.admin.removeFault(latency.id);
  }, 120_000);

  it('runs one drift cycle across replicas; SIGTERM mid-cycle drains, each account is read once', async () => {
    await sandbox.admin.clearRequests();
    const latency = await sandbox.admin.addFault({ kind: 'latency', latencyMs: 60 });
    // "Check now" reaches both replicas at the same moment: one check.
    const started = await Promise.all(
      replicas.map((replica) =>
        call<Schemas['DriftCheckStartedDto']>(replica.baseUrl, '/drift-checks', {
          method: 'POST',
          key,
          json: { franchiseId },
        }),
      ),
    );
    const jobIds = new Set(started.map((response) => response.body.job.id));
    expect(jobIds.size).toBe(1);
    const [jobId] = jobIds;
    await runningWithProgress(jobId, 2);
    const stopped = await terminateHolderOf(jobId);
    expect(stopped.exit).toEqual({ code: 0, signal: null });

    expect(await waitForJob(jobId)).toMatchObject({ status: 'succeeded' });
    expect(await jobsOfType('drift.check')).toHaveLength(1);
    const log = await sandbox.admin.requests();
    expect(repeatedCalls(log)).toEqual([]);
    const accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid);
    expect(log.filter((entry) => entry.operation === 'GetTerminals')).toHaveLength(accounts.length);
    await sandbox.admin.removeFault(latency.id);
  }, 120_000);

  it('rotates aged Fields tokens once when both replicas start and sweep at the same moment', async () => {
    const listed = await call<Schemas['MerchantAccountPageDto']>(
      anyReplica(),
      `/franchises/${franchiseId}/merchant-accounts?limit=200`,
      { key },
    );
    const ready = listed.body.items.filter((account) => account.state === 'ready');
    const shops: { id: string; tokenId: string; accessToken: string; customerId: string }[] = [];
    for (const account of ready) {
      if (shops.length === 4) break;
      const detail = await sandbox.admin.account(account.customerId);
      const terminal = detail.terminals.find((t) => t.type === 'ECOM');
      if (!terminal) continue;
      const shop = await call<Schemas['ShopDto']>(
        anyReplica(),
        `/franchises/${franchiseId}/shops`,
        {
          method: 'POST',
          key,
          json: {
            name: `Shop ${account.customerId}`,
            accountId: account.id,
            terminalId: terminal.terminalId,
            sourceUrls: [`https://${account.customerId}.shop.example.com/`],
          },
        },
      );
      expect(shop.status).toBe(201);
      const token = await call<Schemas['ProvisionedFieldsTokenDto']>(
        anyReplica(),
        `/shops/${shop.body.id}/fields-tokens`,
        { method: 'POST', key },
      );
      expect(token.status).toBe(201);
      shops.push({
        id: shop.body.id,
        tokenId: token.body.token.id,
        accessToken: token.body.accessToken,
        customerId: account.customerId,
      });
    }
    expect(shops.length).toBeGreaterThanOrEqual(2);
    // The tokens are past FIELDS_TOKEN_MAX_AGE_DAYS; both replicas restart together and each
    // runs the start-up sweep.
    await sql.query(
      `UPDATE fields_tokens SET activated_at = now() - interval '120 days' WHERE id = ANY($1)`,
      [shops.map((shop) => shop.tokenId)],
    );
    await sandbox.admin.clearRequests();
    await Promise.all(replicas.map((replica) => stopApiProcess(replica.process)));
    replicas = await Promise.all([startApiProcess(env), startApiProcess(env)]);

    for (const shop of shops) {
      for (let i = 0; ; i += 1) {
        const tokens = (
          await call<Schemas['FieldsTokenPageDto']>(
            anyReplica(),
            `/shops/${shop.id}/fields-tokens`,
            {
              key,
            },
          )
        ).body.items;
        const old = tokens.find((token) => token.id === shop.tokenId);
        const active = tokens.filter((token) => token.state === 'active');
        if (old?.state === 'revoked' && active.length === 1) {
          expect(active[0].replacesId).toBe(shop.tokenId);
          break;
        }
        if (i > 400) throw new Error(`shop ${shop.id} was not rotated: ${JSON.stringify(tokens)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const log = await sandbox.admin.requests();
    expect(repeatedCalls(log)).toEqual([]);
    // One new token and one deletion of the old one per shop, whatever replica did it.
    expect(log.filter((entry) => entry.operation === 'CreateFieldsAccessToken')).toHaveLength(
      shops.length,
    );
    expect(log.filter((entry) => entry.operation === 'DeleteFieldsAccessToken')).toHaveLength(
      shops.length,
    );
    expect(await jobsOfType('fields-tokens.rotate')).toHaveLength(shops.length);
    for (const shop of shops) {
      const atSandbox = (await sandbox.admin.fieldsAccessTokens(shop.customerId)).map(
        (token) => token.accessToken,
      );
      expect(atSandbox).not.toContain(shop.accessToken);
    }
  }, 120_000);

  it('a renamed shop and a revoked shop token count on the other replica at once (cluster notices)', async () => {
    const [writer, reader] = replicas.map((replica) => replica.baseUrl);
    const shops = await call<Schemas['ShopPageDto']>(writer, `/franchises/${franchiseId}/shops`, {
      key,
    });
    const shopId = shops.body.items[0].id;
    const issued = await call<Schemas['IssuedShopTokenDto']>(writer, `/shops/${shopId}/tokens`, {
      method: 'POST',
      key,
      json: { name: 'notices' },
    });
    expect(issued.status).toBe(201);
    const read = () =>
      call<Schemas['CapabilityDocumentDto']>(reader, '/shop/capabilities', {
        key: issued.body.token,
      });
    const before = await read();
    expect(before.status).toBe(200); // the reader now holds the token and the document

    /** Polls the reader until `done`; how long it took (at most 2 s, far below the 60 s TTLs). */
    const seenWithin = async (done: () => Promise<boolean>) => {
      const started = Date.now();
      while (!(await done())) {
        if (Date.now() - started > 2_000) throw new Error('the reader still serves its copy');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Date.now() - started;
    };
    const renamed = await call(writer, `/shops/${shopId}`, {
      method: 'PATCH',
      key,
      json: { name: 'Renamed on the other replica' },
    });
    expect(renamed.status).toBe(200);
    await seenWithin(async () => (await read()).body.name === 'Renamed on the other replica');

    const revoked = await call(writer, `/shop-tokens/${issued.body.id}`, {
      method: 'DELETE',
      key,
    });
    expect(revoked.status).toBeLessThan(300);
    await seenWithin(async () => (await read()).status === 401);
  }, 60_000);

  it('fetches a report across replicas; SIGTERM mid-paging drains, every page is asked once, the export is whole', async () => {
    const customerId = '640001';
    const count = 10_000;
    const target = zurichDay(1);
    const { registration } = await addReportingAccount(sandbox.admin, customerId);
    await sandbox.admin.seedTransactions(customerId, {
      count,
      from: target.start.toISOString(),
      to: target.end.toISOString(),
      state: 'SUCCESSFUL',
    });
    const registered = await call<Schemas['RegisteredMerchantAccountsDto']>(
      anyReplica(),
      `/franchises/${franchiseId}/merchant-accounts`,
      { method: 'POST', key, json: registration },
    );
    expect((await waitForJob(registered.body.job.id)).status).toBe('succeeded');
    const accountId = registered.body.accounts[0].id;

    await sandbox.admin.clearRequests();
    // Each page takes 400 ms at Saferpay: five pages leave time to stop a replica meanwhile.
    const latency = await sandbox.admin.addFault({
      kind: 'latency',
      operation: 'GetTransactions',
      latencyMs: 400,
    });
    const started = await call<Schemas['ReportExportDto']>(
      anyReplica(),
      `/merchant-accounts/${accountId}/transaction-reports`,
      { method: 'POST', key, json: { from: target.day, to: target.day } },
    );
    const jobId = started.body.job!.id;
    await runningWithProgress(jobId, 1);
    const stopped = await terminateHolderOf(jobId);
    expect(stopped.exit).toEqual({ code: 0, signal: null });

    expect(await waitForJob(jobId)).toMatchObject({
      status: 'succeeded',
      progress: { done: 5, total: 5 },
    });
    const pages = await sandbox.admin.requests({ customerId, operation: 'GetTransactions' });
    const { pages: asked, overlapping } = reportRequests(pages);
    // The page in flight at SIGTERM was finished and checkpointed, not asked again.
    expect([...asked].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(overlapping).toBe(0);
    expect(await jobsOfType('transaction-reports.fetch')).toHaveLength(1);
    await sandbox.admin.removeFault(latency.id);

    const exported = await fetch(
      `${anyReplica()}/merchant-accounts/${accountId}/transactions/export?format=ndjson`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    const ids = (await exported.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { transactionId: string }).transactionId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  }, 120_000);
});
