#!/usr/bin/env node
// What switching OpenTelemetry tracing on costs: two API processes, one with tracing off (the
// baseline) and one with OTEL_TRACING_ENABLED=true exporting every span to an OTLP/HTTP sink in
// this process, measured side by side in one run.
//
//   npm run build                # first: this script runs dist/ and builds nothing
//   npm run bench:tracing        # or: node tools/bench/tracing.mjs
//   npm run bench:tracing -- --rounds 3 --duration 5 --connections 10 --accounts 20 \
//                            --sample-ratio 1 [--database-url postgres://…]
//
// What it does, all on loopback:
//   1. Starts the Saferpay sandbox (--accounts generated accounts) and the OTLP sink.
//   2. Starts the two APIs (embedded PGlite in a temp dir each, or --database-url: then both
//      share it, each with its own tenant), creates a tenant with the CLI for each, registers
//      the sandbox's accounts with valid credentials and waits for onboarding.
//   3. For --rounds rounds, alternating between the two APIs (so background load hits both):
//      --duration s of `GET /franchises/{id}/capability-matrix` (Express, Nest, guards and
//      database queries: HTTP, Express and pg spans) with --connections autocannon connections,
//      then one drift check of the tenant (a job with a Saferpay read per account: job and
//      Saferpay spans), timed from `POST /drift-checks` to the job's success.
//   4. Prints per API the medians over the rounds (matrix req/s, p50, p99; drift check time),
//      the traced/untraced ratios and the spans the sink received.
// Exit 0 when the run completed; 1 on errors; 2 on bad options.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  API_MAIN,
  CLI_MAIN,
  SANDBOX_MAIN,
  apiEnv,
  call,
  cleanEnv,
  createTenantWithCli,
  err,
  fmtMs,
  out,
  parseOptions,
  runScript,
  sleep,
  startApi,
  startSandbox,
  table,
  waitForJob,
} from './support.mjs';

const STRIP = ['OTEL_', 'DRIFT_', 'SHOP_'];

const USAGE = `Usage: npm run bench:tracing -- [--rounds 3] [--duration 5] [--connections 10]
       [--accounts 20] [--sample-ratio 1] [--database-url postgres://…]
Run \`npm run build\` first. See the header of tools/bench/tracing.mjs.`;

function parseArgs(argv) {
  const defaults = {
    rounds: 3,
    duration: 5,
    connections: 10,
    accounts: 20,
    'sample-ratio': 1,
    'database-url': undefined,
  };
  const limits = {
    rounds: [1, 20],
    duration: [1, 600],
    connections: [1, 500],
    accounts: [1, 500],
    'sample-ratio': [0, 1],
  };
  return parseOptions(argv, defaults, limits, { decimal: ['sample-ratio'] });
}

/** An OTLP/HTTP (JSON) receiver that only counts the spans it is sent. */
async function startSink() {
  let spans = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const resource of body.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans += (scope.spans ?? []).length;
      } catch {
        // not JSON: counted as a request, no spans
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts: () => ({ spans, requests }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A tenant with a franchise holding every sandbox account with valid credentials, onboarded. */
async function seed(label, key, apiUrl, accounts) {
  const franchise = await call('POST', `${apiUrl}/franchises`, {
    key,
    body: { name: `Tracing bench ${label}` },
    expect: 201,
  });
  const registered = await call(
    'POST',
    `${apiUrl}/franchises/${franchise.json.id}/merchant-accounts/bulk`,
    {
      key,
      expect: 202,
      body: {
        accounts: accounts.map((account) => ({
          customerId: account.customerId,
          environment: 'test',
          label: account.name,
          username: account.givenCredentials.username,
          password: account.givenCredentials.password,
        })),
      },
    },
  );
  await waitForJob(apiUrl, key, registered.json.job.id);
  return { key, franchiseId: franchise.json.id };
}

async function matrixLoad(target, { connections, duration }) {
  const result = await autocannon({
    url: `${target.apiUrl}/franchises/${target.franchiseId}/capability-matrix`,
    connections,
    duration,
    headers: { authorization: `Bearer ${target.key}` },
  });
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  if (result.errors || result.timeouts || result['2xx'] !== total || total === 0) {
    throw new Error(
      `${target.name}: expected only 200 answers, got 2xx ${result['2xx']} of ${total}, ` +
        `errors ${result.errors}, timeouts ${result.timeouts}`,
    );
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function driftCheck(target) {
  const started = performance.now();
  const check = await call('POST', `${target.apiUrl}/drift-checks`, {
    key: target.key,
    body: { franchiseId: target.franchiseId },
    expect: 202,
  });
  await waitForJob(target.apiUrl, target.key, check.json.job.id);
  return performance.now() - started;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
};

async function main(options, { tmp }) {
  const sink = await startSink();
  try {
    const { sandboxUrl, admin } = await startSandbox(
      ['--accounts', String(options.accounts)],
      cleanEnv({}, STRIP),
    );
    const accounts = (await call('GET', `${admin}/accounts?credentialsValid=true`, { expect: 200 }))
      .json.accounts;
    const targets = [];
    for (const [name, tracing] of [
      ['tracing off', {}],
      [
        'tracing on',
        {
          OTEL_TRACING_ENABLED: 'true',
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
          OTEL_TRACES_SAMPLE_RATIO: String(options['sample-ratio']),
        },
      ],
    ]) {
      const dir = join(tmp, name.replace(' ', '-'));
      mkdirSync(dir);
      const env = apiEnv({
        tmp: dir,
        databaseUrl: options['database-url'],
        sandboxUrl,
        extra: tracing,
        strip: STRIP,
      });
      // Before the API starts: embedded PGlite is one process's database.
      const { operatorKey } = await createTenantWithCli(CLI_MAIN, env, `Tracing bench ${name}`);
      const { api, apiUrl } = await startApi(env);
      const seeded = await seed(name, operatorKey, apiUrl, accounts);
      err(`${name}: API ${apiUrl} (pid ${api.pid}), ${accounts.length} accounts onboarded`);
      targets.push({ name, apiUrl, ...seeded, matrix: [], drift: [] });
    }

    const spansBefore = sink.counts().spans;
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const target of round % 2 ? targets : [...targets].reverse()) {
        target.matrix.push(await matrixLoad(target, options));
        target.drift.push(await driftCheck(target));
        err(
          `round ${round} ${target.name}: matrix ${target.matrix.at(-1).rps.toFixed(1)} req/s, ` +
            `drift check ${fmtMs(target.drift.at(-1))}`,
        );
      }
    }
    await sleep(6_000); // the batch exporter sends every 5 s
    const spans = sink.counts().spans - spansBefore;

    const summary = targets.map((target) => ({
      name: target.name,
      rps: median(target.matrix.map((r) => r.rps)),
      p50: median(target.matrix.map((r) => r.p50)),
      p99: median(target.matrix.map((r) => r.p99)),
      drift: median(target.drift),
    }));
    const [off, on] = summary;
    out();
    out(
      `Tracing overhead (${cpus().length} cores, load ${loadavg()[0].toFixed(2)}, ` +
        `${options['database-url'] ? 'PostgreSQL' : 'embedded PGlite'}, ${accounts.length} accounts, ` +
        `OTEL_TRACES_SAMPLE_RATIO ${options['sample-ratio']}, ` +
        `${options.rounds} rounds of ${options.duration} s, ${options.connections} connections)`,
    );
    out();
    out(
      table(
        ['API', 'matrix req/s', 'p50', 'p99', 'drift check'],
        summary.map((s) => [s.name, s.rps.toFixed(1), fmtMs(s.p50), fmtMs(s.p99), fmtMs(s.drift)]),
        [1, 2, 3, 4],
      ),
    );
    out();
    out(
      `Traced / untraced: matrix throughput ${(on.rps / off.rps).toFixed(2)}×, ` +
        `p99 ${(on.p99 / off.p99).toFixed(2)}×, drift check time ${(on.drift / off.drift).toFixed(2)}×; ` +
        `${spans} spans exported during the rounds.`,
    );
    if (spans === 0) throw new Error('the traced API exported no span');
    return 0;
  } finally {
    await sink.close();
  }
}

runScript(
  {
    name: 'bench:tracing',
    parse: parseArgs,
    usage: USAGE,
    tmpPrefix: 'bench-tracing-',
    buildOutputs: [SANDBOX_MAIN, API_MAIN, CLI_MAIN],
  },
  main,
);
