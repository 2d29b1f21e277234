import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Schemas } from '@platform/api-types';
import type { SandboxAccountSummary } from '@platform/testing';
import { API_MAIN, apiProcessEnv, createTenantWithCli } from './support/api-process';
import { call } from './support/http';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { startRestartableApi, type RestartableApi } from './support/restartable-api';
import { registerSandboxAccounts, waitForJob } from './support/sandbox-accounts';

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;
const REGISTER_ROUTE = '/franchises/:franchiseId/merchant-accounts/bulk';

interface LogLine {
  msg?: string;
  req?: { id?: string };
  jobId?: string;
  traceId?: string;
  spanId?: string;
}

function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/**
 * How many OpenTelemetry SDK modules (exporter, instrumentations...) are loaded once the built app's modules are, after
 * `startTracing` with OTEL_TRACING_ENABLED=`enabled` (what main.ts does before loading the app).
 */
function openTelemetryModulesLoaded(enabled: string): number {
  const dist = dirname(API_MAIN);
  const script = `
    require('reflect-metadata');
    const { loadConfig } = require(${JSON.stringify(join(dist, 'config/app-config.js'))});
    const { startTracing } = require(${JSON.stringify(join(dist, 'tracing/tracing.js'))});
    startTracing(loadConfig()).then(() => {
      require(${JSON.stringify(join(dist, 'create-app.js'))});
      // prom-client always loads the bare @opentelemetry/api (a no-op without an SDK): not counted.
      const loaded = Object.keys(require.cache).filter(
        (path) => path.includes('@opentelemetry') && !path.includes('@opentelemetry/api/'),
      );
      process.stdout.write(String(loaded.length));
    });`;
  const run = spawnSync(process.execPath, ['-e', script], {
    env: apiProcessEnv({ OTEL_TRACING_ENABLED: enabled }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`node -e failed (${run.status}):\n${run.stderr}`);
  return Number(run.stdout);
}

/** The span's ancestors up to its trace's root (the span itself first). */
function ancestry(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const chain = [span];
  for (let current = span; current.parentSpanId !== undefined;) {
    const parent = spans.find((s) => s.spanId === current.parentSpanId);
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/**
 * The built API, as a process, exporting spans over OTLP/HTTP (JSON) to a receiver here:
 * the HTTP server span of a registration (route template, status, request id), its database
 * queries, the onboarding job's span (type, id, outcome) with its Saferpay attempts (operation,
 * status, ErrorName), trace ids in the log lines, and no credential anywhere. Then the same
 * traffic with tracing off: nothing is sent.
 */
describe('OpenTelemetry tracing', () => {
  const otlp = new OtlpReceiver();
  let harness: RestartableApi;
  let operatorKey: string;
  let franchiseId: string;
  let accounts: SandboxAccountSummary[];

  beforeAll(async () => {
    await otlp.start();
    harness = await startRestartableApi({
      sandbox: { accounts: 4, seed: 11 },
      env: {
        LOG_LEVEL: 'info',
        JOBS_POLL_INTERVAL_MS: '50',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
        OTEL_SERVICE_NAME: 'platform-under-test',
      },
    });
    accounts = (await harness.sandbox.admin.accounts()).filter((a) => a.credentialsValid);
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    ({ operatorKey } = createTenantWithCli(harness.env, 'Tracing'));
  }, 120_000);

  afterAll(async () => {
    await harness?.dispose();
    await otlp.stop();
  });

  /** Starts the API, registers one account, waits for its onboarding and stops with SIGTERM. */
  async function onboardOne(account: SandboxAccountSummary): Promise<Schemas['JobDto']> {
    const baseUrl = await harness.start();
    try {
      expect((await call(baseUrl, '/health/ready')).status).toBe(200);
      if (!franchiseId) {
        const franchise = await call<Schemas['FranchiseDto']>(baseUrl, '/franchises', {
          method: 'POST',
          key: operatorKey,
          json: { name: 'Traced franchise' },
        });
        expect(franchise.status).toBe(201);
        franchiseId = franchise.body.id;
      }
      const registered = await registerSandboxAccounts(baseUrl, operatorKey, franchiseId, [
        account,
      ]);
      return await waitForJob(baseUrl, operatorKey, registered.job.id);
    } finally {
      // SIGTERM: the API closes, then flushes the spans it still holds.
      await harness.stop('SIGTERM');
    }
  }

  it('exports the spans of requests, jobs, Saferpay calls and queries, and logs trace ids', async () => {
    harness.env.OTEL_TRACING_ENABLED = 'true';
    // The first terminal read fails once (500, INTERNAL_ERROR), the client retries it.
    await harness.sandbox.admin.addFault({
      kind: 'error',
      operation: 'GetTerminals',
      status: 500,
      errorName: 'INTERNAL_ERROR',
      behavior: 'RETRY',
      count: 1,
    });
    const job = await onboardOne(accounts[0]);
    expect(job.status).toBe('succeeded');

    const exports = otlp.requests.filter((r) => r.path === '/v1/traces');
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    const spans = otlp.spans();
    expect(spans.every((s) => s.resource['service.name'] === 'platform-under-test')).toBe(true);

    // The registration: a server span named by its route template, with status and request id.
    const server = spans.find(
      (s) => s.kind === SERVER && s.attributes['http.route'] === REGISTER_ROUTE,
    );
    expect(server).toBeDefined();
    expect(server!.name).toBe(`POST ${REGISTER_ROUTE}`);
    expect(server!.parentSpanId).toBeUndefined();
    expect(server!.attributes['http.response.status_code']).toBe(202);
    expect(server!.attributes['http.request.method']).toBe('POST');
    const requestId = server!.attributes['http.request_id'];
    expect(typeof requestId).toBe('string');
    // Its database queries are in its trace, under it.
    const requestTrace = spans.filter((s) => s.traceId === server!.traceId);
    const queries = requestTrace.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    expect(queries.length).toBeGreaterThan(0);
    for (const span of requestTrace) expect(ancestry(span, spans).at(-1)).toBe(server);
    // Probes are not traced.
    const paths = spans.map((s) => s.attributes['url.path']).filter((p) => typeof p === 'string');
    expect(paths).toContain('/franchises');
    expect(paths.filter((p) => p.startsWith('/health'))).toEqual([]);

    // The onboarding job: a trace of its own, with its outcome.
    const jobSpan = spans.find((s) => s.attributes['job.id'] === job.id);
    expect(jobSpan).toMatchObject({
      name: 'job onboarding',
      kind: CONSUMER,
      parentSpanId: undefined,
      attributes: { 'job.type': 'onboarding', 'job.outcome': 'succeeded', 'job.attempt': 1 },
    });
    const jobTrace = spans.filter((s) => s.traceId === jobSpan!.traceId);
    expect(jobTrace.every((s) => ancestry(s, spans).at(-1) === jobSpan)).toBe(true);
    // Its Saferpay attempts: operation, status and ErrorName.
    const saferpay = jobTrace.filter((s) => s.kind === CLIENT && s.name.startsWith('saferpay '));
    expect(saferpay.find((s) => s.attributes['saferpay.operation'] === 'getLicense')).toMatchObject(
      {
        name: 'saferpay getLicense',
        statusCode: 0,
        attributes: { 'saferpay.status': '200', 'http.response.status_code': 200 },
      },
    );
    const terminals = saferpay.filter((s) => s.attributes['saferpay.operation'] === 'getTerminals');
    expect(
      terminals.map((s) => [s.attributes['saferpay.attempt'], s.attributes['saferpay.status']]),
    ).toEqual([
      [1, '500'],
      [2, '200'],
    ]);
    expect(terminals[0]).toMatchObject({
      statusCode: 2,
      attributes: { 'saferpay.error_name': 'INTERNAL_ERROR', 'http.response.status_code': 500 },
    });
    expect(jobTrace.some((s) => s.attributes['db.system.name'] === 'postgresql')).toBe(true);

    // Logs: the request's line carries its trace next to its request id, the job's line its own.
    const lines = logLines(harness.output());
    const requestLine = lines.find((l) => l.req?.id === requestId && l.msg === 'request completed');
    expect(requestLine?.traceId).toBe(server!.traceId);
    const jobLine = lines.find((l) => l.jobId === job.id && l.msg === 'Job succeeded');
    expect(jobLine?.traceId).toBe(jobSpan!.traceId);

    // Never a credential: not the merchant's, not the operator key.
    const sent = exports.map((r) => r.body).join('\n');
    const { username, password } = accounts[0].givenCredentials;
    for (const secret of [
      password,
      Buffer.from(`${username}:${password}`).toString('base64'),
      operatorKey,
    ]) {
      expect(sent).not.toContain(secret);
    }
  });

  it('sends nothing and adds no trace ids to logs with tracing off', async () => {
    delete harness.env.OTEL_TRACING_ENABLED;
    const before = otlp.requests.length;
    const job = await onboardOne(accounts[1]);
    expect(job.status).toBe('succeeded');
    expect(otlp.requests.length).toBe(before);
    const lines = logLines(harness.output());
    expect(lines.some((l) => l.msg === 'request completed')).toBe(true);
    expect(lines.some((l) => l.traceId !== undefined)).toBe(false);
  });

  it('loads no OpenTelemetry module when off', () => {
    expect(openTelemetryModulesLoaded('false')).toBe(0);
    expect(openTelemetryModulesLoaded('true')).toBeGreaterThan(10);
  });
});
