import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { AppModule } from '@api/app.module';
import type { AppConfig } from '@api/config/app-config';
import { configureApp } from '@api/configure-app';
import { EmbeddedPostgres } from '@api/database/embedded-postgres';

export interface RunningDatabase {
  url: string;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/** The configured server, or embedded PGlite persisted under PGLITE_DATA_DIR. */
export async function openDatabase(config: AppConfig): Promise<RunningDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: () => Promise.resolve() };
  const embedded = await EmbeddedPostgres.start(config.PGLITE_DATA_DIR);
  return { url: embedded.url, stop: () => embedded.stop() };
}

/** Builds the HTTP application (not yet listening); shared by main, the CLI and tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logDestination?: DestinationStream } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl, logDestination: options.logDestination }),
    {
      bodyParser: false,
      bufferLogs: true,
    },
  );
  configureApp(app);
  return app;
}
