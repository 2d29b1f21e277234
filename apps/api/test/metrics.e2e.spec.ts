import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Schemas } from '@platform/api-types';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import { newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { registerSandboxAccounts, waitForJob } from './support/sandbox-accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { Receiver } from './support/webhook-receiver';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The value of the sample `name{labels}` (labels in any order), or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

/**
 * GET /metrics after real traffic: HTTP latency by route template, Saferpay attempts by
 * operation and status, job durations, published events, webhook deliveries and the queue gauge;
 * the METRICS_TOKEN guard; request ids in logs and problems.
 */
describe('Prometheus metrics', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let franchiseId: string;
  const logLines: string[] = [];
  const receiver = new Receiver();

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 3, seed: 7 });
    await receiver.start();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    t = await startTestApp(
      {
        LOG_LEVEL: 'info',
        METRICS_TOKEN,
        JOBS_WORKER_ENABLED: 'true',
        JOBS_POLL_INTERVAL_MS: '50',
        SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
        SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
        WEBHOOK_DISPATCH_ENABLED: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
      },
      { logDestination: destination },
    );
    tenant = await newTenant(t.app);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
    await sandbox?.stop();
  });

  const scrape = async (): Promise<string> => {
    const response = await call(t.baseUrl, '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text;
  };

  it('requires the METRICS_TOKEN when one is configured', async () => {
    expectProblem(await call(t.baseUrl, '/metrics'), 401, 'unauthorized');
    const wrong = await call(t.baseUrl, '/metrics', {
      headers: { authorization: 'Bearer not-the-metrics-token' },
    });
    expectProblem(wrong, 401, 'unauthorized');
    // An operator key is not the metrics token either.
    expectProblem(await call(t.baseUrl, '/metrics', { key: tenant.operatorKey }), 401);
  });

  it('is left out of the OpenAPI document', async () => {
    const { buildOpenApiDocument } = await import('@api/openapi/openapi-document');
    expect(Object.keys(buildOpenApiDocument(t.app).paths)).not.toContain('/metrics');
  });

  it('records HTTP latency by route template, never by raw path', async () => {
    const created = await call<Schemas['FranchiseDto']>(t.baseUrl, '/franchises', {
      method: 'POST',
      key: tenant.operatorKey,
      json: { name: 'Metrics franchise' },
    });
    expect(created.status).toBe(201);
    franchiseId = created.body.id;
    const missing = randomUUID();
    const notFound = await call(t.baseUrl, `/franchises/${missing}`, {
      key: tenant.operatorKey,
      headers: { 'x-request-id': 'metrics-trace-1' },
    });
    const problem = expectProblem(notFound, 404);
    // Request ids: echoed in problem+json and the header, and in the request's log line.
    expect(problem.requestId).toBe('metrics-trace-1');
    expect(notFound.headers.get('x-request-id')).toBe('metrics-trace-1');
    const logged = logLines
      .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string } })
      .find((line) => line.req?.id === 'metrics-trace-1');
    expect(logged?.req?.url).toBe(`/franchises/${missing}`);
    await call(t.baseUrl, '/no-such-route', { key: tenant.operatorKey });

    const text = await scrape();
    const count = 'saferpay_platform_http_request_duration_seconds_count';
    expect(sample(text, count, { method: 'POST', route: '/franchises', status: '201' })).toBe(1);
    expect(
      sample(text, count, { method: 'GET', route: '/franchises/:franchiseId', status: '404' }),
    ).toBe(1);
    expect(sample(text, count, { route: '(unmatched)', status: '404' })).toBeGreaterThan(0);
    expect(text).not.toContain(missing);
    expect(text).not.toContain(tenant.tenantId);
    // Default process metrics, with the prefix.
    expect(sample(text, 'saferpay_platform_process_cpu_user_seconds_total')).toBeDefined();
  });

  it('counts Saferpay attempts, job durations, drift events, webhook deliveries and the queue', async () => {
    const accounts = (await sandbox.admin.accounts()).filter((a) => a.credentialsValid).slice(0, 2);
    const registered = await registerSandboxAccounts(
      t.baseUrl,
      tenant.operatorKey,
      franchiseId,
      accounts,
    );
    expect((await waitForJob(t.baseUrl, tenant.operatorKey, registered.job.id)).status).toBe(
      'succeeded',
    );

    // A payment method disappears; a drift check finds it and publishes events.
    const [account] = accounts;
    const detail = await sandbox.admin.account(account.customerId);
    const terminal = detail.terminals.find((candidate) => candidate.paymentMethods.length > 0)!;
    const method = terminal.paymentMethods[0];
    const hookPath = receiver.path();
    const endpoint = await call(t.baseUrl, '/webhook-endpoints', {
      method: 'POST',
      key: tenant.operatorKey,
      json: { url: receiver.url(hookPath) },
    });
    expect(endpoint.status).toBe(201);
    await sandbox.admin.removePaymentMethod(
      account.customerId,
      terminal.terminalId,
      method.paymentMethod,
      terminal.type,
    );
    const started = await call<Schemas['DriftCheckStartedDto']>(t.baseUrl, '/drift-checks', {
      method: 'POST',
      key: tenant.operatorKey,
      json: {},
    });
    expect(started.status).toBe(202);
    const drift = await waitForJob(t.baseUrl, tenant.operatorKey, started.body.job.id);
    expect(drift.status).toBe('succeeded');

    let text = await scrape();
    const deadline = Date.now() + 20_000;
    while (
      sample(text, 'saferpay_platform_webhook_deliveries_total', { outcome: 'succeeded' }) ===
        undefined &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await scrape();
    }

    expect(
      sample(text, 'saferpay_platform_saferpay_requests_total', {
        operation: 'getLicense',
        status: '200',
        error_name: '',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'saferpay_platform_saferpay_request_duration_seconds_count', {
        operation: 'getLicense',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'saferpay_platform_jobs_duration_seconds_count', {
        type: 'onboarding',
        outcome: 'succeeded',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'saferpay_platform_events_total', { type: 'capability.removed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'saferpay_platform_webhook_deliveries_total', { outcome: 'succeeded' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'saferpay_platform_jobs_queued')).toBe(0);
    for (const id of [tenant.tenantId, franchiseId, account.customerId]) {
      expect(text).not.toContain(id);
    }
  });
});
