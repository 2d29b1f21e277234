// Shared helpers of the benchmark and load scripts in tools/bench (onboarding.mjs, drift.mjs,
// saferpay-client-overhead.mjs, shop-capabilities.mjs, reporting.mjs, tracing.mjs) and tools/load
// (mixed.mjs):
// the frame every script runs in (runScript), the deterministic sandbox fixture generator, child
// processes of dist/ (API, CLI, Saferpay sandbox), HTTP and output helpers. Importing it runs
// nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above tools/bench). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Build output the scripts run (`npm run build`; the scripts build nothing). */
export const SANDBOX_MAIN = join(
  ROOT,
  'dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js',
);
export const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
export const CLI_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/cli.js');
/** How long a child may take to print its URL and then to answer its health check. */
export const START_TIMEOUT_MS = 60_000;
const OUTPUT_LIMIT = 64 * 1024;

/** Writes one line to stdout. */
export const out = (line = '') => process.stdout.write(`${line}\n`);
/** Writes one line to stderr. */
export const err = (line = '') => process.stderr.write(`${line}\n`);
/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// Fixture (deterministic: mulberry32, seed 42 by default)

/** Seeded PRNG (mulberry32): returns a function yielding floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CARDS = ['VISA', 'MASTERCARD', 'MAESTRO', 'AMEX', 'DINERS', 'JCB', 'BANCONTACT', 'UNIONPAY'];
const SWISS = ['TWINT', 'POSTFINANCE', 'POSTFINANCEPAY', 'REKA'];
const OTHERS = ['PAYPAL', 'KLARNA', 'IDEAL', 'EPS', 'ALIPAY'];
const CURRENCIES = {
  default: ['CHF', 'EUR', 'USD', 'GBP', 'JPY'],
  TWINT: ['CHF'],
  POSTFINANCE: ['CHF'],
  POSTFINANCEPAY: ['CHF'],
  REKA: ['CHF'],
  IDEAL: ['EUR'],
  EPS: ['EUR'],
  BANCONTACT: ['EUR'],
  KLARNA: ['CHF', 'EUR'],
  ALIPAY: ['CHF', 'EUR', 'USD'],
  UNIONPAY: ['CHF', 'USD'],
  JCB: ['CHF', 'EUR', 'JPY'],
};
const WALLETS = ['APPLEPAY', 'GOOGLEPAY', 'SAMSUNGPAY', 'CLICKTOPAY'];
const PACKAGES = [
  {
    id: 'SAFERPAY_BUSINESS',
    features: [
      'MANAGEMENT_API',
      'PAYMENT_API',
      'PAYMENT_PAGE',
      'TRANSACTION_INTERFACE',
      'SAFERPAY_FIELDS',
      'SECURE_CARD_DATA',
      'SECURE_PAYGATE',
      'TRANSACTION_REPORTING',
    ],
  },
  {
    id: 'SAFERPAY_FLEX',
    features: ['MANAGEMENT_API', 'PAYMENT_API', 'PAYMENT_PAGE', 'SECURE_PAYGATE'],
  },
  { id: 'SAFERPAY_ESSENTIAL', features: ['MANAGEMENT_API', 'PAYMENT_PAGE'] },
];
const CONFIGS = [
  { name: 'default', description: 'Default Configuration' },
  { name: 'B2B', description: 'Business customers' },
  { name: 'events', description: 'Event tickets' },
  { name: 'mobile', description: 'Mobile app checkout' },
];
const BRANDS = ['Pizza', 'Bäckerei', 'Velo', 'Café', 'Buchhandlung', 'Apotheke', 'Blumen', 'Optik'];
const CITIES = ['Zürich', 'Bern', 'Basel', 'Luzern', 'St. Gallen', 'Lausanne', 'Genève', 'Lugano'];

/** One random element of `list`. */
export function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

/** Between `min` and `max` distinct random elements of `list`, in random order. */
export function sample(random, list, min, max) {
  const count = Math.min(list.length, min + Math.floor(random() * (max - min + 1)));
  const pool = [...list];
  const chosen = [];
  while (chosen.length < count) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return chosen;
}

/** Random payment methods with currencies for a terminal of `type` (ECOM, SPG, MPO). */
export function paymentMethodsFor(random, type) {
  const methods = [
    ...sample(random, CARDS.slice(0, 3), 2, 3), // VISA/MASTERCARD/MAESTRO nearly everywhere
    ...sample(random, CARDS.slice(3), 0, 2),
    ...(type === 'MPO' ? [] : sample(random, SWISS, 1, 2)),
    ...(type === 'MPO' ? [] : sample(random, OTHERS, 0, 2)),
  ];
  return methods.map((paymentMethod) => {
    const options = CURRENCIES[paymentMethod] ?? CURRENCIES.default.slice(0, 3);
    return {
      paymentMethod,
      currencies: sample(random, options, 1, Math.min(3, options.length)).sort(),
    };
  });
}

/** A random string of `length` characters without look-alikes (0/O, 1/l/I). */
export function randomBase(random, length) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

/** Sandbox fixture of accounts × terminals (all valid); terminal ids 20_000_000 + a × 100 + t. */
export function buildFixture(accounts, terminals, seed = 42) {
  const random = mulberry32(seed);
  const list = [];
  for (let i = 0; i < accounts; i += 1) {
    const customerId = String(300_000 + i);
    const pkg = PACKAGES[i % PACKAGES.length];
    const password = randomBase(random, 16);
    const types = Array.from({ length: terminals }, (_, t) =>
      t === 0 ? 'ECOM' : pick(random, ['ECOM', 'ECOM', 'SPG', 'MPO']),
    );
    list.push({
      customerId,
      name: `${pick(random, BRANDS)} ${pick(random, CITIES)} ${i + 1}`,
      username: `API_${customerId}_${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
      password,
      license: { package: pkg.id, features: pkg.features },
      licenseEndpoint: 'available',
      paymentPageConfigCasing: i % 2 === 0 ? 'PascalCase' : 'camelCase',
      paymentPageConfigs: sample(random, CONFIGS.slice(1), 0, 2).reduce(
        (configs, c) => [...configs, { ...c, isDefault: false }],
        [{ ...CONFIGS[0], isDefault: true }],
      ),
      terminals: types.map((type, t) => ({
        terminalId: String(20_000_000 + i * 100 + t),
        type,
        description: `${type === 'ECOM' ? 'Webshop' : type === 'SPG' ? 'Pay by link' : 'Mail/phone order'} ${t + 1}`,
        paymentMethods: paymentMethodsFor(random, type),
        ...(type === 'MPO' ? {} : { wallets: sample(random, WALLETS, 0, 3) }),
      })),
      transactionAmountShape: i % 2 === 0 ? 'object' : 'flat',
      transactions: 0,
    });
  }
  return { seed, historyDays: 1, accounts: list };
}

// ---------------------------------------------------------------------------------------------
// Child processes (same procedure as startSandboxProcess in libs/testing, which is TypeScript)

/** The running children started by spawnChild (a child removes itself once stopped). */
export const children = new Set();

const CONFIGURES =
  /^(SANDBOX_|PORT$|HOST$|DATABASE_|PGLITE_|MIGRATIONS_|LOG_|BODY_LIMIT|JOBS_|SCHEDULER_|ENCRYPTION_|SAFERPAY_|ONBOARDING_|NODE_ENV$)/;

/** process.env minus the API/sandbox configuration (and `alsoStrip` prefixes), plus `extra`. */
export function cleanEnv(extra, alsoStrip = []) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !CONFIGURES.test(key) && !alsoStrip.some((prefix) => key.startsWith(prefix)),
    ),
  );
  return { ...env, ...extra };
}

/** Starts `node args…` in ROOT with output captured (last 64 KiB); registered in `children`. */
export function spawnChild(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise((done) => child.once('exit', done));
  let spawnError;
  child.once('error', (error) => (spawnError = error));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  let stopping;
  const handle = {
    name,
    pid: child.pid,
    output: () => output,
    hasExited,
    spawnError: () => spawnError,
    exited,
    exitCode: () => child.exitCode ?? child.signalCode,
    stop() {
      stopping ??= (async () => {
        if (!hasExited() && child.pid !== undefined) {
          child.kill('SIGTERM'); // by PID
          const forced = setTimeout(() => hasExited() || child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(forced);
        }
        children.delete(handle);
      })();
      return stopping;
    },
    killNow() {
      if (!hasExited()) child.kill('SIGKILL');
    },
  };
  children.add(handle);
  return handle;
}

/**
 * Starts the built Saferpay sandbox on loopback (`--port 0 --host 127.0.0.1 --quiet`, then
 * `args`, e.g. `['--fixture', path]`) and waits for its banner and GET /__admin/health.
 * Resolves with the child, its URL, its admin URL and the health body.
 */
export async function startSandbox(args, env) {
  const sandbox = spawnChild(
    'Saferpay sandbox',
    [SANDBOX_MAIN, '--port', '0', '--host', '127.0.0.1', '--quiet', ...args],
    env,
  );
  const sandboxUrl = await waitForBanner(
    sandbox,
    /Saferpay Management API sandbox\s+(http:\/\/\S+)/,
    START_TIMEOUT_MS,
  );
  const admin = `${sandboxUrl}/__admin`;
  const health = await waitForOk(sandbox, `${admin}/health`, START_TIMEOUT_MS);
  return { sandbox, sandboxUrl, admin, health };
}

/**
 * Starts the built API with `env` (PORT=0, HOST=127.0.0.1 expected) and waits for its banner and
 * GET /health/ready (within `readyTimeoutMs`). The banner says localhost; the API listens on
 * 127.0.0.1 (HOST), so `apiUrl` names that directly.
 */
export async function startApi(env, { readyTimeoutMs = START_TIMEOUT_MS } = {}) {
  const api = spawnChild('API', [API_MAIN], env);
  const printedUrl = await waitForBanner(
    api,
    /Saferpay Account Platform API\s+(http:\/\/\S+)/,
    START_TIMEOUT_MS,
  );
  const apiUrl = printedUrl.replace('//localhost', '//127.0.0.1');
  await waitForOk(api, `${apiUrl}/health/ready`, readyTimeoutMs);
  return { api, apiUrl };
}

/**
 * The built API's environment for a run against the sandbox at `sandboxUrl`: PORT=0 on
 * 127.0.0.1, `databaseUrl` or else embedded PGlite in `tmp`/pglite, a fresh ENCRYPTION_KEYS
 * (`keyId`), LOG_LEVEL=warn, SCHEDULER_ENABLED=false (no cron work during the measurement), then
 * `extra`; cleanEnv strips the inherited configuration and the `strip` prefixes.
 */
export function apiEnv({ tmp, databaseUrl, sandboxUrl, keyId = 'bench', extra = {}, strip = [] }) {
  return cleanEnv(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DATA_DIR: join(tmp, 'pglite') }),
      ENCRYPTION_KEYS: `${keyId}:${randomBytes(32).toString('base64')}`,
      SAFERPAY_TEST_BASE_URL: `${sandboxUrl}/api`,
      LOG_LEVEL: 'warn',
      SCHEDULER_ENABLED: 'false',
      ...extra,
    },
    strip,
  );
}

/** Stops every running child (SIGTERM by PID, SIGKILL after 5 s); never rejects. */
export async function stopChildren() {
  await Promise.allSettled([...children].map((child) => child.stop()));
}

/** Waits until the child's output matches `pattern`; returns the first capture group (its URL). */
export async function waitForBanner(child, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(child.output());
    if (match) return match[1];
    const spawnError = child.spawnError();
    if (spawnError) throw childFailure(child, `spawn failed: ${spawnError.message}`);
    if (child.hasExited()) {
      throw childFailure(child, `exited with ${child.exitCode()} before printing its URL`);
    }
    if (Date.now() > deadline) throw childFailure(child, `no URL printed within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Polls `url` until it answers 2xx; returns its JSON body (fails when the child exits). */
export async function waitForOk(child, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
      await response.arrayBuffer();
    } catch {
      // not ready yet
    }
    if (child.hasExited()) throw childFailure(child, `exited with ${child.exitCode()}`);
    if (Date.now() > deadline) throw childFailure(child, `${url} not ok within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The "did not start" error of a child, with its captured output. */
export function childFailure(child, reason) {
  const log = child.output().trim();
  return new Error(
    `${child.name} did not start: ${reason}${log ? `\n--- ${child.name} output ---\n${log}` : ''}`,
  );
}

/**
 * `platform tenants:create --json` (the built CLI at `cliMain`) against the database `env` points
 * at; resolves with `{ tenantId, operatorKey }`. Killed after 120 s.
 */
export async function createTenantWithCli(cliMain, env, name) {
  const cli = spawnChild(
    'platform CLI',
    [cliMain, 'tenants:create', '--name', name, '--json'],
    env,
  );
  const deadline = setTimeout(() => cli.killNow(), 120_000);
  await cli.exited;
  clearTimeout(deadline);
  children.delete(cli);
  const line = cli
    .output()
    .trim()
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .pop();
  const created = line ? JSON.parse(line) : {};
  if (cli.exitCode() !== 0 || !created.operatorKey)
    throw new Error(`tenants:create failed (${cli.exitCode()}):\n${cli.output().trim()}`);
  return created;
}

/** A kB field of /proc/<pid>/status in MiB, or null when /proc or the field is not available. */
function procStatusMiB(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) in MiB, or null when /proc is not available. */
export const peakRssMiB = (pid) => procStatusMiB(pid, 'VmHWM');
/** Current resident set size (VmRSS) in MiB, or null when /proc is not available. */
export const rssMiB = (pid) => procStatusMiB(pid, 'VmRSS');

// ---------------------------------------------------------------------------------------------
// HTTP

/**
 * HTTP request (optional Bearer key, JSON body, Accept, further `headers`); throws unless the
 * status is in `expect`. Returns the status, the response headers, the body as bytes and as
 * text, and the parsed JSON for a JSON content type.
 */
export async function call(method, url, { key, body, accept, headers: extraHeaders, expect } = {}) {
  const headers = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (accept) headers.Accept = accept;
  Object.assign(headers, extraHeaders);
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes); // as response.text(): UTF-8, BOM dropped
  const expected = Array.isArray(expect) ? expect : expect === undefined ? [] : [expect];
  if (expected.length && !expected.includes(response.status)) {
    throw new Error(
      `${method} ${url} answered ${response.status} (expected ${expected.join('/')}): ${text.slice(0, 800)}`,
    );
  }
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text,
    json: type.includes('json') && text ? JSON.parse(text) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

/**
 * Polls `GET /jobs/{id}` every `intervalMs` until the job succeeded (returns it) or failed
 * (throws with its error); `onPoll` sees each state (for progress lines).
 */
export async function waitForJob(
  apiUrl,
  key,
  jobId,
  { timeoutMs = 300_000, intervalMs = 25, onPoll } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = (await call('GET', `${apiUrl}/jobs/${jobId}`, { key, expect: 200 })).json;
    onPoll?.(job);
    if (job.status === 'succeeded') return job;
    if (job.status === 'failed')
      throw new Error(`job ${jobId} failed: ${JSON.stringify(job.error)}`);
    await sleep(intervalMs);
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}

/** Milliseconds for humans: "12.3 ms", "1.23 s", "12.3 s"; "n/a" when not finite. */
export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(1)} ms`;
}

/** A plain-text table: header, dashes, rows; columns in `alignRight` padded on the left. */
export function table(header, rows, alignRight = []) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) =>
        alignRight.includes(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A bad command-line option (the scripts print it with their usage and exit 2). */
export class UsageError extends Error {}

/**
 * `--name value` / `--name=value` options over `defaults`: numbers checked against
 * `limits[name]` (integers unless `decimal` names them), `--database-url` a postgres:// URL,
 * `--help` / `-h` sets `help`.
 */
export function parseOptions(argv, defaults, limits, { decimal = [] } = {}) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      options.help = true;
      continue;
    }
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !(name in options))
      throw new UsageError(`unknown option ${argv[i]}`);
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === 'database-url') {
      if (!/^postgres(ql)?:\/\//.test(raw))
        throw new UsageError('--database-url must be postgres://…');
      options[name] = raw;
      continue;
    }
    const value = Number(raw);
    const [min, max] = limits[name];
    const integer = !decimal.includes(name);
    if (
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value)) ||
      value < min ||
      value > max
    ) {
      throw new UsageError(
        `--${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max} (got ${raw})`,
      );
    }
    options[name] = value;
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// The frame of a script

/**
 * Runs a script's `work(options, { tmp, stopAll })` in the frame every script shares, then exits
 * the process with the code `work` resolves with:
 * - `parse(argv)` gives the options: a UsageError prints its message and `usage` on stderr (exit
 *   2), `options.help` prints `usage` on stdout (exit 0);
 * - every file of `buildOutputs` must exist, else a message naming the missing ones and
 *   `npm run build` (exit 1);
 * - `tmp` is a fresh temp dir (`tmpPrefix`); on SIGINT/SIGTERM every child is stopped, `tmp` is
 *   removed and the process exits with 130 (whatever `work` does meanwhile: the failures the
 *   stopped children cause are not reported); at exit the children left are killed and `tmp`
 *   removed;
 * - after `work`, also when it throws, every child is stopped and `tmp` removed; a thrown error
 *   prints `<name> failed: <message>` (its stack with `printStack`) and exits with 1.
 * `stopAll()` stops every child early (e.g. before the report, so the measurement ends there).
 */
export function runScript(
  { name, argv = process.argv.slice(2), parse, usage, tmpPrefix, buildOutputs = [], printStack },
  work,
) {
  let tmp;
  let interrupted = false;
  const removeTmp = () => tmp && rmSync(tmp, { recursive: true, force: true });
  const cleanup = async () => {
    await stopChildren();
    removeTmp();
  };

  const run = async () => {
    let options;
    try {
      options = parse(argv);
    } catch (error) {
      if (error instanceof UsageError) {
        err(`${error.message}\n\n${usage}`);
        return 2;
      }
      throw error;
    }
    if (options.help) {
      out(usage);
      return 0;
    }
    const missing = buildOutputs.filter((file) => !existsSync(file));
    if (missing.length) {
      err(
        `${name}: build output missing:\n${missing.map((file) => `  ${file}`).join('\n')}\n` +
          'Run `npm run build` first (this script runs dist/, it builds nothing).',
      );
      return 1;
    }

    tmp = mkdtempSync(join(tmpdir(), tmpPrefix));
    const onSignal = (signal) => {
      interrupted = true;
      err(`\n${signal}: stopping children and removing ${tmp}`);
      cleanup().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('exit', () => {
      for (const child of children) child.killNow();
      removeTmp();
    });
    try {
      return await work(options, { tmp, stopAll: stopChildren });
    } finally {
      await cleanup();
    }
  };

  return run().then(
    (code) => {
      if (!interrupted) process.exit(code); // else the signal handler exits with 130
    },
    (error) => {
      if (interrupted) return;
      const detail =
        error instanceof Error ? (printStack && error.stack) || error.message : String(error);
      err(`\n${name} failed: ${detail}`);
      process.exit(1);
    },
  );
}
