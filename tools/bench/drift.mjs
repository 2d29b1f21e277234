#!/usr/bin/env node
// Drift-check benchmark: the built API re-reading N onboarded Saferpay accounts from the sandbox
// in one drift cycle after a known share of them changed, next to a baseline cycle in which
// nothing changed.
//
//   npm run build                      # first: this script builds nothing, it runs dist/ of the
//                                      # API (main.js, cli.js) and of the Saferpay sandbox
//   npm run bench:drift                # or: node tools/bench/drift.mjs
//   npm run bench:drift -- --accounts 10000 --latency-ms 0 --concurrency 8 [--terminals 3] \
//                          [--remove-percent 5] [--currency-percent 1] [--database-url postgres://…]
//
// What it does, all on loopback and bounded (finite requests, a deadline per phase):
//   1. Generates a fixture of N accounts × T terminals (every credential valid, /license
//      available; buildFixture of tools/bench/support.mjs, seed 42), starts the sandbox
//      with it (--port 0 --quiet) plus one global `latency` fault of --latency-ms. One
//      zero-latency `latency` fault per Management API read operation serves as an exact,
//      uncapped per-operation request counter (GET /__admin/faults → `matched`); the request
//      log keeps only the last 10 000 calls, so it gives the per-operation breakdown only for
//      cycles that fit in it (its `seq` still gives the exact total).
//   2. Creates a tenant with the CLI (`tenants:create --json`), starts the API (PORT=0) on
//      embedded PGlite in a temp dir (or --database-url / DATABASE_URL; a fresh ENCRYPTION_KEYS
//      either way) with DRIFT_CONCURRENCY=c, ONBOARDING_CONCURRENCY=c,
//      SAFERPAY_MAX_CONCURRENCY_PER_HOST=max(16, c), LOG_LEVEL=warn, SCHEDULER_ENABLED=false
//      (no scheduled drift cycle interferes). Creates a franchise, sets its policy (VISA in CHF
//      on an ECOM terminal) so every read is judged, registers every valid account with the bulk
//      endpoint in chunks of 1000 and waits for the onboarding jobs.
//   3. Changes accounts at the sandbox: --remove-percent of them lose the first payment method
//      of their first (ECOM) terminal, another --currency-percent lose one currency of a
//      method that has several. Expected changed accounts = the sum.
//   4. Drift cycle: POST /drift-checks {} and polls the job (progress on stderr); wall time =
//      from sending the POST to seeing `succeeded`.
//   5. Baseline cycle right after, same accounts, nothing changed: every read is unchanged, so
//      no diff or drift events, only the policy evaluation.
//   6. Pure-function reference (optional, when dist/apps/api/libs/capabilities is there): the
//      same diff + events + policy work in this process on snapshots built from the fixture,
//      no database, no HTTP.
//   7. Prints the parameters, one table (drift cycle, baseline, ratio, pure functions), the
//      Saferpay calls per operation of each cycle and the checks.
// Checks (exit 1 when one fails): each account read exactly once per cycle (GetTerminals ==
// accounts, and GetLicense too), drift cycle changed == expected, baseline changed == 0, no
// failed accounts. Both children are stopped by PID (SIGTERM, SIGKILL after 5 s) and the temp
// dir is removed, also on errors and Ctrl-C. Exit 2 on bad options. With a database URL the
// tenant, franchise and accounts stay in that database.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  API_MAIN,
  CLI_MAIN,
  ROOT,
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
} from './support.mjs';

const CAPABILITIES = join(ROOT, 'dist/apps/api/libs/capabilities/src/index.js');
const BULK_CHUNK = 1000; // the bulk endpoint takes at most 1000 accounts per call
const REQUEST_LOG_LIMIT = 10_000; // the CLI sandbox keeps the last 10 000 calls
const ADMIN_PARALLEL = 16;
/** The Management API reads of onboarding / drift checks (readAccount), counted by a fault rule each. */
const READ_OPERATIONS = [
  'GetLicense',
  'GetLicenseConfiguration',
  'GetTerminals',
  'GetTerminal',
  'GetPaymentPageConfigurations',
];
const POLICY = {
  requiredPaymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF'], terminalType: 'ECOM' }],
  requiredFeatures: [],
};
const FINAL = ['succeeded', 'failed', 'cancelled'];
/** Also stripped from the children's environment (on top of what cleanEnv always strips). */
const DRIFT_ENV = ['DRIFT_', 'FIELDS_TOKEN_'];

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const defaults = {
    accounts: 10_000,
    terminals: 3,
    'latency-ms': 0,
    concurrency: 8,
    'remove-percent': 5,
    'currency-percent': 1,
    'database-url': undefined,
  };
  const limits = {
    accounts: [1, 100_000],
    terminals: [1, 50],
    'latency-ms': [0, 5000],
    concurrency: [1, 256], // DRIFT_CONCURRENCY's range
    'remove-percent': [0, 100],
    'currency-percent': [0, 100],
  };
  const options = parseOptions(argv, defaults, limits, {
    decimal: ['remove-percent', 'currency-percent'],
  });
  if (options['remove-percent'] + options['currency-percent'] > 100)
    throw new UsageError('--remove-percent + --currency-percent must not exceed 100');
  return options;
}

const USAGE = `Usage: npm run bench:drift -- [--accounts 10000] [--terminals 3] [--latency-ms 0]
       [--concurrency 8] [--remove-percent 5] [--currency-percent 1] [--database-url postgres://…]
--concurrency is DRIFT_CONCURRENCY (and ONBOARDING_CONCURRENCY). DATABASE_URL is honoured when
--database-url is not given. Run \`npm run build\` first. See the header of tools/bench/drift.mjs.`;

// ---------------------------------------------------------------------------------------------
// Changes at the sandbox (the fixture is buildFixture of tools/bench/support.mjs, seed 42)

/**
 * The changes made at the sandbox (deterministic, seed 7): `removeCount` accounts lose the first
 * payment method of terminal 0 (always ECOM, always ≥ 2 cards), the next `currencyCount`
 * accounts that have a method with several currencies lose that method's last currency.
 * Disjoint sets, so expected changed accounts = the number of changes.
 */
function planChanges(fixture, removeCount, currencyCount) {
  const random = mulberry32(7);
  const order = fixture.accounts.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const changes = [];
  let next = 0;
  for (; next < order.length && changes.length < removeCount; next += 1) {
    const account = fixture.accounts[order[next]];
    const terminal = account.terminals[0];
    changes.push({
      kind: 'remove-method',
      index: order[next],
      customerId: account.customerId,
      terminalId: terminal.terminalId,
      paymentMethod: terminal.paymentMethods[0].paymentMethod,
    });
  }
  let dropped = 0;
  for (; next < order.length && dropped < currencyCount; next += 1) {
    const account = fixture.accounts[order[next]];
    const found = account.terminals
      .flatMap((terminal) => terminal.paymentMethods.map((method) => ({ terminal, method })))
      .find(({ method }) => method.currencies.length > 1);
    if (!found) continue;
    changes.push({
      kind: 'drop-currency',
      index: order[next],
      customerId: account.customerId,
      terminalId: found.terminal.terminalId,
      paymentMethod: found.method.paymentMethod,
      currency: found.method.currencies.at(-1),
    });
    dropped += 1;
  }
  return changes;
}

/** The fixture account after `change` (for the pure-function reference). */
function applyChange(account, change) {
  return {
    ...account,
    terminals: account.terminals.map((terminal) =>
      terminal.terminalId !== change.terminalId
        ? terminal
        : {
            ...terminal,
            paymentMethods: terminal.paymentMethods
              .filter(
                (m) => change.kind !== 'remove-method' || m.paymentMethod !== change.paymentMethod,
              )
              .map((m) =>
                change.kind === 'drop-currency' && m.paymentMethod === change.paymentMethod
                  ? { ...m, currencies: m.currencies.filter((c) => c !== change.currency) }
                  : m,
              ),
          },
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

/** Runs `task` over `items` with at most `parallel` in flight. */
async function forEachParallel(items, parallel, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** One progress line: rewritten in place on a TTY, every 5 s (and at the end) otherwise. */
function progressReporter() {
  const tty = process.stderr.isTTY;
  let lastShown = -Infinity;
  return {
    show(line, elapsedMs, final = false) {
      if (tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
      else if (final || elapsedMs - lastShown >= 5_000) {
        err(line);
        lastShown = elapsedMs;
      }
    },
  };
}

/** Polls jobs until all are final; `label` prefixes the progress line. */
async function waitForJobs({ apiUrl, key, api, jobIds, label, deadlineMs, t0, expected = 0 }) {
  const progress = progressReporter();
  const jobs = new Map();
  for (;;) {
    for (const id of jobIds) {
      if (FINAL.includes(jobs.get(id)?.status)) continue;
      jobs.set(id, (await call('GET', `${apiUrl}/jobs/${id}`, { key, expect: 200 })).json);
    }
    const all = [...jobs.values()];
    const sum = (field) => all.reduce((total, job) => total + (job.progress?.[field] ?? 0), 0);
    const total = Math.max(sum('total'), expected); // a queued job may not know its total yet
    const done = sum('done');
    const elapsed = performance.now() - t0;
    const finished = all.every((job) => FINAL.includes(job.status));
    const statuses = [...new Set(all.map((job) => job.status))].join('/');
    const rate = elapsed > 0 ? (done / elapsed) * 1000 : 0;
    progress.show(
      `${label}: ${statuses} ${done}/${total} done, ${sum('failed')} failed ` +
        `(${total ? Math.floor((done / total) * 100) : 0}%) ${(elapsed / 1000).toFixed(1)} s, ${rate.toFixed(0)} accounts/s`,
      elapsed,
      finished,
    );
    if (finished) return { jobs: all, wallMs: elapsed };
    if (elapsed > deadlineMs)
      throw new Error(`${label} not finished after ${fmtMs(elapsed)} (${done}/${total} done)`);
    if (api.hasExited())
      throw new Error(`API exited with ${api.exitCode()} during ${label}:\n${api.output().trim()}`);
    await sleep(jobIds.length > 1 ? 500 : 200);
  }
}

// ---------------------------------------------------------------------------------------------
// Saferpay call counting

/** The per-operation counters (matched counts of the zero-latency counter faults). */
async function readCounters(admin, counterIds) {
  const { faults } = (await call('GET', `${admin}/faults`, { expect: 200 })).json;
  const counts = {};
  for (const fault of faults) {
    const operation = counterIds.get(fault.id);
    if (operation) counts[operation] = fault.matched;
  }
  return counts;
}

/** Clears the request log and sends one unauthenticated call; returns its seq (the marker). */
async function placeMarker(admin, sandboxUrl, customerId) {
  await call('DELETE', `${admin}/requests`, { expect: 200 });
  await call('GET', `${sandboxUrl}/api/rest/customers/${customerId}/license`);
  return (await call('GET', `${admin}/requests`, { expect: 200 })).json.requests.at(-1).seq;
}

/** The calls a cycle made: counters (exact) and, when the log kept all, a per-customer check. */
async function measureCalls(admin, counterIds, before, marker) {
  const after = await readCounters(admin, counterIds);
  const byOperation = Object.fromEntries(
    READ_OPERATIONS.map((op) => [op, (after[op] ?? 0) - (before[op] ?? 0)]),
  );
  const log = (await call('GET', `${admin}/requests`, { expect: 200 })).json.requests.filter(
    (e) => e.seq > marker,
  );
  const total = (log.at(-1)?.seq ?? marker) - marker; // seq is monotonic even when old entries drop
  const complete = log.length === total;
  const statuses = {};
  let terminalsPerCustomer = null;
  if (complete) {
    for (const entry of log)
      statuses[entry.status ?? 'none'] = (statuses[entry.status ?? 'none'] ?? 0) + 1;
    terminalsPerCustomer = new Map();
    for (const entry of log) {
      if (entry.operation !== 'GetTerminals') continue;
      terminalsPerCustomer.set(
        entry.customerId,
        (terminalsPerCustomer.get(entry.customerId) ?? 0) + 1,
      );
    }
  }
  return { byOperation, total, complete, kept: log.length, statuses, terminalsPerCustomer };
}

// ---------------------------------------------------------------------------------------------
// Pure-function reference (built @platform/capabilities, CommonJS in dist/)

function rawReadsOf(account) {
  return {
    readAt: new Date(0).toISOString(),
    license: {
      source: 'license',
      package: { id: account.license.package, displayName: '' },
      features: account.license.features.map((id) => ({ id, displayName: '' })),
    },
    terminals: account.terminals.map((terminal) => ({
      terminalId: terminal.terminalId,
      type: terminal.type,
      description: terminal.description,
      paymentMethods: terminal.paymentMethods.map((m) => ({
        paymentMethod: m.paymentMethod,
        currencies: m.currencies,
        logoUrl: `https://www.saferpay.com/static/logo/${m.paymentMethod.toLowerCase()}.svg`,
      })),
      wallets: (terminal.wallets ?? []).map((walletName) => ({ walletName })),
    })),
    paymentPageConfigs: account.paymentPageConfigs.map((c) => ({
      name: c.name,
      isDefault: c.isDefault,
      description: c.description,
    })),
  };
}

/**
 * Per-account CPU time of what the API times in CapabilityRecorder.record (capabilityEvents
 * when the content changed, evaluatePolicy, complianceEvents), here without database and HTTP:
 * µs per account for the drift cycle's mix and for the all-unchanged baseline.
 */
function pureReference(fixture, changes) {
  let lib;
  try {
    lib = createRequire(import.meta.url)(CAPABILITIES);
  } catch (error) {
    return { skipped: `cannot load ${CAPABILITIES}: ${error.message.split('\n')[0]}` };
  }
  const { normalize, normalizePolicy, evaluatePolicy, capabilityEvents, complianceEvents } = lib;
  if (
    ![normalize, normalizePolicy, evaluatePolicy, capabilityEvents, complianceEvents].every(
      (f) => typeof f === 'function',
    )
  )
    return { skipped: 'the built @platform/capabilities lacks an expected export' };
  const policy = normalizePolicy(POLICY);
  const changeOf = new Map(changes.map((change) => [change.index, change]));
  const accounts = fixture.accounts.map((account, index) => {
    const before = normalize(rawReadsOf(account));
    const change = changeOf.get(index);
    const after = change ? normalize(rawReadsOf(applyChange(account, change))) : before;
    return { before, after, changed: Boolean(change), compliance: evaluatePolicy(before, policy) };
  });
  const pass = (withChanges) => {
    let micros = 0;
    let events = 0;
    for (const a of accounts) {
      const started = process.hrtime.bigint();
      const changed = withChanges && a.changed;
      const snapshot = changed ? a.after : a.before;
      const drafts = changed ? capabilityEvents(a.before, a.after) : [];
      const result = evaluatePolicy(snapshot, policy);
      drafts.push(...complianceEvents(a.compliance, result));
      micros += Number(process.hrtime.bigint() - started) / 1000;
      events += drafts.length;
    }
    return { perAccountMicros: micros / accounts.length, events };
  };
  // Warm-up (JIT) with at least 20 000 evaluations, then the median of 5 measured passes each.
  for (let done = 0, i = 0; i < 3 || done < 20_000; i += 1, done += 2 * accounts.length) {
    pass(true);
    pass(false);
  }
  const median = (withChanges) => {
    const passes = Array.from({ length: 5 }, () => pass(withChanges));
    passes.sort((a, b) => a.perAccountMicros - b.perAccountMicros);
    return passes[2];
  };
  return { drift: median(true), baseline: median(false) };
}

// ---------------------------------------------------------------------------------------------
// Output

function fmtRatio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(options, { tmp, stopAll }) {
  const N = options.accounts;
  const T = options.terminals;
  const latencyMs = options['latency-ms'];
  const c = options.concurrency;
  const hostConcurrency = Math.max(16, c);
  const databaseUrl = options['database-url'] ?? process.env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('DATABASE_URL must be postgres://…');
  const callsPerAccount = 3 + T; // license + terminals + T terminal details + payment page configs

  const started = performance.now();
  // 1. Fixture, sandbox, counters -----------------------------------------------------------
  err(`Fixture: ${N} accounts × ${T} terminals …`);
  const fixture = buildFixture(N, T);
  const fixturePath = join(tmp, 'fixture.json');
  writeFileSync(fixturePath, JSON.stringify(fixture));
  const { sandbox, sandboxUrl, admin, health } = await startSandbox(
    ['--fixture', fixturePath],
    cleanEnv({}, DRIFT_ENV),
  );
  if (health.accounts !== N)
    throw new Error(`sandbox has ${health.accounts} accounts, expected ${N}`);
  const invalid = new Set(
    (
      await call('GET', `${admin}/accounts?credentialsValid=false`, { expect: 200 })
    ).json.accounts.map((a) => a.customerId),
  );
  const valid = fixture.accounts.filter((a) => !invalid.has(a.customerId));
  if (valid.length === 0) throw new Error('the sandbox has no account with valid credentials');
  const counterIds = new Map();
  for (const operation of READ_OPERATIONS) {
    const fault = await call('POST', `${admin}/faults`, {
      body: { kind: 'latency', latencyMs: 0, operation },
      expect: 201,
    });
    counterIds.set(fault.json.id, operation);
  }
  if (latencyMs > 0)
    await call('POST', `${admin}/faults`, { body: { kind: 'latency', latencyMs }, expect: 201 });
  err(
    `Sandbox ${sandboxUrl} (pid ${sandbox.pid}), ${valid.length} valid accounts, latency fault ${latencyMs} ms`,
  );

  // 2. Tenant (CLI), API, franchise, policy, onboarding --------------------------------------
  const env = apiEnv({
    tmp,
    databaseUrl,
    sandboxUrl,
    extra: {
      ONBOARDING_CONCURRENCY: String(c),
      DRIFT_CONCURRENCY: String(c),
      SAFERPAY_MAX_CONCURRENCY_PER_HOST: String(hostConcurrency),
    },
    strip: DRIFT_ENV,
  });
  const { tenantId, operatorKey: key } = await createTenantWithCli(
    CLI_MAIN,
    env,
    `Drift bench ${new Date().toISOString()}`,
  );
  const { api, apiUrl } = await startApi(env);
  err(`API ${apiUrl} (pid ${api.pid}), tenant ${tenantId}`);

  const franchise = await call('POST', `${apiUrl}/franchises`, {
    key,
    body: { name: `Drift bench ${N}×${T}` },
    expect: 201,
  });
  const franchiseId = franchise.json.id;
  await call('PUT', `${apiUrl}/franchises/${franchiseId}/policy`, {
    key,
    body: POLICY,
    expect: 200,
  });

  const onboardingT0 = performance.now();
  const onboardingJobs = [];
  for (let from = 0; from < valid.length; from += BULK_CHUNK) {
    const chunk = valid.slice(from, from + BULK_CHUNK).map((a) => ({
      customerId: a.customerId,
      environment: 'test',
      label: a.name,
      username: a.username,
      password: a.password,
    }));
    const registered = await call(
      'POST',
      `${apiUrl}/franchises/${franchiseId}/merchant-accounts/bulk`,
      { key, body: { accounts: chunk }, expect: 202 },
    );
    onboardingJobs.push(registered.json.job.id);
  }
  const readDeadlineMs = (accounts) =>
    Math.max(600_000, (accounts * callsPerAccount * Math.max(latencyMs, 1) * 10) / c + 120_000);
  const onboarding = await waitForJobs({
    apiUrl,
    key,
    api,
    jobIds: onboardingJobs,
    label: 'Onboarding',
    deadlineMs: readDeadlineMs(valid.length),
    expected: valid.length,
    t0: onboardingT0,
  });
  const failedJob = onboarding.jobs.find((job) => job.status !== 'succeeded');
  if (failedJob)
    throw new Error(
      `onboarding job ${failedJob.id} ${failedJob.status}: ${JSON.stringify(failedJob.error)}\n--- API output ---\n${api.output().trim()}`,
    );
  const onboarded = onboarding.jobs.reduce((sum, job) => sum + (job.result?.ready ?? 0), 0);
  const onboardingFailed = onboarding.jobs.reduce((sum, job) => sum + (job.result?.failed ?? 0), 0);
  const compliance = (
    await call('GET', `${apiUrl}/franchises/${franchiseId}/compliance`, { key, expect: 200 })
  ).json;

  // 3. Changes at the sandbox ------------------------------------------------------------------
  const removeCount = Math.round((N * options['remove-percent']) / 100);
  const currencyCount = Math.round((N * options['currency-percent']) / 100);
  const validIndex = new Set(valid.map((a) => a.customerId));
  const changes = planChanges(fixture, removeCount, currencyCount).filter((change) =>
    validIndex.has(change.customerId),
  );
  const t3 = performance.now();
  await forEachParallel(changes, ADMIN_PARALLEL, async (change) => {
    const terminal = `${admin}/accounts/${change.customerId}/terminals/${change.terminalId}`;
    const method = `${terminal}/payment-methods/${encodeURIComponent(change.paymentMethod)}`;
    if (change.kind === 'remove-method') await call('DELETE', method, { expect: [200, 204] });
    else await call('DELETE', `${method}/currencies/${change.currency}`, { expect: [200, 204] });
  });
  const removed = changes.filter((x) => x.kind === 'remove-method').length;
  const dropped = changes.length - removed;
  err(
    `Changed ${changes.length} accounts at the sandbox in ${fmtMs(performance.now() - t3)}: ` +
      `${removed} lost a payment method, ${dropped} a currency`,
  );

  // 4./5. Drift cycle and baseline cycle -----------------------------------------------------
  const runCycle = async (label) => {
    const marker = await placeMarker(admin, sandboxUrl, valid[0].customerId);
    const before = await readCounters(admin, counterIds);
    const t0 = performance.now();
    const startedCheck = await call('POST', `${apiUrl}/drift-checks`, {
      key,
      body: {},
      expect: 202,
    });
    const postMs = performance.now() - t0;
    const { jobs, wallMs } = await waitForJobs({
      apiUrl,
      key,
      api,
      jobIds: [startedCheck.json.job.id],
      label,
      deadlineMs: readDeadlineMs(startedCheck.json.accounts),
      expected: startedCheck.json.accounts,
      t0,
    });
    const job = jobs[0];
    if (job.status !== 'succeeded')
      throw new Error(
        `${label} job ${job.status}: ${JSON.stringify(job.error)}\n--- API output ---\n${api.output().trim()}`,
      );
    const calls = await measureCalls(admin, counterIds, before, marker);
    return {
      label,
      requested: startedCheck.json.accounts,
      scope: startedCheck.json.scope,
      postMs,
      wallMs,
      serverMs: Date.parse(job.finishedAt) - Date.parse(job.createdAt),
      queuedMs: Date.parse(job.startedAt) - Date.parse(job.createdAt),
      result: job.result ?? {},
      calls,
    };
  };
  const drift = await runCycle('Drift cycle');
  const baseline = await runCycle('Baseline cycle');

  // 6. Pure-function reference, peak RSS --------------------------------------------------------
  err('Pure-function reference (in this process) …');
  const pure = pureReference(
    { accounts: valid },
    changes.map((change) => ({
      ...change,
      index: valid.findIndex((a) => a.customerId === change.customerId),
    })),
  );
  const apiRss = peakRssMiB(api.pid);
  const sandboxRss = peakRssMiB(sandbox.pid);
  await stopAll();
  const totalMs = performance.now() - started;

  // 7. Report -----------------------------------------------------------------------------------
  out();
  out('Drift benchmark');
  out(
    `  accounts ${N} × terminals ${T} (${valid.length} valid, ${onboarded} onboarded, ${onboardingFailed} failed)`,
  );
  out(`  franchise policy VISA in CHF on ECOM, after onboarding: ${compliance.summary ?? '?'}`);
  out(
    `  sandbox latency ${latencyMs} ms; DRIFT_CONCURRENCY ${c}; ONBOARDING_CONCURRENCY ${c}; ` +
      `SAFERPAY_MAX_CONCURRENCY_PER_HOST ${hostConcurrency}; LOG_LEVEL warn; SCHEDULER_ENABLED false`,
  );
  out(
    `  database ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite (temp dir)'}; ` +
      `node ${process.version}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  out(
    `  changes before the drift cycle: ${removed} accounts lost a payment method (${options['remove-percent']} %), ` +
      `${dropped} a currency (${options['currency-percent']} %); onboarding took ${fmtMs(onboarding.wallMs)}`,
  );
  out();
  const row = (cycle) => {
    const r = cycle.result;
    return [
      cycle === drift ? 'drift cycle' : 'baseline (nothing changed)',
      r.accounts ?? '?',
      fmtMs(cycle.wallMs),
      ((r.accounts ?? 0) / (cycle.wallMs / 1000)).toFixed(1),
      r.changed ?? '?',
      r.unchanged ?? '?',
      r.failed ?? '?',
      r.events ?? '?',
      r.evaluation?.perAccountMicros ?? '?',
    ];
  };
  const rate = (cycle) => (cycle.result.accounts ?? 0) / (cycle.wallMs / 1000);
  const rows = [
    row(drift),
    row(baseline),
    [
      'ratio drift / baseline',
      '',
      fmtRatio(drift.wallMs, baseline.wallMs),
      fmtRatio(rate(drift), rate(baseline)),
      '',
      '',
      '',
      '',
      fmtRatio(
        drift.result.evaluation?.perAccountMicros,
        baseline.result.evaluation?.perAccountMicros,
      ),
    ],
  ];
  if (!pure.skipped) {
    rows.push(
      [
        'pure functions: drift mix',
        valid.length,
        '',
        '',
        changes.length,
        valid.length - changes.length,
        '',
        pure.drift.events,
        pure.drift.perAccountMicros.toFixed(1),
      ],
      [
        'pure functions: baseline',
        valid.length,
        '',
        '',
        0,
        valid.length,
        '',
        pure.baseline.events,
        pure.baseline.perAccountMicros.toFixed(1),
      ],
    );
  }
  out(
    table(
      [
        'run',
        'accounts',
        'wall',
        'accounts/s',
        'changed',
        'unchanged',
        'failed',
        'events',
        'eval µs/account',
      ],
      rows,
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  out();
  out(
    "  wall = POST /drift-checks → job seen `succeeded` (client). eval µs/account = the job's " +
      'evaluation.perAccountMicros: CPU time of diff + drift events + policy evaluation per account, ' +
      'measured inside the API.',
  );
  if (pure.skipped) out(`  pure-function rows skipped: ${pure.skipped}`);
  else
    out(
      '  pure functions = the same calls (capabilityEvents when changed, evaluatePolicy, complianceEvents) ' +
        'in this process on snapshots normalised from the fixture: no database, no HTTP; ' +
        'median of 5 passes after a JIT warm-up.',
    );
  for (const cycle of [drift, baseline]) {
    const r = cycle.result;
    out(
      `  ${cycle.label}: job created → finished ${fmtMs(cycle.serverMs)} (queued ${fmtMs(cycle.queuedMs)}), ` +
        `POST ${fmtMs(cycle.postMs)}; skipped ${r.skipped ?? '?'}, retried ${r.retried ?? '?'}, ` +
        `evaluation ${r.evaluation?.accounts ?? '?'} accounts / ${r.evaluation?.totalMs ?? '?'} ms`,
    );
  }
  out(
    `  peak RSS (VmHWM): API ${apiRss === null ? 'n/a' : `${apiRss.toFixed(0)} MiB`}, ` +
      `sandbox ${sandboxRss === null ? 'n/a' : `${sandboxRss.toFixed(0)} MiB`}; whole run ${fmtMs(totalMs)}`,
  );
  out();
  out('Saferpay calls per cycle (sandbox fault counters; total from the request log seq)');
  const expectedTotal = (accounts) => accounts * callsPerAccount;
  out(
    table(
      ['operation', 'drift cycle', 'baseline', 'expected'],
      [
        ...READ_OPERATIONS.map((op) => [
          op,
          drift.calls.byOperation[op],
          baseline.calls.byOperation[op],
          op === 'GetLicenseConfiguration'
            ? 0
            : op === 'GetTerminal'
              ? `${drift.requested}×${T}`
              : drift.requested,
        ]),
        [
          'all calls',
          drift.calls.total,
          baseline.calls.total,
          `${expectedTotal(drift.requested)} = ${drift.requested}×(3+${T})`,
        ],
        [
          'statuses',
          drift.calls.complete ? fmtStatuses(drift.calls.statuses) : `log kept ${drift.calls.kept}`,
          baseline.calls.complete
            ? fmtStatuses(baseline.calls.statuses)
            : `log kept ${baseline.calls.kept}`,
          '200 only',
        ],
      ],
      [1, 2, 3],
    ),
  );
  if (!drift.calls.complete || !baseline.calls.complete)
    out(
      `  (the sandbox request log keeps the last ${REQUEST_LOG_LIMIT} calls: statuses and the ` +
        'per-customer check need a cycle that fits; the counters above are exact either way)',
    );

  // Checks ------------------------------------------------------------------------------------
  const checks = [];
  for (const cycle of [drift, baseline]) {
    const accounts = cycle.result.accounts;
    checks.push([
      `${cycle.label}: every account read once (GetTerminals == accounts)`,
      cycle.calls.byOperation.GetTerminals === accounts && accounts === cycle.requested,
      `GetTerminals ${cycle.calls.byOperation.GetTerminals}, accounts ${accounts}`,
    ]);
    checks.push([
      `${cycle.label}: GetLicense == accounts`,
      cycle.calls.byOperation.GetLicense === accounts,
      `GetLicense ${cycle.calls.byOperation.GetLicense}`,
    ]);
    if (cycle.calls.terminalsPerCustomer) {
      const customers = cycle.calls.terminalsPerCustomer;
      const twice = [...customers.values()].filter((n) => n !== 1).length;
      checks.push([
        `${cycle.label}: distinct customers in the log`,
        customers.size === accounts && twice === 0,
        `${customers.size} customers, ${twice} read more than once`,
      ]);
    }
    checks.push([
      `${cycle.label}: all ${valid.length} onboarded accounts checked, none failed`,
      cycle.result.accounts === valid.length && cycle.result.failed === 0,
      `accounts ${cycle.result.accounts}, failed ${cycle.result.failed}`,
    ]);
  }
  checks.push([
    'drift cycle: changed == changes made',
    drift.result.changed === changes.length,
    `changed ${drift.result.changed}, expected ${changes.length}`,
  ]);
  checks.push([
    'baseline: nothing changed, no events',
    baseline.result.changed === 0 && baseline.result.events === 0,
    `changed ${baseline.result.changed}, events ${baseline.result.events}`,
  ]);
  out();
  out(
    table(
      ['check', 'verdict', 'detail'],
      checks.map(([name, ok, detail]) => [name, ok ? 'PASS' : 'FAIL', detail]),
    ),
  );
  const failed = checks.filter(([, ok]) => !ok);
  if (failed.length) {
    err(`\nbench:drift: ${failed.length} check(s) failed: ${failed.map(([n]) => n).join('; ')}`);
    return 1;
  }
  return 0;
}

function fmtStatuses(statuses) {
  return Object.entries(statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
}

runScript(
  {
    name: 'bench:drift',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'bench-drift-',
    buildOutputs: [SANDBOX_MAIN, API_MAIN, CLI_MAIN],
  },
  main,
);
