import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@api/config/app-config';

/**
 * One definition of the database connection for the app, the CLI and the
 * migration check. Entities and migrations are found by file name, so a new
 * feature module needs no central list.
 */
export function dataSourceOptions(
  config: AppConfig,
  url: string,
): DataSourceOptions & { type: 'postgres' } {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{js,ts}')],
    migrations: [join(__dirname, 'migrations', '*.{js,ts}')],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    // PGlite serves exactly one session (see EmbeddedPostgres).
    // Its one connection is also kept open: a reconnect would queue behind the
    // server's record of the old one.
    extra: config.usesEmbeddedDatabase
      ? { max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 30_000 }
      : { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 30_000 },
  };
}
