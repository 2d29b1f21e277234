#!/usr/bin/env node
// Overhead of @platform/saferpay-client over a bare `fetch`, measured against the Saferpay
// sandbox on loopback in one run.
//
//   npm run build                      # this script builds nothing: it needs dist/ of the
//                                      # sandbox and of the client (saferpay-client:build)
//   npm run bench:saferpay-client      # or: node tools/bench/saferpay-client-overhead.mjs
//   npm run bench:saferpay-client -- --calls 5000 --concurrency 16 --warmup 500
//
// It starts the built sandbox (127.0.0.1, free port, --quiet), warms both variants up, then
// times GET /terminals/{terminalId} (client: getTerminal) N times per variant:
//   (a) a bare fetch of the same URL with the same headers (Basic auth, Saferpay-ApiVersion, a
//       fresh Saferpay-RequestId, Accept), reading the JSON body;
//   (b) SaferpayClient.getTerminal (id validation, per-host semaphore, timeout signal, retry
//       loop, response parsing, logging calls to the silent logger).
// Sequential: the variants alternate call by call (order swapped every call) so drift hits
// both alike. Concurrent: `concurrency` workers, variants alternating in 10 rounds. Prints a
// table (mean, p50, p95, p99 in ms; overhead in µs and %) and stops the sandbox. Bounded:
// at most 20 000 calls per variant and 60 s in total; loopback only; exit 0 on success, 1 on
// errors, 2 on bad options.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  SANDBOX_MAIN,
  cleanEnv,
  err,
  out,
  parseOptions,
  runScript,
  startSandbox,
} from './support.mjs';

const CLIENT_MAIN = join(ROOT, 'dist/libs/saferpay/client/libs/saferpay/client/src/index.js');
const DEADLINE_MS = 60_000;
const API_VERSION = '1.53';

const USAGE = `Usage: npm run bench:saferpay-client -- [--calls 2000] [--concurrency 8] [--warmup 200]
Run \`npm run build\` first. See the header of tools/bench/saferpay-client-overhead.mjs.`;

function parseArgs(argv) {
  const defaults = { calls: 2000, concurrency: 8, warmup: 200 };
  const limits = { calls: [10, 20_000], concurrency: [1, 64], warmup: [0, 5_000] };
  return parseOptions(argv, defaults, limits);
}

// ---------------------------------------------------------------------------------------------
// Measurement

const now = () => process.hrtime.bigint();
const msSince = (start) => Number(now() - start) / 1e6;

function stats(samples) {
  const sorted = Float64Array.from(samples).sort();
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { calls: sorted.length, mean, p50: rank(50), p95: rank(95), p99: rank(99) };
}

async function sequential(variants, calls) {
  const samples = variants.map(() => []);
  for (let i = 0; i < calls; i += 1) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const v of order) {
      const start = now();
      await variants[v].call();
      samples[v].push(msSince(start));
    }
  }
  return samples.map((s) => ({ ...stats(s), wallMs: undefined }));
}

async function concurrentPhase(call, calls, concurrency, samples) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      const start = now();
      await call();
      samples.push(msSince(start));
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return msSince(start);
}

async function concurrent(variants, calls, concurrency, rounds = 10) {
  const samples = variants.map(() => []);
  const wall = variants.map(() => 0);
  const perRound = Math.ceil(calls / rounds);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const v of order) {
      const n = Math.min(perRound, calls - perRound * round);
      wall[v] += await concurrentPhase(variants[v].call, n, concurrency, samples[v]);
    }
  }
  return samples.map((s, v) => ({ ...stats(s), wallMs: wall[v] }));
}

// ---------------------------------------------------------------------------------------------
// Output

const pad = (text, width) => String(text).padStart(width);
const padEnd = (text, width) => String(text).padEnd(width);
const ms = (x) => x.toFixed(3);
const signed = (x, digits) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

function table(rows) {
  const header = [
    padEnd('mode', 12),
    padEnd('variant', 16),
    pad('calls', 6),
    pad('mean ms', 9),
    pad('p50 ms', 9),
    pad('p95 ms', 9),
    pad('p99 ms', 9),
    pad('calls/s', 9),
  ].join(' ');
  out(header);
  out('-'.repeat(header.length));
  for (const { mode, results, names } of rows) {
    results.forEach((r, i) => {
      const rate = r.wallMs === undefined ? '' : Math.round((r.calls / r.wallMs) * 1000);
      out(
        [
          padEnd(mode, 12),
          padEnd(names[i], 16),
          pad(r.calls, 6),
          pad(ms(r.mean), 9),
          pad(ms(r.p50), 9),
          pad(ms(r.p95), 9),
          pad(ms(r.p99), 9),
          pad(rate, 9),
        ].join(' '),
      );
    });
    const [bare, client] = results;
    const cell = (key) => `${signed((client[key] - bare[key]) * 1000, 1)}µs`;
    const pct = (key) => `${signed(((client[key] - bare[key]) / bare[key]) * 100, 1)}%`;
    out(
      [
        padEnd(mode, 12),
        padEnd('overhead', 16),
        pad('', 6),
        pad(cell('mean'), 9),
        pad(cell('p50'), 9),
        pad(cell('p95'), 9),
        pad(cell('p99'), 9),
      ].join(' '),
    );
    out(
      [
        padEnd('', 12),
        padEnd('overhead %', 16),
        pad('', 6),
        pad(pct('mean'), 9),
        pad(pct('p50'), 9),
        pad(pct('p95'), 9),
        pad(pct('p99'), 9),
      ].join(' '),
    );
    out();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(options, { stopAll }) {
  const { SaferpayClient } = createRequire(import.meta.url)(CLIENT_MAIN);

  const started = Date.now();
  const guard = setTimeout(() => {
    err(`benchmark exceeded ${DEADLINE_MS / 1000} s, stopping`);
    void stopAll().finally(() => process.exit(1));
  }, DEADLINE_MS);
  guard.unref();
  try {
    const { sandbox, sandboxUrl, admin } = await startSandbox(
      ['--accounts', '3', '--seed', '42'],
      cleanEnv({}),
    );
    const { accounts } = await (await fetch(`${admin}/accounts`)).json();
    const account = accounts.find(
      (a) => a.credentialsValid && a.terminals.some((t) => t.type === 'ECOM'),
    );
    if (!account) throw new Error('no seeded account with valid credentials and an ECOM terminal');
    const terminalId = account.terminals.find((t) => t.type === 'ECOM').terminalId;
    const credentials = {
      customerId: account.customerId,
      username: account.username,
      password: account.givenCredentials.password,
    };

    const apiBaseUrl = `${sandboxUrl}/api`;
    const url = `${apiBaseUrl}/rest/customers/${account.customerId}/terminals/${terminalId}`;
    const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const bare = async () => {
      const response = await fetch(url, {
        headers: {
          Accept: 'application/json',
          Authorization: authorization,
          'Saferpay-ApiVersion': API_VERSION,
          'Saferpay-RequestId': randomUUID(),
        },
      });
      const body = await response.json();
      if (response.status !== 200) throw new Error(`bare fetch: HTTP ${response.status}`);
      return body;
    };
    const client = new SaferpayClient({
      baseUrl: apiBaseUrl,
      apiVersion: API_VERSION,
      timeoutMs: 10_000,
      maxConcurrencyPerHost: Math.max(8, options.concurrency),
    });
    const viaClient = () => client.getTerminal(credentials, terminalId);
    const variants = [
      { name: 'bare fetch', call: bare },
      { name: 'SaferpayClient', call: viaClient },
    ];
    const names = variants.map((v) => v.name);

    // Same answer both ways, then warm-up (JIT, keep-alive connections).
    const [a, b] = [await bare(), await viaClient()];
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('the variants disagree');
    for (let i = 0; i < options.warmup; i += 1) {
      await bare();
      await viaClient();
    }
    await concurrent(variants, Math.min(options.warmup, 200), options.concurrency, 2);

    const seq = await sequential(variants, options.calls);
    const conc = await concurrent(variants, options.calls, options.concurrency);

    out();
    out('Saferpay client overhead: GET /terminals/{terminalId} (getTerminal), sandbox on loopback');
    out(
      `node ${process.version}, ${options.calls} calls per variant and mode, warm-up ${options.warmup}, ` +
        `concurrency ${options.concurrency}, sandbox ${sandboxUrl} (pid ${sandbox.pid})`,
    );
    out(
      `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)} (sandbox and benchmark share them; ` +
        'p50 is the most stable figure on a busy machine)',
    );
    out();
    table([
      { mode: 'sequential', results: seq, names },
      { mode: `concurrent ${options.concurrency}`, results: conc, names },
    ]);
    out(
      'overhead = SaferpayClient - bare fetch per call (same URL, headers and JSON parsing); ' +
        'calls/s from wall time (concurrent only).',
    );
    out(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    clearTimeout(guard);
  }
}

runScript(
  {
    name: 'bench:saferpay-client',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'bench-saferpay-client-',
    buildOutputs: [SANDBOX_MAIN, CLIENT_MAIN],
    printStack: true,
  },
  main,
);
