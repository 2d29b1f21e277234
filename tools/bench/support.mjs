// Shared helpers of the benchmark scripts in tools/bench (onboarding.mjs, drift.mjs,
// saferpay-client-overhead.mjs, shop-capabilities.mjs, reporting.mjs): the deterministic sandbox
// fixture generator, child processes of dist/ (API, CLI, Saferpay sandbox), HTTP and output
// helpers. Importing it runs nothing.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above tools/bench). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
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
