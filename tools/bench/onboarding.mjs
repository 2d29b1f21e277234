#!/usr/bin/env node
// End-to-end onboarding benchmark: the built API onboarding N Saferpay accounts of T terminals
// each from the Saferpay sandbox (with injected latency), then the capability matrix.
//
//   npm run build                      # first: this script builds nothing, it runs dist/ of the
//                                      # API (main.js, cli.js) and of the Saferpay sandbox
//   npm run bench:onboarding           # or: node tools/bench/onboarding.mjs
//   npm run bench:onboarding -- --accounts 100 --terminals 5 --latency-ms 50 --concurrency 16 \
//                               --matrix-requests 200 [--database-url postgres://…]
//
// What it does, all on loopback and bounded (finite requests, a deadline per phase):
//   1. Generates a fixture of N accounts × T terminals (all credentials valid, /license
//      available, realistic payment methods, currencies, wallets and payment page configs;
//      the schema of apps/saferpay-sandbox/README.md), writes it to a temp dir and starts the
//      sandbox with it (--port 0 --quiet), plus one global `latency` fault of --latency-ms.
//   2. Creates a tenant and operator key with the CLI (`tenants:create --json`), then starts
//      the API (PORT=0) on embedded PGlite in the temp dir (or --database-url; a fresh
//      ENCRYPTION_KEYS is generated either way) with SAFERPAY_TEST_BASE_URL=<sandbox>/api,
//      ONBOARDING_CONCURRENCY=c, SAFERPAY_MAX_CONCURRENCY_PER_HOST=max(16, c), LOG_LEVEL=warn,
//      SCHEDULER_ENABLED=false (no cron work during the measurement). Other settings keep their
//      defaults (JOBS_POLL_INTERVAL_MS 500: the job is picked up at the next poll).
//   3. Creates a franchise, registers all accounts in ONE bulk call (so N ≤ 1000) and polls
//      the job (progress on stderr); wall time = from sending the POST to seeing `succeeded`.
//   4. Counts the Saferpay calls the sandbox saw (request log, after a marker request) and
//      compares with the expected N × (1 license + 1 terminals + T terminal details + 1 payment
//      page configs). Latency-bound floor = calls × latency / c; target wall ≤ 1.5 × floor.
//   5. Capability matrix: a few warm-ups, then --matrix-requests sequential GETs (JSON) →
//      p50/p95/p99 and size (target p99 < 200 ms); the CSV variant (Accept: text/csv) likewise
//      with min(20, --matrix-requests) requests.
//   6. Peak RSS (VmHWM of /proc/<pid>/status) of the API and of the sandbox.
//   7. Prints the parameters and a metric / value / target / verdict table on stdout.
// Both children are stopped by PID (SIGTERM, SIGKILL after 5 s) and the temp dir is removed,
// also on errors and Ctrl-C. Exit 0 when the run completed (a missed target is a verdict, not
// an error); 1 on errors (a child failing to start, the job failing, a timeout); 2 on bad options.
// With --database-url the tenant, franchise and accounts stay in that database.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  API_MAIN,
  CLI_MAIN,
  SANDBOX_MAIN,
  apiEnv,
  buildFixture,
  call,
  cleanEnv,
  createTenantWithCli,
  err,
  fmtMs,
  out,
  parseOptions,
  peakRssMiB,
  runScript,
  sleep,
  startApi,
  startSandbox,
  table,
} from './support.mjs';

const MATRIX_WARMUPS = 5;

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const defaults = {
    accounts: 1000,
    terminals: 5,
    'latency-ms': 50,
    concurrency: 16,
    'matrix-requests': 200,
    'database-url': undefined,
  };
  const limits = {
    accounts: [1, 1000], // one bulk call takes at most 1000
    terminals: [1, 50],
    'latency-ms': [0, 5000],
    concurrency: [1, 256], // ONBOARDING_CONCURRENCY's range
    'matrix-requests': [1, 10_000],
  };
  const options = parseOptions(argv, defaults, limits);
  return options;
}

const USAGE = `Usage: npm run bench:onboarding -- [--accounts 1000] [--terminals 5] [--latency-ms 50]
       [--concurrency 16] [--matrix-requests 200] [--database-url postgres://…]
Run \`npm run build\` first. See the header of tools/bench/onboarding.mjs.`;

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Sequential timed GETs (after warm-ups): latency percentiles and the response size. */
async function timeGets(url, key, { accept, warmups, requests }) {
  for (let i = 0; i < warmups; i += 1) await call('GET', url, { key, accept, expect: 200 });
  const times = [];
  let bytes = 0;
  let first;
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${key}`, ...(accept ? { Accept: accept } : {}) },
    });
    const body = Buffer.from(await response.arrayBuffer());
    times.push(performance.now() - started);
    if (response.status !== 200)
      throw new Error(`GET ${url} answered ${response.status}: ${body.toString('utf8', 0, 500)}`);
    bytes = body.length;
    first ??= body;
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    bytes,
    first,
    requests,
  };
}

// ---------------------------------------------------------------------------------------------
// Request-log analysis

function analyseCalls(entries) {
  const byOperation = {};
  const statuses = {};
  let durationSum = 0;
  let firstStart = Infinity;
  let lastFinish = -Infinity;
  const events = [];
  const durations = [];
  for (const entry of entries) {
    byOperation[entry.operation ?? '?'] = (byOperation[entry.operation ?? '?'] ?? 0) + 1;
    statuses[entry.status ?? 'none'] = (statuses[entry.status ?? 'none'] ?? 0) + 1;
    const start = Date.parse(entry.startedAt);
    const finish = entry.finishedAt ? Date.parse(entry.finishedAt) : start;
    durationSum += finish - start;
    durations.push(finish - start);
    firstStart = Math.min(firstStart, start);
    lastFinish = Math.max(lastFinish, finish);
    events.push([start, 1], [finish, -1]);
  }
  // Ends before starts at the same millisecond: a conservative peak.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inFlight = 0;
  let peak = 0;
  for (const [, delta] of events) {
    inFlight += delta;
    peak = Math.max(peak, inFlight);
  }
  durations.sort((a, b) => a - b);
  const spanMs = lastFinish - firstStart;
  return {
    byOperation,
    statuses,
    spanMs,
    meanInFlight: spanMs > 0 ? durationSum / spanMs : 0,
    peakInFlight: peak,
    durationP50: percentile(durations, 50),
    durationP99: percentile(durations, 99),
    firstStart,
    lastFinish,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

function fmtBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(options, { tmp, stopAll }) {
  const N = options.accounts;
  const T = options.terminals;
  const latencyMs = options['latency-ms'];
  const c = options.concurrency;
  const hostConcurrency = Math.max(16, c);
  const matrixRequests = options['matrix-requests'];
  const csvRequests = Math.min(20, matrixRequests);

  // 1. Fixture and sandbox ----------------------------------------------------------------
  err(`Fixture: ${N} accounts × ${T} terminals …`);
  const fixture = buildFixture(N, T);
  const fixturePath = join(tmp, 'fixture.json');
  writeFileSync(fixturePath, JSON.stringify(fixture));
  const { sandbox, sandboxUrl, admin, health } = await startSandbox(
    ['--fixture', fixturePath],
    cleanEnv({}),
  );
  if (health.accounts !== N)
    throw new Error(`sandbox has ${health.accounts} accounts, expected ${N}`);
  const invalid = await call('GET', `${admin}/accounts?credentialsValid=false`, { expect: 200 });
  if (invalid.json.accounts.length !== 0)
    throw new Error(`${invalid.json.accounts.length} fixture accounts have invalid credentials`);
  if (latencyMs > 0)
    await call('POST', `${admin}/faults`, { body: { kind: 'latency', latencyMs }, expect: 201 });
  err(`Sandbox ${sandboxUrl} (pid ${sandbox.pid}), latency fault ${latencyMs} ms`);

  // 2. Tenant (CLI) and API ---------------------------------------------------------------
  const env = apiEnv({
    tmp,
    databaseUrl: options['database-url'],
    sandboxUrl,
    extra: {
      ONBOARDING_CONCURRENCY: String(c),
      SAFERPAY_MAX_CONCURRENCY_PER_HOST: String(hostConcurrency),
    },
  });
  const { tenantId, operatorKey: key } = await createTenantWithCli(
    CLI_MAIN,
    env,
    `Bench ${new Date().toISOString()}`,
  );
  const { api, apiUrl } = await startApi(env);
  err(`API ${apiUrl} (pid ${api.pid}), tenant ${tenantId}`);

  // 3. Franchise, bulk registration, job --------------------------------------------------
  const franchise = await call('POST', `${apiUrl}/franchises`, {
    key,
    body: { name: `Bench franchise ${N}×${T}` },
    expect: 201,
  });
  const franchiseId = franchise.json.id;
  const accounts = fixture.accounts.map((a) => ({
    customerId: a.customerId,
    environment: 'test',
    label: a.name,
    username: a.username,
    password: a.password,
  }));

  // Marker: one unauthenticated call (a 401 in the request log) separates earlier traffic.
  await call('DELETE', `${admin}/requests`, { expect: 200 });
  await call('GET', `${sandboxUrl}/api/rest/customers/${fixture.accounts[0].customerId}/license`);
  const marker = (await call('GET', `${admin}/requests`, { expect: 200 })).json.requests.at(-1).seq;

  const expectedCalls = N * (3 + T);
  const floorMs = (expectedCalls * latencyMs) / c;
  const jobDeadlineMs = Math.max(120_000, 10 * floorMs + 60_000);
  const t0 = performance.now();
  const registered = await call(
    'POST',
    `${apiUrl}/franchises/${franchiseId}/merchant-accounts/bulk`,
    {
      key,
      body: { accounts },
      expect: 202,
    },
  );
  const postMs = performance.now() - t0;
  const jobId = registered.json.job.id;
  let job;
  let lastShown = 0;
  const tty = process.stderr.isTTY;
  for (;;) {
    job = (await call('GET', `${apiUrl}/jobs/${jobId}`, { key, expect: 200 })).json;
    const elapsed = performance.now() - t0;
    const { done, failed, total, percent } = job.progress;
    const line = `Onboarding: ${job.status} ${done}/${total || N} done, ${failed} failed (${percent}%) ${(elapsed / 1000).toFixed(1)} s`;
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (
      elapsed - lastShown >= 5_000 ||
      ['succeeded', 'failed', 'cancelled'].includes(job.status)
    ) {
      err(line);
      lastShown = elapsed;
    }
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
    if (elapsed > jobDeadlineMs)
      throw new Error(
        `job ${jobId} not finished after ${fmtMs(elapsed)}: ${JSON.stringify(job.progress)}`,
      );
    if (api.hasExited())
      throw new Error(`API exited with ${api.exitCode()} during the job:\n${api.output().trim()}`);
    await sleep(200);
  }
  const wallMs = performance.now() - t0;
  if (tty) process.stderr.write('\n');
  if (job.status !== 'succeeded') {
    throw new Error(
      `onboarding job ${job.status}: ${JSON.stringify(job.error)}\n--- API output ---\n${api.output().trim()}`,
    );
  }
  const serverMs = Date.parse(job.finishedAt) - Date.parse(job.createdAt);
  const queuedMs = Date.parse(job.startedAt) - Date.parse(job.createdAt);
  const ready = job.result?.ready ?? 0;
  const failedAccounts = job.result?.failed ?? 0;

  // 4. Saferpay calls ----------------------------------------------------------------------
  const log = (await call('GET', `${admin}/requests`, { expect: 200 })).json.requests.filter(
    (e) => e.seq > marker,
  );
  const lastSeq = log.at(-1)?.seq ?? marker;
  // seq is monotonic even when the log (10 000 entries in the CLI sandbox) drops old ones.
  const calls = lastSeq - marker;
  const truncated = log.length < calls;
  const analysis = analyseCalls(log);
  const actualFloorMs = (calls * latencyMs) / c;
  const ratio = actualFloorMs > 0 ? wallMs / actualFloorMs : NaN;
  // The job's own active span: first to last Saferpay call (excludes queueing and finishing).
  const callSpanMs = analysis.spanMs;

  // 5. Capability matrix -------------------------------------------------------------------
  err(
    `Capability matrix: ${MATRIX_WARMUPS} warm-ups + ${matrixRequests} JSON, ${csvRequests} CSV …`,
  );
  const matrixUrl = `${apiUrl}/franchises/${franchiseId}/capability-matrix`;
  const json = await timeGets(matrixUrl, key, {
    warmups: MATRIX_WARMUPS,
    requests: matrixRequests,
  });
  const matrix = JSON.parse(json.first.toString('utf8'));
  const csv = await timeGets(matrixUrl, key, {
    accept: 'text/csv',
    warmups: 1,
    requests: csvRequests,
  });

  // 6. Peak RSS (before stopping) ------------------------------------------------------------
  const apiRss = peakRssMiB(api.pid);
  const sandboxRss = peakRssMiB(sandbox.pid);

  await stopAll();

  // 7. Report ------------------------------------------------------------------------------
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  out();
  out('Onboarding benchmark');
  out(
    `  accounts ${N} × terminals ${T}; sandbox latency ${latencyMs} ms; ONBOARDING_CONCURRENCY ${c}; ` +
      `SAFERPAY_MAX_CONCURRENCY_PER_HOST ${hostConcurrency}`,
  );
  out(
    `  database ${options['database-url'] ? 'PostgreSQL (--database-url)' : 'embedded PGlite (temp dir)'}; ` +
      `JOBS_POLL_INTERVAL_MS 500 (default); LOG_LEVEL warn; SCHEDULER_ENABLED false`,
  );
  out(
    `  node ${process.version}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  out(
    `  matrix: ${MATRIX_WARMUPS} warm-ups + ${matrixRequests} sequential JSON GETs; CSV: 1 warm-up + ${csvRequests}`,
  );
  out();
  const rows = [
    [
      'accounts ready',
      `${ready}/${N} (${failedAccounts} failed)`,
      `${N}/${N}`,
      verdict(ready === N),
    ],
    ['bulk POST (register, 202)', fmtMs(postMs), '', ''],
    ['onboarding wall (POST → succeeded)', fmtMs(wallMs), '', ''],
    ['  job queued → started (server)', fmtMs(queuedMs), '', ''],
    ['  job created → finished (server)', fmtMs(serverMs), '', ''],
    ['  first → last Saferpay call', fmtMs(callSpanMs), '', ''],
    [
      'Saferpay calls',
      `${calls}${truncated ? ` (log kept ${log.length})` : ''}`,
      `${expectedCalls} = ${N}×(3+${T})`,
      calls === expectedCalls ? 'PASS' : 'DIFF',
    ],
    [
      'latency-bound floor',
      latencyMs > 0 ? fmtMs(actualFloorMs) : 'n/a',
      `${calls}×${latencyMs} ms/${c}`,
      '',
    ],
    [
      'wall / floor',
      Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a (no latency)',
      '≤ 1.50×',
      Number.isFinite(ratio) ? verdict(ratio <= 1.5) : '—',
    ],
    [
      'Saferpay calls in flight',
      `mean ${analysis.meanInFlight.toFixed(1)}, peak ${analysis.peakInFlight}`,
      `${c}`,
      '',
    ],
    [
      'sandbox call duration',
      `p50 ${fmtMs(analysis.durationP50)}, p99 ${fmtMs(analysis.durationP99)}`,
      `≈ ${latencyMs} ms`,
      '',
    ],
    ['matrix JSON p50 / p95', `${fmtMs(json.p50)} / ${fmtMs(json.p95)}`, '', ''],
    ['matrix JSON p99', fmtMs(json.p99), '< 200 ms', verdict(json.p99 < 200)],
    ['matrix JSON max / mean', `${fmtMs(json.max)} / ${fmtMs(json.mean)}`, '', ''],
    [
      'matrix JSON size',
      `${fmtBytes(json.bytes)} (${matrix.columns?.length ?? '?'} columns, ${matrix.rows?.length ?? '?'} rows)`,
      '',
      '',
    ],
    ['matrix CSV p50 / max', `${fmtMs(csv.p50)} / ${fmtMs(csv.max)}`, '', ''],
    ['matrix CSV size', fmtBytes(csv.bytes), '', ''],
    ['API peak RSS (VmHWM)', apiRss === null ? 'n/a' : `${apiRss.toFixed(0)} MiB`, '', ''],
    [
      'sandbox peak RSS (VmHWM)',
      sandboxRss === null ? 'n/a' : `${sandboxRss.toFixed(0)} MiB`,
      '',
      '',
    ],
  ];
  out(table(['metric', 'value', 'target', 'verdict'], rows));
  out();
  out(
    `Saferpay calls by operation: ${Object.entries(analysis.byOperation)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}; statuses: ${Object.entries(analysis.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(
        ', ',
      )}${truncated ? ` (breakdown of the last ${log.length} kept by the sandbox log)` : ''}`,
  );
  if (failedAccounts > 0) {
    out(`Failed accounts (first 5): ${JSON.stringify((job.result?.errors ?? []).slice(0, 5))}`);
  }
  if (Number.isFinite(ratio)) {
    const overhead = wallMs - actualFloorMs;
    out(
      `Time above the floor: ${fmtMs(overhead)} = queue wait ${fmtMs(queuedMs)} + ` +
        `${fmtMs(Math.max(0, overhead - queuedMs))} of DB work, progress updates, client overhead and polling.`,
    );
  }
  return 0;
}

runScript(
  {
    name: 'bench:onboarding',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'bench-onboarding-',
    buildOutputs: [SANDBOX_MAIN, API_MAIN, CLI_MAIN],
  },
  main,
);
