#!/usr/bin/env node
// Mixed load (issue 12, part 5): the built API under everything at once for --duration seconds,
// with a bounded rate per route so that no single route saturates the machine.
//
//   npm run build                          # first: this script runs dist/ and builds nothing
//   npm run load:mixed -- --duration 60 --seed 1
//   npm run load:mixed -- --duration 60 --seed 1 --accounts 30 --shops 10 --fresh 30 \
//                         --connections 4 --shop-rate 100 --operator-rate 10 [--database-url postgres://…]
//
// What it does, all on loopback:
//   1. Generates a sandbox fixture of --accounts + --fresh accounts (buildFixture of
//      tools/bench/support.mjs, --seed, 3 terminals each, every credential valid) and starts the
//      Saferpay sandbox on it; creates a tenant with the CLI and starts the API (PORT=0) on
//      embedded PGlite in a temp dir (or --database-url), LOG_LEVEL=warn, SCHEDULER_ENABLED=false,
//      SHOP_RATE_LIMIT_PER_MINUTE=10000000 (several shops share the load client; the limiter
//      still runs on every read).
//   2. Seeds the world: a franchise, the first --accounts accounts onboarded, --shops shops on
//      their ECOM terminals with a Fields access token and a shop token each; then removes one
//      payment method at the sandbox from 10 % of the accounts (seeded) so the drift cycles
//      have something to record.
//   3. For --duration seconds, at once, with autocannon (--connections each, a fixed rate):
//        shop 200     GET /shop/capabilities                  (--shop-rate req/s over all shops)
//        shop 304     GET /shop/capabilities, If-None-Match   (--shop-rate req/s)
//        matrix JSON  GET /franchises/{id}/capability-matrix  (--operator-rate req/s)
//        matrix CSV   the same with Accept: text/csv          (--operator-rate req/s)
//        accounts     GET /franchises/{id}/merchant-accounts  (--operator-rate req/s)
//      and drift cycles (POST /drift-checks {}, followed on GET /jobs/{id} until done, again
//      while time is left) and, from a quarter of the duration, the onboarding of the --fresh
//      accounts (one bulk registration, followed until done).
//   4. Prints a per-route table (requests, errors = non-2xx/304 answers, socket errors and
//      timeouts, p50/p99 latency), totals, the drift cycles and the onboarding job.
// Exit 0 when nothing errored and every job finished (drift: ≥ 1 cycle, none failed; onboarding:
// succeeded, every fresh account ready); 1 otherwise or on errors; 2 on bad options. Children are
// stopped by PID (SIGTERM, SIGKILL after 5 s); the temp dir is removed, also on errors and Ctrl-C.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  API_MAIN,
  CLI_MAIN,
  SANDBOX_MAIN,
  UsageError,
  apiEnv,
  buildFixture,
  call,
  cleanEnv,
  createTenantWithCli,
  err,
  fmtMs,
  mulberry32,
  out,
  parseOptions,
  peakRssMiB,
  runScript,
  sleep,
  startApi,
  startSandbox,
  table,
} from '../bench/support.mjs';

/** How long the jobs may take after the load ended before they count as not finished. */
const JOB_GRACE_MS = 120_000;
const TERMINALS = 3;
const CHANGE_SHARE = 0.1;

/** Also stripped from the children's environment (on top of what cleanEnv always strips). */
const STRIP = ['DRIFT_', 'FIELDS_TOKEN_', 'SHOP_', 'WEBHOOK_', 'REPORTING_'];

const USAGE = `Usage: npm run load:mixed -- [--duration 60] [--seed 1] [--accounts 30] [--shops 10]
       [--fresh 30] [--connections 4] [--shop-rate 100] [--operator-rate 10]
       [--database-url postgres://…]
Run \`npm run build\` first. See the header of tools/load/mixed.mjs.`;

function parseArgs(argv) {
  const options = parseOptions(
    argv,
    {
      duration: 60,
      seed: 1,
      accounts: 30,
      shops: 10,
      fresh: 30,
      connections: 4,
      'shop-rate': 100,
      'operator-rate': 10,
      'database-url': undefined,
    },
    {
      duration: [5, 3600],
      seed: [0, 2 ** 31 - 1],
      accounts: [1, 5000],
      shops: [1, 500],
      fresh: [1, 1000],
      connections: [1, 100],
      'shop-rate': [1, 5000],
      'operator-rate': [1, 1000],
    },
  );
  if (options.shops > options.accounts)
    throw new UsageError(
      `--shops (${options.shops}) cannot exceed --accounts (${options.accounts})`,
    );
  return options;
}

// ---------------------------------------------------------------------------------------------
// Measuring the requests made outside autocannon (registrations, drift starts, job polls)

class Route {
  constructor(name) {
    this.name = name;
    this.requests = 0;
    this.latencies = [];
    this.errors = 0;
    this.serverErrors = 0;
  }

  /** `call` with its latency recorded; an answer outside `init.expect` (default 2xx/304) throws. */
  async request(method, url, init = {}) {
    const started = performance.now();
    this.requests += 1;
    let response;
    try {
      response = await call(method, url, { ...init, expect: undefined });
    } catch (error) {
      this.errors += 1;
      this.serverErrors += 1; // a socket error
      throw error;
    }
    this.latencies.push(performance.now() - started);
    const expected = init.expect === undefined ? undefined : [init.expect].flat();
    const ok = expected
      ? expected.includes(response.status)
      : response.status < 300 || response.status === 304;
    if (!ok) {
      this.errors += 1;
      if (response.status >= 500) this.serverErrors += 1;
      throw new Error(
        `${method} ${url} answered ${response.status}: ${response.text.slice(0, 400)}`,
      );
    }
    return response;
  }

  row() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
    return {
      route: this.name,
      requests: this.requests,
      errors: this.errors,
      serverErrors: this.serverErrors,
      p50: at(0.5),
      p99: at(0.99),
    };
  }
}

/** Polls a job until it succeeded or failed, or the deadline passes (then null). */
async function followJob(route, apiUrl, key, jobId, deadline) {
  for (;;) {
    const job = (await route.request('GET', `${apiUrl}/jobs/${jobId}`, { key })).json;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up

const registration = (account) => ({
  customerId: account.customerId,
  environment: 'test',
  label: account.name,
  username: account.username,
  password: account.password,
});

async function seedWorld({ apiUrl, admin, key, fixture, options }) {
  const setup = new Route('set-up');
  const franchise = await setup.request('POST', `${apiUrl}/franchises`, {
    key,
    body: { name: `Mixed load (seed ${options.seed})` },
    expect: 201,
  });
  const franchiseId = franchise.json.id;
  const initial = fixture.accounts.slice(0, options.accounts);
  const registered = await setup.request(
    'POST',
    `${apiUrl}/franchises/${franchiseId}/merchant-accounts/bulk`,
    { key, body: { accounts: initial.map(registration) }, expect: 202 },
  );
  const job = await followJob(setup, apiUrl, key, registered.json.job.id, Date.now() + 600_000);
  if (job?.status !== 'succeeded')
    throw new Error(
      `initial onboarding ${job?.status ?? 'timed out'}: ${JSON.stringify(job?.error)}`,
    );
  const idOf = new Map(registered.json.accounts.map((a) => [a.customerId, a.id]));

  const shops = [];
  for (const account of initial.slice(0, options.shops)) {
    const shop = await setup.request('POST', `${apiUrl}/franchises/${franchiseId}/shops`, {
      key,
      expect: 201,
      body: {
        name: `Shop ${account.name}`,
        accountId: idOf.get(account.customerId),
        terminalId: account.terminals[0].terminalId,
        sourceUrls: [`https://shop-${account.customerId}.example.com/`],
      },
    });
    await setup.request('POST', `${apiUrl}/shops/${shop.json.id}/fields-tokens`, {
      key,
      expect: 201,
    });
    const token = (
      await setup.request('POST', `${apiUrl}/shops/${shop.json.id}/tokens`, {
        key,
        body: { name: 'load' },
        expect: 201,
      })
    ).json.token;
    const document = await setup.request('GET', `${apiUrl}/shop/capabilities`, {
      key: token,
      expect: 200,
    });
    shops.push({ id: shop.json.id, token, etag: document.headers.get('etag') });
  }

  // Changes for the drift cycles: one payment method less on the first terminal of 10 %.
  const random = mulberry32(options.seed);
  const changed = initial.filter(() => random() < CHANGE_SHARE);
  for (const account of changed) {
    const terminal = account.terminals[0];
    const method = terminal.paymentMethods[Math.floor(random() * terminal.paymentMethods.length)];
    await call(
      'DELETE',
      `${admin}/accounts/${account.customerId}/terminals/${terminal.terminalId}/payment-methods/${encodeURIComponent(method.paymentMethod)}`,
      { expect: [200, 204] },
    );
  }
  return { franchiseId, shops, changed: changed.length };
}

// ---------------------------------------------------------------------------------------------
// Load

/** One autocannon instance at a fixed rate; resolves with its row. */
async function loadRoute(name, { url, requests, connections, rate, duration }) {
  const result = await autocannon({
    url,
    connections,
    overallRate: rate,
    duration,
    requests,
    timeout: 10,
  });
  let ok = 0;
  let failed = 0;
  let serverErrors = 0;
  const answers = [];
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    const status = Number(code);
    answers.push(`${code}×${count}`);
    if ((status >= 200 && status < 300) || status === 304) ok += count;
    else failed += count;
    if (status >= 500) serverErrors += count;
  }
  const socket = result.errors + result.timeouts;
  return {
    route: name,
    requests: ok + failed + socket,
    errors: failed + socket,
    serverErrors: serverErrors + socket,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rate,
    answers: answers.join(' '),
  };
}

/** Back-to-back tenant drift cycles until `endAt`; a failed request ends them as `error`. */
async function driftCycles({ route, pollRoute, apiUrl, key, endAt, deadline }) {
  const cycles = [];
  while (Date.now() < endAt) {
    const started = performance.now();
    try {
      const response = await route.request('POST', `${apiUrl}/drift-checks`, {
        key,
        body: {},
        expect: 202,
      });
      const job = await followJob(pollRoute, apiUrl, key, response.json.job.id, deadline);
      cycles.push({
        ms: performance.now() - started,
        status: job?.status ?? 'unfinished',
        result: job?.result,
      });
      if (!job) break;
    } catch (error) {
      cycles.push({ ms: performance.now() - started, status: 'error', error: String(error) });
      break;
    }
  }
  return cycles;
}

/** One bulk registration of the fresh accounts, followed until done; then counts them `ready`. */
async function freshOnboarding({ route, pollRoute, apiUrl, key, franchiseId, accounts, deadline }) {
  const started = performance.now();
  let registeredIds = 0;
  try {
    const registered = await route.request(
      'POST',
      `${apiUrl}/franchises/${franchiseId}/merchant-accounts/bulk`,
      { key, body: { accounts: accounts.map(registration) }, expect: 202 },
    );
    const ids = registered.json.accounts.map((a) => a.id);
    registeredIds = ids.length;
    const job = await followJob(pollRoute, apiUrl, key, registered.json.job.id, deadline);
    const ms = performance.now() - started;
    let ready = 0;
    if (job?.status === 'succeeded') {
      for (const id of ids) {
        const account = await pollRoute.request('GET', `${apiUrl}/merchant-accounts/${id}`, {
          key,
        });
        if (account.json.state === 'ready') ready += 1;
      }
    }
    return { ms, status: job?.status ?? 'unfinished', accounts: accounts.length, ready };
  } catch (error) {
    const ms = performance.now() - started;
    err(`onboarding: ${String(error)} (${registeredIds} registered)`);
    return { ms, status: 'error', accounts: accounts.length, ready: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(options, { tmp }) {
  // 1. Sandbox, tenant, API -------------------------------------------------------------------
  const fixture = buildFixture(options.accounts + options.fresh, TERMINALS, options.seed);
  const fixturePath = join(tmp, 'fixture.json');
  writeFileSync(fixturePath, JSON.stringify(fixture));
  const { sandbox, sandboxUrl, admin } = await startSandbox(
    ['--fixture', fixturePath],
    cleanEnv({}, STRIP),
  );
  const env = apiEnv({
    tmp,
    databaseUrl: options['database-url'],
    sandboxUrl,
    keyId: 'load',
    extra: { SHOP_RATE_LIMIT_PER_MINUTE: '10000000' },
    strip: STRIP,
  });
  const { operatorKey: key } = await createTenantWithCli(
    CLI_MAIN,
    env,
    `Mixed load ${new Date().toISOString()}`,
  );
  const { api, apiUrl } = await startApi(env);
  err(`API ${apiUrl} (pid ${api.pid}), sandbox ${sandboxUrl} (pid ${sandbox.pid})`);

  // 2. World ------------------------------------------------------------------------------------
  const seedStarted = performance.now();
  const world = await seedWorld({ apiUrl, admin, key, fixture, options });
  err(
    `Seeded in ${fmtMs(performance.now() - seedStarted)}: ${options.accounts} accounts onboarded, ` +
      `${world.shops.length} shops with tokens, ${world.changed} accounts changed at the sandbox`,
  );

  // 3. Load -------------------------------------------------------------------------------------
  const { duration, connections } = options;
  const shopRate = options['shop-rate'];
  const operatorRate = options['operator-rate'];
  const operator = { authorization: `Bearer ${key}` };
  const matrix = `/franchises/${world.franchiseId}/capability-matrix`;
  const routes = [
    [
      'GET /shop/capabilities (200)',
      shopRate,
      world.shops.map((s) => ({
        method: 'GET',
        path: '/shop/capabilities',
        headers: { authorization: `Bearer ${s.token}` },
      })),
    ],
    [
      'GET /shop/capabilities (If-None-Match)',
      shopRate,
      world.shops.map((s) => ({
        method: 'GET',
        path: '/shop/capabilities',
        headers: { authorization: `Bearer ${s.token}`, 'if-none-match': s.etag },
      })),
    ],
    [
      'GET capability-matrix (JSON)',
      operatorRate,
      [{ method: 'GET', path: matrix, headers: operator }],
    ],
    [
      'GET capability-matrix (CSV)',
      operatorRate,
      [{ method: 'GET', path: matrix, headers: { ...operator, accept: 'text/csv' } }],
    ],
    [
      'GET merchant-accounts (list)',
      operatorRate,
      [
        {
          method: 'GET',
          path: `/franchises/${world.franchiseId}/merchant-accounts?limit=50`,
          headers: operator,
        },
      ],
    ],
  ];
  const driftRoute = new Route('POST /drift-checks');
  const onboardRoute = new Route('POST merchant-accounts/bulk');
  const pollRoute = new Route('GET /jobs/{id} (+ account reads)');
  const loadStarted = Date.now();
  const endAt = loadStarted + duration * 1000;
  const deadline = endAt + JOB_GRACE_MS;
  err(
    `Load for ${duration} s: ${routes.length} routes × ${connections} connections ` +
      `(shops ${shopRate} req/s, operators ${operatorRate} req/s per route), drift cycles, ` +
      `onboarding of ${options.fresh} fresh accounts …`,
  );
  const onboarding = (async () => {
    await sleep((duration * 1000) / 4);
    return freshOnboarding({
      route: onboardRoute,
      pollRoute,
      apiUrl,
      key,
      franchiseId: world.franchiseId,
      accounts: fixture.accounts.slice(options.accounts),
      deadline,
    });
  })();
  const [rows, cycles, fresh] = await Promise.all([
    Promise.all(
      routes.map(([name, rate, requests]) =>
        loadRoute(name, { url: apiUrl, requests, connections, rate, duration }),
      ),
    ),
    driftCycles({ route: driftRoute, pollRoute, apiUrl, key, endAt, deadline }),
    onboarding,
  ]);
  const wallMs = Date.now() - loadStarted;
  const apiExited = api.hasExited();
  if (apiExited) err(`API exited with ${api.exitCode()}:\n${api.output().slice(-4000)}`);
  const peak = apiExited ? null : peakRssMiB(api.pid);

  // 4. Report -----------------------------------------------------------------------------------
  const all = [...rows, driftRoute.row(), onboardRoute.row(), pollRoute.row()];
  const totals = all.reduce(
    (sum, r) => ({
      requests: sum.requests + r.requests,
      errors: sum.errors + r.errors,
      serverErrors: sum.serverErrors + r.serverErrors,
    }),
    { requests: 0, errors: 0, serverErrors: 0 },
  );
  const ms = (value) => (Number.isFinite(value) ? fmtMs(value) : 'n/a');
  out();
  out(
    `Mixed load: ${duration} s, seed ${options.seed}, ${options.accounts} accounts × ${TERMINALS} terminals, ` +
      `${world.shops.length} shops, ${options.fresh} fresh accounts, ${connections} connections per route; ` +
      `${cpus().length} CPUs, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, Node ${process.version}, ` +
      `${options['database-url'] ? 'PostgreSQL' : 'embedded PGlite'}`,
  );
  out();
  out(
    table(
      ['route', 'target', 'req/s', 'requests', 'errors', '5xx/socket', 'p50', 'p99', 'answers'],
      [
        ...all.map((r) => [
          r.route,
          r.rate ? `${r.rate}/s` : '-',
          (r.requests / duration).toFixed(1),
          r.requests,
          r.errors,
          r.serverErrors,
          ms(r.p50),
          ms(r.p99),
          r.answers ?? '',
        ]),
        [
          'total',
          '',
          (totals.requests / duration).toFixed(1),
          totals.requests,
          totals.errors,
          totals.serverErrors,
          '',
          '',
        ],
      ],
      [1, 2, 3, 4, 5, 6, 7],
    ),
  );
  out();
  const finishedCycles = cycles.filter((c) => c.status === 'succeeded');
  const times = cycles.map((c) => c.ms).sort((a, b) => a - b);
  const sum = (field) => cycles.reduce((total, c) => total + (c.result?.[field] ?? 0), 0);
  out(
    table(
      ['job', 'runs', 'succeeded', 'time (min / median / max)', 'detail'],
      [
        [
          'drift cycles (tenant)',
          cycles.length,
          finishedCycles.length,
          times.length
            ? `${fmtMs(times[0])} / ${fmtMs(times[Math.floor(times.length / 2)])} / ${fmtMs(times.at(-1))}`
            : 'n/a',
          `accounts read ${sum('changed') + sum('unchanged')}, changed ${sum('changed')}, ` +
            `failed ${sum('failed')}, events ${sum('events')}`,
        ],
        [
          'onboarding (fresh)',
          1,
          fresh.status === 'succeeded' ? 1 : 0,
          fmtMs(fresh.ms),
          `${fresh.ready}/${fresh.accounts} accounts ready`,
        ],
      ],
      [1, 2],
    ),
  );
  out();
  out(
    `Wall time ${fmtMs(wallMs)}; API peak RSS ${peak === null ? 'n/a' : `${peak.toFixed(0)} MiB`}.`,
  );

  const problems = [];
  if (apiExited) problems.push(`the API exited (${api.exitCode()})`);
  for (const cycle of cycles.filter((c) => c.error)) problems.push(`drift: ${cycle.error}`);
  if (totals.errors > 0)
    problems.push(`${totals.errors} request(s) failed (${totals.serverErrors} 5xx/socket)`);
  if (finishedCycles.length === 0) problems.push('no drift cycle finished');
  if (cycles.some((c) => c.status !== 'succeeded')) problems.push('a drift cycle did not succeed');
  if (cycles.some((c) => c.result && c.result.failed > 0))
    problems.push('a drift cycle failed accounts');
  if (fresh.status !== 'succeeded' || fresh.ready !== fresh.accounts)
    problems.push(`onboarding ${fresh.status}, ${fresh.ready}/${fresh.accounts} ready`);
  out(problems.length ? `FAILED: ${problems.join('; ')}` : 'OK: no errors, every job finished.');
  return problems.length ? 1 : 0;
}

runScript(
  {
    name: 'load:mixed',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'load-mixed-',
    buildOutputs: [SANDBOX_MAIN, API_MAIN, CLI_MAIN],
    printStack: true,
  },
  main,
);
