import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { loadConfig, type AppConfig } from '@api/config/app-config';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrations-on-startup';
import { CustomerReportLock, LockNotAcquired } from './customer-report-lock';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The per-customer report lease through the database: holders that share nothing but the
 * database (as replicas do) never overlap, and a dead holder's lease expires.
 */
describe('CustomerReportLock (real database)', () => {
  let database: TestDatabase;
  let config: AppConfig;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig({
      REPORTING_LOCK_TTL_MS: '1000',
      ...(database.mode === 'postgres'
        ? {
            DATABASE_URL: database.url,
            ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 3).toString('base64')}`,
          }
        : {}),
    });
    // Two "replicas" on PostgreSQL; PGlite serves one session, so one data source there.
    for (let i = 0; i < (database.mode === 'postgres' ? 2 : 1); i += 1) {
      sources.push(await new DataSource(dataSourceOptions(config, database.url)).initialize());
    }
    await runMigrations(sources[0], config.usesEmbeddedDatabase);
  });
  afterAll(async () => {
    for (const source of sources) await source.destroy();
    await database.dispose();
  });

  it('lets one holder at a time work for a customer, whichever replica it is', async () => {
    const locks = [0, 1, 2, 3].map(
      (i) => new CustomerReportLock(config, sources[i % sources.length]),
    );
    const intervals: [number, number][] = [];
    const signal = new AbortController().signal;
    await Promise.all(
      locks.flatMap((lock) =>
        [0, 1, 2].map(() =>
          lock.run('test:123456', signal, async () => {
            const start = performance.now();
            await pause(20);
            intervals.push([start, performance.now()]);
          }),
        ),
      ),
    );
    intervals.sort((a, b) => a[0] - b[0]);
    expect(intervals).toHaveLength(12);
    for (let i = 1; i < intervals.length; i += 1) {
      expect(intervals[i][0]).toBeGreaterThanOrEqual(intervals[i - 1][1]);
    }
  });

  it('other customers are not blocked; a dead holder’s lease expires after the TTL', async () => {
    const lock = new CustomerReportLock(config, sources[0]);
    const signal = new AbortController().signal;
    // A holder that died: its row stays until it expires.
    await sources[0].query(
      `INSERT INTO transaction_report_locks (lock_key, holder, acquired_at, expires_at)
       VALUES ('test:999999', 'dead', now(), now() + interval '700 milliseconds')`,
    );
    await expect(lock.run('test:888888', signal, () => Promise.resolve('free'))).resolves.toBe(
      'free',
    );
    await expect(
      lock.run('test:999999', signal, () => Promise.resolve(1), 100),
    ).rejects.toBeInstanceOf(LockNotAcquired);
    const started = Date.now();
    await expect(lock.run('test:999999', signal, () => Promise.resolve(2), 5_000)).resolves.toBe(2);
    expect(Date.now() - started).toBeGreaterThan(300);
  });
});
