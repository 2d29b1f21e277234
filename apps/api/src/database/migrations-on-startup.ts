import { Injectable, OnModuleInit } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '@api/config/app-config';

/**
 * Applies pending migrations before any module starts work. On a real server
 * a session advisory lock keeps two replicas from migrating at once; PGlite
 * has a single process and a single connection, so it needs (and allows) none.
 */
export async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<string[]> {
  if (embedded) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['schema_migrations']);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', ['schema_migrations'])
      .catch(() => undefined);
    await runner.release();
  }
}

@Injectable()
export class MigrationsOnStartup implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(MigrationsOnStartup.name);
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.MIGRATIONS_RUN) return;
    const applied = await runMigrations(this.dataSource, this.config.usesEmbeddedDatabase);
    if (applied.length) this.logger.info({ applied }, 'Applied migrations');
  }
}
