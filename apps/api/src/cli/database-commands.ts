import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { openDatabase } from '@api/create-app';
import { dataSourceOptions } from '@api/database/data-source-options';
import { EmbeddedPostgres } from '@api/database/embedded-postgres';
import { runMigrations } from '@api/database/migrations-on-startup';
import { config, EXIT, print, scratchConfig, type GlobalOptions } from './context';
import { migrationSource, schemaDiff } from './schema-diff';

type Run = (code: number) => void;

/** migrate, migrations:check, migrations:generate. */
export function registerDatabaseCommands(program: Command, done: Run): void {
  program
    .command('migrate')
    .description('apply pending migrations')
    .action(async (_options: unknown, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const cfg = config();
      const database = await openDatabase(cfg);
      const dataSource = new DataSource(dataSourceOptions(cfg, database.url));
      await dataSource.initialize();
      try {
        const applied = await runMigrations(dataSource, cfg.usesEmbeddedDatabase);
        print(
          json,
          { applied },
          applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.',
        );
      } finally {
        await dataSource.destroy();
        await database.stop();
      }
      done(EXIT.ok);
    });

  program
    .command('migrations:check')
    .description('fail if the entities need a migration that does not exist')
    .action(async (_options: unknown, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const diff = await scratchDiff();
      if (diff.up.length === 0) {
        print(json, { upToDate: true }, 'Migrations match the entities.');
        return done(EXIT.ok);
      }
      print(
        json,
        { upToDate: false, pending: diff.up },
        `Entities differ from the migrations. Missing SQL:\n${diff.up.join('\n')}\nRun: npm run platform -- migrations:generate <Name>`,
      );
      done(EXIT.failure);
    });

  program
    .command('migrations:generate')
    .description("write a migration for the entities' changes")
    .argument('<Name>', 'the migration class name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      const diff = await scratchDiff();
      if (diff.up.length === 0) {
        print(json, { written: null }, 'Nothing to generate: migrations match the entities.');
        return done(EXIT.ok);
      }
      const timestamp = Date.now();
      const file = resolve(
        process.cwd(),
        'apps/api/src/database/migrations',
        `${timestamp}-${name}.ts`,
      );
      writeFileSync(file, migrationSource(name, timestamp, diff));
      print(json, { written: file }, `Wrote ${file}`);
      done(EXIT.ok);
    });
}

async function scratchDiff(): Promise<Awaited<ReturnType<typeof schemaDiff>>> {
  const scratch = scratchConfig(config());
  const embedded = await EmbeddedPostgres.start('memory://');
  try {
    return await schemaDiff(scratch, embedded.url);
  } finally {
    await embedded.stop();
  }
}
