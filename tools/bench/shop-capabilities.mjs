#!/usr/bin/env node
// Shop capability endpoint under load: the built API against a bare Node `http` server that
// serves the same stored bytes after the same hash lookup (tools/bench/bare-capability-server.mjs),
// in one run, both the 200 and the 304 (If-None-Match) path, with autocannon (programmatic).
//
//   npm run build                          # first: this script runs dist/ and builds nothing
//   npm run bench:shop-capabilities        # or: node tools/bench/shop-capabilities.mjs
//   npm run bench:shop-capabilities -- --rounds 3 --duration 5 --warmup 2 --connections 100 \
//                                      [--database-url postgres://…]
//
// What it does, all on loopback:
//   1. Starts the Saferpay sandbox (--port 0, 3 generated accounts), creates a tenant with the
//      CLI and starts the API (PORT=0) on embedded PGlite in a temp dir (or --database-url)
//      with LOG_LEVEL=warn, SCHEDULER_ENABLED=false and SHOP_RATE_LIMIT_PER_MINUTE=10000000
//      (the limiter runs on every request but never refuses). Other settings are defaults.
//   2. Registers one sandbox account, waits for onboarding, creates a shop, provisions its
//      Fields access token and issues a shop token; reads the document once (its bytes and ETag).
//   3. Starts the bare server with that token's hash and those bytes.
//   4. For each path (200: no If-None-Match; 304: the current ETag): a warm-up of --warmup s on
//      each server, then --rounds rounds of --duration s on the API and then on the bare server
//      (alternating, so a change in background load hits both), --connections connections,
//      identity encoding. Every answer must have the expected status.
//   5. Prints requests/s, p50 and p99 of every round, the medians over the rounds, the API/bare
//      ratio of the medians and the verdicts against the targets (API ≥ 0.5 × bare throughput,
//      API p99 < 25 ms) on stdout.
// Children are stopped by PID (SIGTERM, SIGKILL after 5 s); the temp dir is removed, also on
// errors and Ctrl-C. Exit 0 when the run completed (a missed target is a verdict); 1 on errors;
// 2 on bad options.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  API_MAIN,
  CLI_MAIN,
  ROOT,
  SANDBOX_MAIN,
  START_TIMEOUT_MS,
  apiEnv,
  call,
  cleanEnv,
  createTenantWithCli,
  err,
  out,
  parseOptions,
  runScript,
  spawnChild,
  startApi,
  startSandbox,
  table,
  waitForBanner,
  waitForJob,
} from './support.mjs';

const BARE_MAIN = join(ROOT, 'tools/bench/bare-capability-server.mjs');
const READY_TIMEOUT_MS = 120_000;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 25;

/** Also stripped from the children's environment (on top of what cleanEnv always strips). */
const STRIP = ['DRIFT_', 'FIELDS_TOKEN_', 'SHOP_'];

const USAGE = `Usage: npm run bench:shop-capabilities -- [--rounds 3] [--duration 5] [--warmup 2]
       [--connections 100] [--database-url postgres://…]
Run \`npm run build\` first. See the header of tools/bench/shop-capabilities.mjs.`;

function parseArgs(argv) {
  const defaults = {
    rounds: 3,
    duration: 5,
    warmup: 2,
    connections: 100,
    'database-url': undefined,
  };
  const limits = { rounds: [1, 20], duration: [1, 600], warmup: [0, 60], connections: [1, 1000] };
  const options = parseOptions(argv, defaults, limits);
  return options;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

/** One autocannon run; throws unless every answer had `status`. */
async function load(url, { token, ifNoneMatch, status, connections, duration }) {
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: {
      authorization: `Bearer ${token}`,
      ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
    },
  });
  const expected = result[`${String(status)[0]}xx`];
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  if (result.errors || result.timeouts || expected !== total || total === 0) {
    throw new Error(
      `${url}: expected only ${status} answers, got 2xx ${result['2xx']}, 3xx ${result['3xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
  };
}

// ---------------------------------------------------------------------------------------------
// Set-up: a shop with a document and a token

async function setUp(apiUrl, sandboxUrl, key) {
  const admin = `${sandboxUrl}/__admin`;
  const seeded = (await call('GET', `${admin}/accounts?credentialsValid=true`, { expect: 200 }))
    .json.accounts;
  const account = seeded.find((a) => a.terminals.some((t) => t.type === 'ECOM'));
  if (!account) throw new Error('no sandbox account with an ECOM terminal');
  const terminalId = account.terminals.find((t) => t.type === 'ECOM').terminalId;
  const franchise = await call('POST', `${apiUrl}/franchises`, {
    key,
    body: { name: 'Bench franchise' },
    expect: 201,
  });
  const registered = await call(
    'POST',
    `${apiUrl}/franchises/${franchise.json.id}/merchant-accounts/bulk`,
    {
      key,
      expect: 202,
      body: {
        accounts: [
          {
            customerId: account.customerId,
            environment: 'test',
            label: account.name,
            username: account.givenCredentials.username,
            password: account.givenCredentials.password,
          },
        ],
      },
    },
  );
  await waitForJob(apiUrl, key, registered.json.job.id, { timeoutMs: 120_000, intervalMs: 100 });
  const shop = await call('POST', `${apiUrl}/franchises/${franchise.json.id}/shops`, {
    key,
    expect: 201,
    body: {
      name: 'Bench shop',
      accountId: registered.json.accounts[0].id,
      terminalId,
      sourceUrls: ['https://shop.example.com/'],
    },
  });
  await call('POST', `${apiUrl}/shops/${shop.json.id}/fields-tokens`, { key, expect: 201 });
  const shopToken = await call('POST', `${apiUrl}/shops/${shop.json.id}/tokens`, {
    key,
    body: { name: 'bench' },
    expect: 201,
  });
  const token = shopToken.json.token;
  // Identity encoding, as autocannon asks: these are the bytes both servers send.
  const document = await call('GET', `${apiUrl}/shop/capabilities`, {
    key: token,
    headers: { 'Accept-Encoding': 'identity' },
    expect: 200,
  });
  const etag = document.headers.get('etag');
  if (etag !== `"${createHash('sha256').update(document.bytes).digest('base64url')}"`)
    throw new Error(`ETag ${etag} is not the hash of the body`);
  await call('GET', `${apiUrl}/shop/capabilities`, {
    key: token,
    headers: { 'If-None-Match': etag },
    expect: 304,
  });
  return {
    token,
    etag,
    bytes: document.bytes,
    cacheControl: document.headers.get('cache-control'),
  };
}

// ---------------------------------------------------------------------------------------------
// Main

/** Median of each metric over the rounds (each metric on its own). */
function median(results) {
  const mid = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const half = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  };
  return {
    rps: mid(results.map((r) => r.rps)),
    p50: mid(results.map((r) => r.p50)),
    p99: mid(results.map((r) => r.p99)),
  };
}

async function main(options, { tmp }) {
  const { sandbox, sandboxUrl } = await startSandbox(['--accounts', '3'], cleanEnv({}, STRIP));
  const env = apiEnv({
    tmp,
    databaseUrl: options['database-url'],
    sandboxUrl,
    extra: { SHOP_RATE_LIMIT_PER_MINUTE: '10000000' },
    strip: STRIP,
  });
  const { operatorKey: key } = await createTenantWithCli(
    CLI_MAIN,
    env,
    `Bench ${new Date().toISOString()}`,
  );
  const { api, apiUrl } = await startApi(env, { readyTimeoutMs: READY_TIMEOUT_MS });
  err(`API ${apiUrl} (pid ${api.pid}), sandbox ${sandboxUrl} (pid ${sandbox.pid})`);

  const shop = await setUp(apiUrl, sandboxUrl, key);
  const specPath = join(tmp, 'bare.json');
  writeFileSync(
    specPath,
    JSON.stringify({
      tokenHash: createHash('sha256').update(shop.token, 'utf8').digest('hex'),
      etag: shop.etag,
      cacheControl: shop.cacheControl,
      bodyBase64: shop.bytes.toString('base64'),
    }),
  );
  const bare = spawnChild('bare server', [BARE_MAIN, specPath], cleanEnv({}, STRIP));
  const bareUrl = await waitForBanner(
    bare,
    /bare capability server\s+(http:\/\/\S+)/,
    START_TIMEOUT_MS,
  );
  const bareCheck = await call('GET', bareUrl, { key: shop.token, expect: 200 });
  if (!bareCheck.bytes.equals(shop.bytes)) throw new Error('the bare server serves other bytes');
  err(
    `Bare server ${bareUrl} (pid ${bare.pid}); document ${shop.bytes.length} bytes, ETag ${shop.etag}`,
  );

  const { connections, duration, warmup, rounds } = options;
  const targets = [
    ['API', `${apiUrl}/shop/capabilities`],
    ['bare', bareUrl],
  ];
  const rows = [];
  const verdicts = [];
  for (const [path, status, ifNoneMatch] of [
    ['200', 200, undefined],
    ['304', 304, shop.etag],
  ]) {
    const run = { token: shop.token, ifNoneMatch, status, connections };
    if (warmup > 0) for (const [, url] of targets) await load(url, { ...run, duration: warmup });
    const measured = { API: [], bare: [] };
    for (let round = 1; round <= rounds; round += 1) {
      for (const [target, url] of targets) {
        err(
          `${path}, round ${round}/${rounds}: ${target}, ${duration} s, ${connections} connections …`,
        );
        const result = await load(url, { ...run, duration });
        measured[target].push(result);
        rows.push([
          `${target} ${path} #${round}`,
          result.rps.toFixed(0),
          `${result.p50} ms`,
          `${result.p99} ms`,
          result.total,
          '',
        ]);
      }
    }
    const apiMedian = median(measured.API);
    const bareMedian = median(measured.bare);
    const ratio = apiMedian.rps / bareMedian.rps;
    rows.push(
      [
        `API ${path} median`,
        apiMedian.rps.toFixed(0),
        `${apiMedian.p50} ms`,
        `${apiMedian.p99} ms`,
        '',
        ratio.toFixed(2),
      ],
      [
        `bare ${path} median`,
        bareMedian.rps.toFixed(0),
        `${bareMedian.p50} ms`,
        `${bareMedian.p99} ms`,
        '',
        '1.00',
      ],
    );
    verdicts.push(
      [
        `${path}: API/bare throughput`,
        ratio.toFixed(2),
        `≥ ${TARGET_RATIO}`,
        ratio >= TARGET_RATIO ? 'met' : 'MISSED',
      ],
      [
        `${path}: API p99`,
        `${apiMedian.p99} ms`,
        `< ${TARGET_P99_MS} ms`,
        apiMedian.p99 < TARGET_P99_MS ? 'met' : 'MISSED',
      ],
    );
  }
  if (api.hasExited()) throw new Error(`API exited with ${api.exitCode()}:\n${api.output()}`);

  out();
  out(
    `Shop capability benchmark: ${connections} connections, ${rounds} × ${duration} s per server and path after ${warmup} s warm-up, ` +
      `document ${shop.bytes.length} B, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, Node ${process.version}, ` +
      `${options['database-url'] ? 'PostgreSQL' : 'embedded PGlite'}`,
  );
  out();
  out(table(['run', 'req/s', 'p50', 'p99', 'requests', 'ratio'], rows));
  out();
  out(table(['metric', 'value', 'target', 'verdict'], verdicts));
  return 0;
}

runScript(
  {
    name: 'bench:shop-capabilities',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'bench-shop-capabilities-',
    buildOutputs: [SANDBOX_MAIN, API_MAIN, CLI_MAIN],
    printStack: true,
  },
  main,
);
