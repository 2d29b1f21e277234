import { randomBytes } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { AppModule } from '@api/app.module';
import { loadConfig } from '@api/config/app-config';
import { configureApp } from '@api/configure-app';
import type { JobDto, JobPageDto } from '@api/jobs/dto/job.dto';
import { forEachConcurrently } from '@api/jobs/for-each-concurrently';
import {
  ContinueJobLater,
  JobHandler,
  PermanentJobError,
  stoppedEarly,
  type JobContext,
  type JobHandlerInstance,
} from '@api/jobs/job-handler.decorator';
import { JobWorkerService, retryDelayMs } from '@api/jobs/job-worker.service';
import { JobsRepository } from '@api/jobs/jobs.repository';
import { JobsService } from '@api/jobs/jobs.service';
import { SchedulerLock } from '@api/jobs/scheduler-lock';
import { newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';

/** Counts items; fails on demand; waits for a release to simulate long work. */
@Injectable()
@JobHandler('test.count')
class CountingHandler implements JobHandlerInstance {
  runs: string[] = [];
  failuresLeft = new Map<string, number>();
  continueLater = new Map<string, number>();
  gate?: Promise<void>;

  async run({ job, reportProgress, signal }: JobContext): Promise<Record<string, unknown>> {
    this.runs.push(job.id);
    const items = Number(job.payload.items ?? 3);
    if (job.payload.permanent)
      throw new PermanentJobError('bad input', [{ ref: 'item-1', message: 'broken' }]);
    const laterLeft = this.continueLater.get(job.id) ?? Number(job.payload.continueLater ?? 0);
    if (laterLeft > 0) {
      this.continueLater.set(job.id, laterLeft - 1);
      throw new ContinueJobLater(new Date(Date.now() + 100), 'items wait for their backoff');
    }
    const failures = this.failuresLeft.get(job.id) ?? Number(job.payload.failTimes ?? 0);
    if (failures > 0) {
      this.failuresLeft.set(job.id, failures - 1);
      throw new Error(`transient failure ${failures}`);
    }
    await reportProgress({ total: items, done: 0 });
    // The abort may come before we get here: check the flag, not only the event.
    const aborted = new Promise<void>((resolve) =>
      signal.aborted
        ? resolve()
        : signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    if (this.gate) await Promise.race([this.gate, aborted]);
    for (let done = 1; done <= items; done += 1) await reportProgress({ done, failed: 0 });
    return { counted: items };
  }
}

/**
 * Items two at a time, each held until released; what is done is checkpointed in memory, so
 * a resumed run skips it (as the onboarding and drift handlers do with their item rows).
 */
@Injectable()
@JobHandler('test.items')
class ItemsHandler implements JobHandlerInstance {
  started: string[] = [];
  done = new Set<string>();
  private releases: (() => void)[] = [];

  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }

  async run({ job, stopping }: JobContext): Promise<Record<string, unknown>> {
    const items = Array.from({ length: Number(job.payload.items) }, (_, i) => `${job.id}:${i}`);
    await forEachConcurrently(
      items.filter((item) => !this.done.has(item)),
      2,
      stopping,
      async (item) => {
        this.started.push(item);
        await new Promise<void>((resolve) => this.releases.push(resolve));
        this.done.add(item);
      },
    );
    if (items.some((item) => !this.done.has(item))) {
      if (stopping.aborted) throw stoppedEarly();
      throw new Error('items left without a stop');
    }
    return { items: items.length };
  }
}

@Module({ providers: [CountingHandler, ItemsHandler] })
class TestJobsModule {}

describe('job queue', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let baseUrl: string;
  let tenant: TestTenant;
  let handler: CountingHandler;
  let jobs: JobsService;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      JOBS_POLL_INTERVAL_MS: '20',
      JOBS_LEASE_MS: '1500',
      ...(database.mode === 'postgres'
        ? {
            DATABASE_URL: database.url,
            ENCRYPTION_KEYS: `test:${randomBytes(32).toString('base64')}`,
          }
        : {}),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ config, databaseUrl: database.url }), TestJobsModule],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    tenant = await newTenant(app);
    handler = app.get(CountingHandler);
    jobs = app.get(JobsService);
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  async function waitForJob(
    id: string,
    statuses: string[],
    key = tenant.operatorKey,
  ): Promise<JobDto> {
    for (let i = 0; i < 300; i += 1) {
      const response = await call<JobDto>(baseUrl, `/jobs/${id}`, { key });
      if (statuses.includes(response.body.status)) return response.body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`job ${id} never reached ${statuses.join('/')}`);
  }

  it('runs a job to completion and exposes progress and result', async () => {
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', { payload: { items: 4 } });
    const done = await waitForJob(job.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({
      status: 'succeeded',
      progress: { total: 4, done: 4, failed: 0, percent: 100 },
      result: { counted: 4 },
      attempts: 1,
    });
    expect(done.finishedAt).not.toBeNull();
  });

  it('retries a failing job with backoff and then succeeds', async () => {
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', { payload: { failTimes: 1 } });
    // The first attempt fails and is rescheduled seconds ahead; pull it forward to keep the test fast.
    let queued: JobDto | undefined;
    for (let i = 0; i < 200 && !(queued?.status === 'queued' && queued.attempts === 1); i += 1) {
      queued = (await call<JobDto>(baseUrl, `/jobs/${job.id}`, { key: tenant.operatorKey })).body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(queued).toMatchObject({ status: 'queued', error: { message: 'transient failure 1' } });
    await app.get(JobsRepository)['repo'].update({ id: job.id }, { runAt: new Date() });
    const done = await waitForJob(job.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('lets a job step aside until its items are due, without spending attempts', async () => {
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', {
      payload: { continueLater: 3 },
      maxAttempts: 2,
    });
    const done = await waitForJob(job.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
    expect(handler.runs.filter((id) => id === job.id)).toHaveLength(4);
  });

  it('fails a job at once on a permanent error, with per-item errors', async () => {
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', { payload: { permanent: true } });
    const done = await waitForJob(job.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { message: 'bad input', items: [{ ref: 'item-1', message: 'broken' }] },
    });
  });

  it('reclaims a job whose worker died (lease expired) and lists jobs per tenant', async () => {
    const worker = app.get(JobWorkerService);
    await worker.stop();
    const repo = app.get(JobsRepository);
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', { payload: { items: 2 } });
    // A worker on another host claims the job, then vanishes without a word.
    const claimed = await repo.claimNext('ghost-worker', 200);
    expect(claimed?.id).toBe(job.id);
    expect(await repo.claimNext('second-worker', 200)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    worker.start();
    const done = await waitForJob(job.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });

    const page = await call<JobPageDto>(
      baseUrl,
      '/jobs?status=succeeded&type=test.count&limit=200',
      { key: tenant.operatorKey },
    );
    expect(page.body.items.map((j) => j.id)).toContain(job.id);
    expect(page.body.items.every((j) => j.status === 'succeeded')).toBe(true);

    const other = await newTenant(app);
    expectProblem(
      await call(baseUrl, `/jobs/${job.id}`, { key: other.operatorKey }),
      404,
      'not-found',
    );
    const othersPage = await call<JobPageDto>(baseUrl, '/jobs', { key: other.operatorKey });
    expect(othersPage.body.items).toEqual([]);
  });

  it('fails a job whose worker died during its last allowed attempt instead of taking it over again', async () => {
    const worker = app.get(JobWorkerService);
    await worker.stop();
    const repo = app.get(JobsRepository);
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', {
      payload: { items: 1 },
      maxAttempts: 2,
    });
    // Two workers take it in turn and die without a word (a job that crashes its process).
    for (const ghost of ['ghost-a', 'ghost-b']) {
      expect((await repo.claimNext(ghost, 1))?.id).toBe(job.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const runsBefore = handler.runs.length;
    worker.start();
    const failed = await waitForJob(job.id, ['succeeded', 'failed']);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed.error?.message).toMatch(/worker stopped during each of its 2 attempts/);
    expect(handler.runs.slice(runsBefore)).not.toContain(job.id);
  });

  it('cuts off a job still running when the shutdown grace is over and hands it back untouched', async () => {
    let release!: () => void;
    handler.gate = new Promise((resolve) => (release = resolve));
    const job = await jobs.enqueue(tenant.tenantId, 'test.count', { payload: { items: 1 } });
    await waitForJob(job.id, ['running']);
    const worker = app.get(JobWorkerService);
    await worker.stop(50);
    const afterStop = (await call<JobDto>(baseUrl, `/jobs/${job.id}`, { key: tenant.operatorKey }))
      .body;
    // Shutdown is not the job's fault: the attempt is refunded.
    expect(afterStop).toMatchObject({ status: 'queued', attempts: 0 });
    handler.gate = undefined;
    release();
    worker.start();
    expect(await waitForJob(job.id, ['succeeded', 'failed'])).toMatchObject({
      status: 'succeeded',
      attempts: 1,
    });
  });

  it('drains at shutdown: items in hand finish, no new item starts, the job resumes where it stopped', async () => {
    const items = app.get(ItemsHandler);
    const job = await jobs.enqueue(tenant.tenantId, 'test.items', { payload: { items: 6 } });
    await waitForJob(job.id, ['running']);
    while (items.started.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));

    const worker = app.get(JobWorkerService);
    expect(worker.draining).toBe(false);
    const stopped = worker.stop(10_000);
    expect(worker.draining).toBe(true);
    // Load balancers stop routing here while the replica drains.
    expectProblem(await call(baseUrl, '/health/ready'), 503, 'not-ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
    items.releaseAll(); // the two items in hand finish within the grace period
    await stopped;

    expect(items.started).toHaveLength(2);
    expect(items.done.size).toBe(2);
    const afterStop = (await call<JobDto>(baseUrl, `/jobs/${job.id}`, { key: tenant.operatorKey }))
      .body;
    expect(afterStop).toMatchObject({ status: 'queued', attempts: 0 });

    worker.start();
    while (
      (await call<JobDto>(baseUrl, `/jobs/${job.id}`, { key: tenant.operatorKey })).body.status !==
      'succeeded'
    ) {
      items.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await call(baseUrl, '/health/ready')).status).toBe(200);
    // Six items, each started exactly once across the two runs.
    expect(new Set(items.started).size).toBe(6);
    expect(items.started).toHaveLength(6);
  });

  it('deduplicates active jobs by key and lets one scheduler step win the lock', async () => {
    const worker = app.get(JobWorkerService);
    await worker.stop();
    try {
      const first = await jobs.enqueue(tenant.tenantId, 'test.count', { dedupeKey: 'cycle:1' });
      const second = await jobs.enqueue(tenant.tenantId, 'test.count', { dedupeKey: 'cycle:1' });
      expect(second.id).toBe(first.id);
      const racing = await Promise.all([
        jobs.enqueue(tenant.tenantId, 'test.count', { dedupeKey: 'cycle:2' }),
        jobs.enqueue(tenant.tenantId, 'test.count', { dedupeKey: 'cycle:2' }),
      ]);
      expect(racing[1].id).toBe(racing[0].id);

      const lock = app.get(SchedulerLock);
      const step = async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return 'ran';
      };
      const results = await Promise.all([
        lock.runExclusive('test', step),
        lock.runExclusive('test', step),
      ]);
      // A real server runs both at once, so one finds the lock taken; PGlite's single
      // connection serialises the two transactions, so each takes the lock in turn.
      expect(results).toEqual(
        database.mode === 'postgres' ? expect.arrayContaining(['ran', undefined]) : ['ran', 'ran'],
      );
    } finally {
      worker.start();
    }
  });

  it('backs off exponentially with jitter, capped at ten minutes', () => {
    expect(retryDelayMs(1, () => 0)).toBe(2_500);
    expect(retryDelayMs(1, () => 1)).toBe(5_000);
    expect(retryDelayMs(3, () => 1)).toBe(20_000);
    expect(retryDelayMs(30, () => 1)).toBe(600_000);
  });
});
