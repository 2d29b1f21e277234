import type { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { loadConfig, type AppConfig } from '@api/config/app-config';
import { ClusterNotifications } from './cluster-notifications';
import { dataSourceOptions } from './data-source-options';

const logger = { setContext: () => undefined, warn: () => undefined } as unknown as PinoLogger;

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two replicas' notifiers on one database (PostgreSQL); with PGlite there is nothing to tell. */
describe('ClusterNotifications (real database)', () => {
  let database: TestDatabase;
  let config: AppConfig;
  let dataSource: DataSource;
  const started: ClusterNotifications[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig(
      database.mode === 'postgres'
        ? {
            DATABASE_URL: database.url,
            ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 5).toString('base64')}`,
          }
        : {},
    );
    dataSource = await new DataSource(dataSourceOptions(config, database.url)).initialize();
  });
  afterAll(async () => {
    await Promise.all(started.map((notifier) => notifier.onApplicationShutdown()));
    await dataSource.destroy();
    await database.dispose();
  });

  function replica() {
    const notifier = new ClusterNotifications(config, dataSource, logger);
    const heard: string[][] = [];
    let resyncs = 0;
    notifier.subscribe('shops.deleted', {
      onIds: (ids) => heard.push(ids),
      onResync: () => (resyncs += 1),
    });
    notifier.onApplicationBootstrap();
    started.push(notifier);
    return { notifier, heard, resyncs: () => resyncs };
  }

  it('on PGlite sends nothing (one process forgets locally)', async () => {
    if (database.mode === 'postgres') return;
    const one = replica();
    expect(one.notifier.enabled).toBe(false);
    await one.notifier.publish('shops.deleted', ['a']);
    expect(one.heard).toEqual([]);
  });

  it('tells the other replicas, not itself, in chunks under the payload limit', async () => {
    if (database.mode !== 'postgres') return;
    const [writer, reader] = [replica(), replica()];
    await until('both listening', () => writer.notifier.listening && reader.notifier.listening);
    const ids = Array.from(
      { length: 250 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    await writer.notifier.publish('shops.deleted', ids);
    await writer.notifier.publish('another.topic', ['x']);
    await until('the notices', () => reader.heard.flat().length === 250);
    expect(reader.heard.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
    expect(reader.heard.flat()).toEqual(ids);
    expect(writer.heard).toEqual([]);
  });

  it('reconnects after losing its connection and then drops every cache once', async () => {
    if (database.mode !== 'postgres') return;
    const [writer, reader] = [replica(), replica()];
    await until('both listening', () => writer.notifier.listening && reader.notifier.listening);
    // The database ends every listening session (a failover, an idle-session killer...).
    await dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'saferpay-platform cache notices'`,
    );
    await until('the loss to be noticed', () => !reader.notifier.listening);
    await until('the reconnection', () => reader.notifier.listening, 15_000);
    expect(reader.resyncs()).toBe(1);
    await writer.notifier.publish('shops.deleted', ['after-the-gap']);
    await until('a notice after the gap', () => reader.heard.flat().includes('after-the-gap'));
  }, 30_000);
});
