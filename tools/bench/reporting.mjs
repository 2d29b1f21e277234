#!/usr/bin/env node
// Transaction reporting benchmark: the built API fetching N seeded transactions of one business
// day from the sandbox (PageSize 2000, one request at a time) and exporting them as NDJSON, for
// 10,000 and 100,000 transactions by default.
//
//   npm run build                      # first: this script runs dist/ of the API and the sandbox
//   npm run bench:reporting            # or: node tools/bench/reporting.mjs
//   npm run bench:reporting -- --sizes 10000,100000 [--format ndjson|csv] [--export-heap-mib 64]
//                              [--database-url postgres://…]
//
// Per size N, all on loopback and bounded (finite requests, a deadline per phase):
//   1. The sandbox (one process for all sizes) gets a fresh customer with N SUCCESSFUL
//      transactions on the day before yesterday (Zurich), seeded through its admin API.
//   2. API process A (embedded PGlite in a temp dir, or the database URL; the scheduler off)
//      onboards the account and fetches that day: POST …/transaction-reports, the job polled
//      to `succeeded`. Time = POST to succeeded; requests = the sandbox's GetTransactions log
//      for the customer (must equal ceil(N / 2000); no two may overlap in time).
//   3. A is stopped and a fresh API process B is started on the same database, so its peak RSS
//      (VmHWM) covers start-up and the export only. B streams GET …/transactions/export and the
//      script counts lines without keeping the body. Prints B's RSS before and at its peak.
//      B runs with --max-old-space-size=64 (--export-heap-mib, 0 = V8's default): without a cap
//      V8 grows its heap lazily while garbage piles up between collections, so the peak would
//      measure GC heuristics rather than what the export keeps; with the cap, an export that
//      kept rows would run out of memory.
// Checks (exit 1 when one fails): requests == ceil(N/2000) and no overlap, exported lines == N,
// and B's peak RSS for the largest N at most 32 MiB above that for the smallest (flat memory).
// Children are stopped by PID (SIGTERM, SIGKILL after 5 s), temp dirs removed, also on Ctrl-C.
// Exit 2 on bad options.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  API_MAIN,
  CLI_MAIN,
  SANDBOX_MAIN,
  UsageError,
  apiEnv,
  call,
  cleanEnv,
  createTenantWithCli,
  err,
  fmtMs,
  out,
  peakRssMiB,
  rssMiB,
  runScript,
  sleep,
  startApi,
  startSandbox,
  table,
  waitForJob,
} from './support.mjs';

const JOB_TIMEOUT_MS = 15 * 60_000;
const PAGE_SIZE = 2000;
const STRIP = ['REPORTING_', 'PAYMENT_LINKS_', 'DRIFT_', 'FIELDS_TOKEN_'];

const USAGE = `Usage: npm run bench:reporting -- [--sizes 10000,100000] [--format ndjson|csv]
       [--export-heap-mib 64] [--database-url postgres://…]
Run \`npm run build\` first. See the header of tools/bench/reporting.mjs.`;

function parseArgs(argv) {
  const options = { sizes: [10_000, 100_000], format: 'ndjson', heapMiB: 64 };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--help' || name === '-h') {
      options.help = true;
      continue;
    }
    if (!['--sizes', '--format', '--database-url', '--export-heap-mib'].includes(name))
      throw new UsageError(`unknown option ${name}`);
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === '--sizes') options.sizes = value.split(',').map(Number);
    else if (name === '--format') options.format = value;
    else if (name === '--database-url') options.databaseUrl = value;
    else options.heapMiB = Number(value);
    i += 1;
  }
  if (!options.sizes.every((n) => Number.isInteger(n) && n > 0 && n <= 1_000_000))
    throw new UsageError('--sizes: positive integers up to 1000000');
  if (!['ndjson', 'csv'].includes(options.format)) throw new UsageError('--format: ndjson or csv');
  if (!Number.isInteger(options.heapMiB) || options.heapMiB < 0)
    throw new UsageError('--export-heap-mib: a non-negative integer');
  return options;
}

/** Zurich midnights as instants, without a date library: the day before yesterday. */
function zurichDayBeforeYesterday(now = new Date()) {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich', dateStyle: 'short' });
  const today = fmt.format(now); // yyyy-mm-dd
  const midnight = (day) => {
    const naive = Date.parse(`${day}T00:00:00Z`);
    const offsetAt = (t) => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: 'Europe/Zurich',
        timeZoneName: 'longOffset',
      })
        .formatToParts(new Date(t))
        .find((p) => p.type === 'timeZoneName').value;
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(parts);
      return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
    };
    return new Date(naive - offsetAt(naive - offsetAt(naive)));
  };
  const addDays = (day, n) =>
    new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const day = addDays(today, -2);
  return { day, start: midnight(day), end: midnight(addDays(day, 1)) };
}

/** Waits for the job, printing its page progress whenever it changes. */
function waitForReportJob(url, key, jobId) {
  let last = '';
  return waitForJob(url, key, jobId, {
    timeoutMs: JOB_TIMEOUT_MS,
    intervalMs: 200,
    onPoll: (job) => {
      const line = `  job ${job.status}: pages ${job.progress.done}/${job.progress.total}`;
      if (line !== last) err((last = line));
    },
  });
}

/** Streams the export and counts lines; never holds more than one chunk. */
async function countExport(url, key, path) {
  const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  if (response.status !== 200)
    throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  return { lines, bytes };
}

async function runSize(n, index, { tmp: runTmp, sandboxUrl, format, databaseUrl, heapMiB }) {
  const admin = `${sandboxUrl}/__admin`;
  const customerId = String(700001 + index);
  const username = `API_${customerId}_10000001`;
  const password = `Bench-${customerId}-password`;
  await call('POST', `${admin}/accounts`, {
    expect: 201,
    body: {
      customerId,
      username,
      password,
      license: { package: 'SAFERPAY_BUSINESS', features: ['MANAGEMENT_API'] },
      terminals: [
        {
          terminalId: `${customerId}1`,
          type: 'ECOM',
          paymentMethods: [
            { paymentMethod: 'VISA', currencies: ['CHF', 'EUR'] },
            { paymentMethod: 'TWINT', currencies: ['CHF'] },
          ],
        },
      ],
    },
  });
  const target = zurichDayBeforeYesterday();
  const seeded = await call('POST', `${admin}/accounts/${customerId}/transactions`, {
    expect: 201,
    body: {
      count: n,
      from: target.start.toISOString(),
      to: target.end.toISOString(),
      state: 'SUCCESSFUL',
    },
  });
  err(`N=${n}: customer ${customerId}, ${seeded.json.added} transactions on ${target.day}`);

  const tmp = mkdtempSync(join(runTmp, `size-${n}-`));
  const env = apiEnv({ tmp, databaseUrl, sandboxUrl, strip: STRIP });
  try {
    const { operatorKey: key } = await createTenantWithCli(CLI_MAIN, env, `Reporting bench ${n}`);
    let { api, apiUrl: url } = await startApi(env);
    const franchise = await call('POST', `${url}/franchises`, {
      key,
      body: { name: `Bench ${n}` },
      expect: 201,
    });
    const registered = await call(
      'POST',
      `${url}/franchises/${franchise.json.id}/merchant-accounts`,
      {
        key,
        expect: 202,
        body: { customerId, environment: 'test', label: `Bench ${n}`, username, password },
      },
    );
    await waitForReportJob(url, key, registered.json.job.id);
    const accountId = registered.json.accounts[0].id;

    await call('DELETE', `${admin}/requests`, { expect: 200 });
    const fetchStarted = performance.now();
    const started = await call(
      'POST',
      `${url}/merchant-accounts/${accountId}/transaction-reports`,
      {
        key,
        expect: 202,
        body: { from: target.day, to: target.day },
      },
    );
    const job = await waitForReportJob(url, key, started.json.job.id);
    const fetchMs = performance.now() - fetchStarted;
    const log = (
      await call('GET', `${admin}/requests?customerId=${customerId}&operation=GetTransactions`, {
        expect: 200,
      })
    ).json.requests;
    const pages = log.map((r) => Number(new URLSearchParams(r.query).get('PageNumber')));
    const sorted = [...log].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const overlapping = sorted.filter(
      (r, i) => i > 0 && r.startedAt < (sorted[i - 1].finishedAt ?? '9'),
    ).length;
    const fetchPeak = peakRssMiB(api.pid);
    await api.stop();

    // A fresh process for the export: its peak RSS is start-up plus the export, nothing else.
    const exportEnv = heapMiB ? { ...env, NODE_OPTIONS: `--max-old-space-size=${heapMiB}` } : env;
    ({ api, apiUrl: url } = await startApi(exportEnv));
    await sleep(500);
    const rssBefore = rssMiB(api.pid);
    const exportStarted = performance.now();
    const exported = await countExport(
      url,
      key,
      `/merchant-accounts/${accountId}/transactions/export?format=${format}`,
    );
    const exportMs = performance.now() - exportStarted;
    const exportPeak = peakRssMiB(api.pid);
    await api.stop();
    const expectedLines = format === 'csv' ? n + 1 : n;
    return {
      n,
      fetchMs,
      requests: log.length,
      expectedRequests: Math.ceil(n / PAGE_SIZE),
      pages,
      overlapping,
      stored: job.result.transactions,
      fetchPeak,
      exportMs,
      lines: exported.lines,
      expectedLines,
      bytes: exported.bytes,
      rssBefore,
      exportPeak,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(options, { tmp }) {
  const { sandbox, sandboxUrl } = await startSandbox(['--accounts', '1'], cleanEnv({}, STRIP));
  const results = [];
  for (const [index, n] of options.sizes.entries()) {
    results.push(await runSize(n, index, { tmp, sandboxUrl, ...options }));
  }
  await sandbox.stop();

  const mib = (v) => (v === null ? 'n/a' : `${v.toFixed(1)} MiB`);
  out(
    `Transaction reporting benchmark (${cpus().length} cores, load ${loadavg()[0].toFixed(2)}, ${options.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, export ${options.format}, export heap cap ${options.heapMiB ? `${options.heapMiB} MiB` : 'none'})`,
  );
  out();
  out(
    table(
      [
        'transactions',
        'fetch time',
        'requests',
        'ceil(N/2000)',
        'overlapping',
        'per 1k',
        'export time',
        'lines',
        'MiB out',
        'RSS idle',
        'RSS peak (export)',
      ],
      results.map((r) => [
        r.n,
        fmtMs(r.fetchMs),
        r.requests,
        r.expectedRequests,
        r.overlapping,
        fmtMs((r.fetchMs / r.n) * 1000),
        fmtMs(r.exportMs),
        r.lines,
        (r.bytes / 1048576).toFixed(1),
        mib(r.rssBefore),
        mib(r.exportPeak),
      ]),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
  );
  out();
  const failures = [];
  for (const r of results) {
    if (r.requests !== r.expectedRequests)
      failures.push(`N=${r.n}: ${r.requests} requests, expected ${r.expectedRequests}`);
    if (r.overlapping !== 0) failures.push(`N=${r.n}: ${r.overlapping} overlapping requests`);
    const expectedPages = Array.from({ length: r.expectedRequests }, (_, i) => i + 1).join(',');
    if ([...r.pages].sort((a, b) => a - b).join(',') !== expectedPages)
      failures.push(`N=${r.n}: pages ${r.pages.join(',')}`);
    if (r.lines !== r.expectedLines)
      failures.push(`N=${r.n}: exported ${r.lines} lines, expected ${r.expectedLines}`);
  }
  const smallest = results[0];
  const largest = results[results.length - 1];
  if (results.length > 1 && smallest.exportPeak !== null && largest.exportPeak !== null) {
    // Flat: the same peak give or take 32 MiB, for ten times the rows.
    const bound = smallest.exportPeak + 32;
    out(
      `Export peak RSS: ${mib(smallest.exportPeak)} for ${smallest.n} vs ${mib(largest.exportPeak)} for ${largest.n} (bound ${mib(bound)}).`,
    );
    if (largest.exportPeak > bound)
      failures.push(`export memory grows with N: ${mib(largest.exportPeak)} > ${mib(bound)}`);
  }
  for (const failure of failures) out(`FAIL ${failure}`);
  out(
    failures.length
      ? `${failures.length} check(s) failed`
      : 'All checks passed: requests == ceil(N/2000), serial, every transaction exported, flat export memory.',
  );
  return failures.length ? 1 : 0;
}

runScript(
  {
    name: 'bench:reporting',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'bench-reporting-',
    buildOutputs: [SANDBOX_MAIN, API_MAIN, CLI_MAIN],
    printStack: true,
  },
  main,
);
