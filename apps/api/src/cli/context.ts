import { loadConfig, type AppConfig } from '@api/config/app-config';
import { createApp, openDatabase } from '@api/create-app';

/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** accounts:import: some rows were rejected, the rest imported and onboarded. */
  partial: 3,
  badConfiguration: 78,
} as const;

/** A command line that names a command correctly but is unusable (blank name, bad id). */
export class UsageError extends Error {}

export type CliApp = Awaited<ReturnType<typeof createApp>>;

/** Options every command accepts. */
export interface GlobalOptions {
  json?: boolean;
}

/** The configuration, read when a command runs (so `--help` needs none). */
export function config(): AppConfig {
  return loadConfig();
}

/** One result: JSON for scripts, a sentence for people. Always stdout. */
export function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(`${json ? JSON.stringify(value) : text}\n`);
}

/** A database config for commands that only need a throwaway schema. */
export function scratchConfig(config: AppConfig): AppConfig {
  return Object.assign(
    Object.create(Object.getPrototypeOf(config) as object) as AppConfig,
    config,
    {
      DATABASE_URL: undefined,
      PGLITE_DATA_DIR: 'memory://',
    },
  );
}

/**
 * A non-listening app without background work, for commands that use services.
 * `worker`: run the job worker in this process (commands that follow a job).
 */
export async function withApp<T>(
  config: AppConfig,
  run: (app: CliApp) => Promise<T>,
  { worker = false }: { worker?: boolean } = {},
): Promise<T> {
  const quiet = Object.assign(config, {
    JOBS_WORKER_ENABLED: worker,
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A commander argument parser for ids: a bad one is a usage error (exit 2). */
export function uuid(value: string): string {
  if (!UUID.test(value)) throw new UsageError(`"${value}" is not a UUID`);
  return value.toLowerCase();
}
