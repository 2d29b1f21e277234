import { DataSource } from 'typeorm';
import type { AppConfig } from '@api/config/app-config';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrations-on-startup';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/**
 * Applies every migration to the given (empty) database and returns the SQL
 * TypeORM would still run to match the entities: empty when migrations and
 * entities agree.
 */
export async function schemaDiff(config: AppConfig, url: string): Promise<SchemaDiff> {
  const dataSource = new DataSource(dataSourceOptions(config, url));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, config.usesEmbeddedDatabase);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}

/** Renders a TypeORM migration class from a diff. */
export function migrationSource(name: string, timestamp: number, diff: SchemaDiff): string {
  const className = `${name.replace(/[^A-Za-z0-9]/g, '')}${timestamp}`;
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(diff.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(diff.down)}
  }
}
`;
}
