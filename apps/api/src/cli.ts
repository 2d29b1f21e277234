import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@api/config/app-config';
import { createApp, openDatabase } from '@api/create-app';
import { schemaDiff, migrationSource } from '@api/cli/schema-diff';
import { dataSourceOptions } from '@api/database/data-source-options';
import { EmbeddedPostgres } from '@api/database/embedded-postgres';
import { runMigrations } from '@api/database/migrations-on-startup';
import { buildOpenApiDocument } from '@api/openapi/openapi-document';
import { SecretsReencryptionService } from '@api/secrets/secrets-reencryption.service';
import { TenantsService } from '@api/tenants/tenants.service';

const USAGE = `Usage: platform <command>

  migrate                          apply pending migrations
  migrations:check                 fail if the entities need a migration that does not exist
  migrations:generate <Name>       write a migration for the entities' changes
  tenants:create --name <name>     create a tenant and print its first operator key (once)
  secrets:reencrypt                re-encrypt every stored secret under ENCRYPTION_ACTIVE_KEY_ID
  openapi [--out <file>]           print or write the API's OpenAPI document

Options: --json for machine-readable output. Exit codes: 0 ok, 1 failure, 2 usage, 78 bad configuration.`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function print(json: boolean, value: Record<string, unknown>, text: string): void {
  process.stdout.write(`${json ? JSON.stringify(value) : text}\n`);
}

/** A database config for commands that only need a throwaway schema. */
function scratchConfig(config: AppConfig): AppConfig {
  return Object.assign(
    Object.create(Object.getPrototypeOf(config) as object) as AppConfig,
    config,
    {
      DATABASE_URL: undefined,
      PGLITE_DATA_DIR: 'memory://',
    },
  );
}

/** A non-listening app without background work, for commands that use services. */
async function withApp<T>(
  config: AppConfig,
  run: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>,
): Promise<T> {
  const quiet = Object.assign(config, {
    JOBS_WORKER_ENABLED: false,
    SCHEDULER_ENABLED: false,
    WEBHOOK_DISPATCH_ENABLED: false,
    LOG_LEVEL: 'warn',
  });
  const database = await openDatabase(quiet);
  const app = await createApp(quiet, database.url);
  try {
    await app.init();
    return await run(app);
  } finally {
    await app.close();
    await database.stop();
  }
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const json = rest.includes('--json');
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const database = await openDatabase(config);
      const dataSource = new DataSource(dataSourceOptions(config, database.url));
      await dataSource.initialize();
      try {
        const applied = await runMigrations(dataSource, config.usesEmbeddedDatabase);
        print(
          json,
          { applied },
          applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.',
        );
      } finally {
        await dataSource.destroy();
        await database.stop();
      }
      return 0;
    }
    case 'migrations:check':
    case 'migrations:generate': {
      const scratch = scratchConfig(config);
      const embedded = await EmbeddedPostgres.start('memory://');
      let diff;
      try {
        diff = await schemaDiff(scratch, embedded.url);
      } finally {
        await embedded.stop();
      }
      if (command === 'migrations:check') {
        if (diff.up.length === 0) {
          print(json, { upToDate: true }, 'Migrations match the entities.');
          return 0;
        }
        print(
          json,
          { upToDate: false, pending: diff.up },
          `Entities differ from the migrations. Missing SQL:\n${diff.up.join('\n')}\nRun: npm run platform -- migrations:generate <Name>`,
        );
        return 1;
      }
      const name = rest.find((arg) => !arg.startsWith('--'));
      if (!name) return usage();
      if (diff.up.length === 0) {
        print(json, { written: null }, 'Nothing to generate: migrations match the entities.');
        return 0;
      }
      const timestamp = Date.now();
      const file = resolve(
        process.cwd(),
        'apps/api/src/database/migrations',
        `${timestamp}-${name}.ts`,
      );
      writeFileSync(file, migrationSource(name, timestamp, diff));
      print(json, { written: file }, `Wrote ${file}`);
      return 0;
    }
    case 'tenants:create': {
      const name = option(rest, '--name');
      if (!name?.trim()) return usage();
      const created = await withApp(config, (app) =>
        app.get(TenantsService).bootstrap(name.trim()),
      );
      print(
        json,
        { tenantId: created.tenant.id, operatorKey: created.operatorKey.token },
        `Tenant ${created.tenant.name} (${created.tenant.id})\nOperator key (shown once): ${created.operatorKey.token}`,
      );
      return 0;
    }
    case 'secrets:reencrypt': {
      let current = '';
      const stores = await withApp(config, (app) =>
        app.get(SecretsReencryptionService).reencryptAll(({ store, total, done }) => {
          if (json) return;
          if (current && current !== store) process.stderr.write('\n');
          current = store;
          process.stderr.write(`\rRe-encrypting ${store}: ${done}/${total}`);
        }),
      );
      if (!json && current) process.stderr.write('\n');
      const done = stores.reduce((sum, store) => sum + store.done, 0);
      print(
        json,
        { stores, done, total: stores.reduce((sum, store) => sum + store.total, 0) },
        `Re-encrypted ${done} secret(s) under key ${config.ENCRYPTION_ACTIVE_KEY_ID ?? 'the active key'}: ${stores.map((s) => `${s.store} ${s.done}`).join(', ')}.`,
      );
      return 0;
    }
    case 'openapi': {
      const document = await withApp(scratchConfig(config), (app) =>
        Promise.resolve(buildOpenApiDocument(app)),
      );
      const text = `${JSON.stringify(document, null, 2)}\n`;
      const out = option(rest, '--out');
      if (out) writeFileSync(resolve(process.cwd(), out), text);
      else process.stdout.write(text);
      return 0;
    }
    default:
      return usage();
  }
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

/**
 * Exits once stdout and stderr are flushed: on a pipe they are asynchronous, and exiting
 * at once cut a large `openapi` document short.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  const name = error instanceof Error ? error.constructor.name : '';
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  exitAfterFlush(name === 'ConfigValidationError' ? 78 : 1);
});
