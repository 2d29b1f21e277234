import 'reflect-metadata';
import { ConfigValidationError, loadConfig, type AppConfig } from '@api/config/app-config';
import { startTracing, stopTracing } from '@api/tracing/tracing';

/** Starts the API. `--demo` also seeds demo data and prints a fresh operator key. */
async function main(argv: string[]): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(
        `${error.message}\nThe API did not start. See README.md#configuration.\n`,
      );
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Tracing patches http, express and pg as they load, so the app is loaded only after it.
  await startTracing(config);
  const { createApp, openDatabase } = await import('@api/create-app');
  const database = await openDatabase(config);
  const app = await createApp(config, database.url);
  await app.listen(config.PORT, config.HOST);
  const baseUrl = (await app.getUrl())
    .replace('[::1]', 'localhost')
    .replace('127.0.0.1', 'localhost');

  // Close the app first (the job worker hands its jobs back), then the database it used, then
  // send the spans still buffered.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app
      .close()
      .then(() => database.stop())
      .then(() => stopTracing())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`Shutdown after ${signal} failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  const lines = [
    '',
    `Saferpay Account Platform API  ${baseUrl}`,
    `  Health:        ${baseUrl}/health/ready`,
    `  Console:       ${baseUrl}/app/console   (operators; invitations open the wizard at /app/invite)`,
    `  Database:      ${config.usesEmbeddedDatabase ? `embedded PGlite in ${config.PGLITE_DATA_DIR}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (argv.includes('--demo')) {
    const fixtureAt = argv.indexOf('--demo-accounts');
    const { seedDemo } = await import('@api/demo/demo-seed');
    const demo = await seedDemo(app, {
      ...(fixtureAt >= 0 && argv[fixtureAt + 1] ? { accountsFixture: argv[fixtureAt + 1] } : {}),
    });
    lines.push(
      `  Demo operator key (shown once): ${demo.operatorKey}`,
      '',
      'Try it:',
      `  curl -s -H "Authorization: Bearer ${demo.operatorKey}" ${baseUrl}/franchises`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `The API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
