import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { loadConfig, type AppConfig } from '@api/config/app-config';
import { createApp } from '@api/create-app';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  database: TestDatabase;
  /** http://127.0.0.1:<port> of the listening app. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the real app, listening on a free loopback port, against a fresh
 * database of the current TEST_DB mode, with migrations applied.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    JOBS_WORKER_ENABLED: 'false',
    WEBHOOK_DISPATCH_ENABLED: 'false',
    // In pglite mode the URL stays unset, so the app keeps its one-connection pool.
    ...(database.mode === 'postgres'
      ? {
          DATABASE_URL: database.url,
          ENCRYPTION_KEYS: `test:${randomBytes(32).toString('base64')}`,
        }
      : {}),
    ...env,
  });
  const app = await createApp(config, database.url, options);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    config,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}
