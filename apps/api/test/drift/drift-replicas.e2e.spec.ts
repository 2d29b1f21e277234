import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Schemas } from '@platform/api-types';
import {
  createTestDatabase,
  startSandboxProcess,
  type SandboxProcess,
  type TestDatabase,
} from '@platform/testing';
import {
  apiProcessEnv,
  createTenantWithCli,
  startApiProcess,
  stopApiProcess,
} from '../support/api-process';
import { call } from '../support/http';
import { Receiver } from '../support/webhook-receiver';
import { registerSandboxAccounts, waitForJob as waitForJobOf } from '../support/sandbox-accounts';

type Job = Schemas['JobDto'];

/**
 * Two API processes on one real PostgreSQL, both running the scheduler (200 ms ticks) and
 * job workers: a due drift cycle starts once and reads each account once, and "check now"
 * sent to both replicas at the same moment is one check. PGlite is one process's database,
 * so this runs in the PostgreSQL pass only.
 */
const onPostgres = process.env.TEST_DB === 'postgres' ? describe : describe.skip;

onPostgres('drift checks across two API replicas', () => {
  let sandbox: SandboxProcess;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const replicas: { process: ChildProcess; baseUrl: string }[] = [];
  let operatorKey: string;
  let tenantId: string;
  let valid: string[];
  const receiver = new Receiver();

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 24, seed: 5 });
    database = await createTestDatabase();
    env = apiProcessEnv({
      LOG_LEVEL: 'warn',
      PORT: '0',
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: `replicas:${randomBytes(32).toString('base64')}`,
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SCHEDULER_ENABLED: 'true',
      DRIFT_SCHEDULER_TICK_MS: '200',
      DRIFT_CONCURRENCY: '3',
      JOBS_POLL_INTERVAL_MS: '100',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_RETRY_SCHEDULE: '100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    await receiver.start();
    // The first start applies the migrations; the second finds them applied.
    replicas.push(await startApiProcess(env));
    replicas.push(await startApiProcess(env));
    ({ operatorKey, tenantId } = createTenantWithCli(env, 'Replicas'));

    const accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid);
    valid = accounts.map((a) => a.customerId);
    const franchise = await call<Schemas['FranchiseDto']>(replicas[0].baseUrl, '/franchises', {
      method: 'POST',
      key: operatorKey,
      json: { name: 'Two replicas' },
    });
    const registered = await registerSandboxAccounts(
      replicas[1].baseUrl,
      operatorKey,
      franchise.body.id,
      accounts,
    );
    expect((await waitForJob(registered.job.id)).status).toBe('succeeded');
    // Every Saferpay answer takes 30 ms, so a cycle spans many scheduler ticks of both replicas.
    await sandbox.admin.addFault({ kind: 'latency', latencyMs: 30 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => stopApiProcess(replica.process)));
    await receiver.stop();
    await sandbox?.stop();
    await database?.dispose();
  });

  let turn = 0;
  // Polls both replicas in turn: either answers for the shared database.
  const waitForJob = (id: string): Promise<Job> =>
    waitForJobOf(() => replicas[turn++ % 2].baseUrl, operatorKey, id);

  async function readsPerCustomer(): Promise<Map<string, number>> {
    const reads = new Map<string, number>();
    for (const request of await sandbox.admin.requests({ operation: 'GetTerminals' })) {
      reads.set(request.customerId!, (reads.get(request.customerId!) ?? 0) + 1);
    }
    return reads;
  }

  async function driftJobs(): Promise<Job[]> {
    const page = await call<Schemas['JobPageDto']>(
      replicas[0].baseUrl,
      '/jobs?type=drift.check&limit=200',
      { key: operatorKey },
    );
    return page.body.items;
  }

  it('starts a due cycle once, reads each account once and delivers each event once', async () => {
    // Three accounts lose a payment method; the receiver fails its first five requests.
    const changed = valid.slice(0, 3);
    for (const customerId of changed) {
      const detail = await sandbox.admin.account(customerId);
      const terminal = detail.terminals.find((t) => t.paymentMethods.length > 0)!;
      await sandbox.admin.removePaymentMethod(
        customerId,
        terminal.terminalId,
        terminal.paymentMethods[0].paymentMethod,
        terminal.type,
      );
    }
    const hookPath = receiver.path((n) => (n <= 5 ? 503 : 200));
    const endpoint = await call<Schemas['WebhookEndpointWithSecretDto']>(
      replicas[0].baseUrl,
      '/webhook-endpoints',
      {
        method: 'POST',
        key: operatorKey,
        json: { url: receiver.url(hookPath), eventTypes: ['capability.removed'] },
      },
    );
    expect(endpoint.status).toBe(201);

    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      // The schedulers create the tenant's schedule (first run at a random time of the day)…
      for (let i = 0; i < 100; i += 1) {
        const rows = await sql.query('SELECT 1 FROM drift_schedules WHERE tenant_id = $1', [
          tenantId,
        ]);
        if (rows.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await sandbox.admin.clearRequests();
      // …which the test makes due now.
      await sql.query('UPDATE drift_schedules SET next_run_at = now() WHERE tenant_id = $1', [
        tenantId,
      ]);
      let jobId: string | null = null;
      for (let i = 0; i < 100 && !jobId; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const rows = await sql.query<{ last_job_id: string | null }>(
          'SELECT last_job_id FROM drift_schedules WHERE tenant_id = $1',
          [tenantId],
        );
        jobId = rows.rows[0]?.last_job_id ?? null;
      }
      expect(jobId).toBeTruthy();
      const job = await waitForJob(jobId!);
      expect(job.result).toMatchObject({ accounts: valid.length, failed: 0 });
      // Many more ticks of both replicas: still one cycle.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await driftJobs()).map((j) => j.id)).toEqual([jobId]);

      const reads = await readsPerCustomer();
      expect([...reads.keys()].sort()).toEqual([...valid].sort());
      expect([...reads.values()].every((count) => count === 1)).toBe(true);

      const items = await sql.query<{ n: string }>(
        'SELECT count(*) AS n FROM drift_check_items WHERE job_id = $1',
        [jobId],
      );
      expect(Number(items.rows[0].n)).toBe(valid.length);

      // Both replicas dispatch; each event is answered 200 exactly once, after five failures in all.
      const events = (
        await call<Schemas['EventPageDto']>(
          replicas[1].baseUrl,
          '/events?type=capability.removed&limit=200',
          { key: operatorKey },
        )
      ).body.items;
      expect(events).toHaveLength(changed.length);
      const succeeded = () => receiver.at(hookPath).filter((r) => r.status === 200);
      for (let i = 0; i < 200 && succeeded().length < events.length; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const okIds = succeeded().map((r) => r.headers['webhook-id']);
      expect([...okIds].sort()).toEqual(events.map((e) => e.id).sort());
      expect(receiver.at(hookPath).filter((r) => r.status !== 200)).toHaveLength(5);
    } finally {
      await sql.end();
    }
  });

  it('makes "check now" sent to both replicas at once one check', async () => {
    await sandbox.admin.clearRequests();
    const [a, b] = await Promise.all(
      replicas.map((replica) =>
        call<Schemas['DriftCheckStartedDto']>(replica.baseUrl, '/drift-checks', {
          method: 'POST',
          key: operatorKey,
          json: {},
        }),
      ),
    );
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.job.id).toBe(b.body.job.id);
    const job = await waitForJob(a.body.job.id);
    expect(job.result).toMatchObject({ accounts: valid.length });
    const reads = await readsPerCustomer();
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
    expect(reads.size).toBe(valid.length);
  });
});
