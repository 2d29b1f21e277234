import { banner } from './cli/print-banner';
import { CliError, USAGE, parseCliOptions, type CliOptions } from './cli/parse-cli-options';
import { createSandbox } from './create-sandbox';
import { FixtureError } from './seed/fixture';

/** CLI entry: starts the Saferpay Management API sandbox until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(64); // EX_USAGE
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  let sandbox;
  try {
    sandbox = createSandbox({
      accounts: options.accounts,
      seed: options.seed,
      fixture: options.fixture,
      reportProcessingMs: options.reportProcessingMs,
      paymentLinkBaseUrl: options.paymentLinkBaseUrl,
      logRequests: options.logRequests,
    });
  } catch (error) {
    if (error instanceof FixtureError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  await sandbox.start(options.port, options.host);
  process.stdout.write(banner(sandbox));

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    sandbox
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `saferpay-sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
