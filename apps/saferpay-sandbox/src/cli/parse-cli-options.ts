/** Command line and environment of `main.ts`; flags win over environment variables. */
export interface CliOptions {
  port: number;
  host: string;
  accounts: number;
  seed: number;
  fixture?: string;
  reportProcessingMs: number;
  paymentLinkBaseUrl?: string;
  logRequests: boolean;
  help: boolean;
}

export class CliError extends Error {}

export const USAGE = `Usage: node dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js [options]

  --port N               port to listen on (SANDBOX_PORT, default 8090; 0 = any free port)
  --host H               interface (SANDBOX_HOST, default 127.0.0.1)
  --accounts N           generated accounts (SANDBOX_ACCOUNTS, default 5)
  --seed S               PRNG seed of the generated data (SANDBOX_SEED, default 42)
  --fixture FILE         load accounts from a fixture JSON file instead (SANDBOX_FIXTURE)
  --report-delay-ms N    simulated report duration (SANDBOX_REPORT_DELAY_MS, default 150)
  --payment-link-base U  base URL of SPG PaymentLinks (SANDBOX_PAYMENT_LINK_BASE, default own URL)
  --quiet                no per-request log lines (SANDBOX_LOG_REQUESTS=false)
  --help                 this text
`;

const FLAGS_WITH_VALUE = [
  '--port',
  '--host',
  '--accounts',
  '--seed',
  '--fixture',
  '--report-delay-ms',
  '--payment-link-base',
];

function integer(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new CliError(`${name} must be an integer between 0 and ${max} (got "${text}")`);
  }
  return Number(text);
}

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const flags = new Map<string, string>();
  let quiet = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const [flag, inline] = raw.includes('=')
      ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
      : [raw, undefined];
    if (flag === '--quiet') quiet = true;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (FLAGS_WITH_VALUE.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`${flag} needs a value`);
      flags.set(flag, value);
    } else {
      throw new CliError(`unknown option ${raw}`);
    }
  }
  const pick = (flag: string, variable: string): string | undefined =>
    flags.get(flag) ?? env[variable];
  const logEnv = env.SANDBOX_LOG_REQUESTS;
  return {
    port: integer('--port', pick('--port', 'SANDBOX_PORT'), 8090, 65_535),
    host: pick('--host', 'SANDBOX_HOST') ?? '127.0.0.1',
    accounts: integer('--accounts', pick('--accounts', 'SANDBOX_ACCOUNTS'), 5, 10_000),
    seed: integer('--seed', pick('--seed', 'SANDBOX_SEED'), 42, 0xffffffff),
    fixture: pick('--fixture', 'SANDBOX_FIXTURE') || undefined,
    reportProcessingMs: integer(
      '--report-delay-ms',
      pick('--report-delay-ms', 'SANDBOX_REPORT_DELAY_MS'),
      150,
      600_000,
    ),
    paymentLinkBaseUrl: pick('--payment-link-base', 'SANDBOX_PAYMENT_LINK_BASE') || undefined,
    logRequests: !quiet && logEnv !== 'false' && logEnv !== '0',
    help,
  };
}
