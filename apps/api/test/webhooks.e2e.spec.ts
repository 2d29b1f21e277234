import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import type { EventDto, EventPageDto } from '@api/events/dto/event.dto';
import type { EventEntity, EventType } from '@api/events/event.entity';
import type { NewEvent } from '@api/events/events.repository';
import type {
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookReplayResultDto,
} from '@api/webhooks/dto/webhook-delivery.dto';
import type {
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from '@api/webhooks/dto/webhook-endpoint.dto';
import { EventPublisher } from '@api/webhooks/event-publisher';
import { newTenant, type TestTenant } from './support/factories';
import { call, expectProblem } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';
import { Receiver, type Received } from './support/webhook-receiver';

/** Six retries after the first attempt: seven attempts at most, about 300 ms in all. */
const SCHEDULE = '50ms,50ms,50ms,50ms,50ms,50ms';
const MAX_ATTEMPTS = 7;
/** Comfortably longer than the whole schedule with jitter (6 × 60 ms) and polling. */
const QUIET_MS = 1000;

describe('webhooks', () => {
  let t: TestApp;
  const receiver = new Receiver();
  const logLines: string[] = [];
  /** Every secret the API handed out; none may show up anywhere else. */
  const secrets: string[] = [];

  const api = <T>(tenant: TestTenant, path: string, init: Parameters<typeof call>[2] = {}) =>
    call<T>(t.baseUrl, path, { key: tenant.operatorKey, ...init });

  async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined) {
    for (let i = 0; i < 500; i += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

  async function createEndpoint(
    tenant: TestTenant,
    path: string,
    extra: { eventTypes?: EventType[]; description?: string } = {},
  ): Promise<WebhookEndpointWithSecretDto> {
    const created = await api<WebhookEndpointWithSecretDto>(tenant, '/webhook-endpoints', {
      method: 'POST',
      json: { url: receiver.url(path), ...extra },
    });
    expect(created.status).toBe(201);
    secrets.push(created.body.secret);
    return created.body;
  }

  /** Writes events the way features do: inside a transaction, then a wake-up after commit. */
  async function publish(tenant: TestTenant, ...types: EventType[]): Promise<EventEntity[]> {
    const publisher = t.app.get(EventPublisher);
    const events: NewEvent[] = types.map((type, i) => ({
      type,
      franchiseId: null,
      accountId: null,
      subject: { kind: 'payment_method', code: `TWINT-${i}` },
      before: null,
      after: { present: true },
      summary: `Test event ${type}`,
    }));
    const rows = await t.app
      .get(DataSource)
      .transaction((manager) => publisher.publish(tenant.tenantId, events, manager));
    publisher.wake();
    return rows;
  }

  const deliveriesOf = async (tenant: TestTenant, endpointId: string, query = '') =>
    (
      await api<WebhookDeliveryPageDto>(
        tenant,
        `/webhook-endpoints/${endpointId}/deliveries${query}`,
      )
    ).body.items;

  const endpointOf = async (tenant: TestTenant, endpointId: string) =>
    (await api<WebhookEndpointDto>(tenant, `/webhook-endpoints/${endpointId}`)).body;

  function verify(secret: string, request: Received): unknown {
    return new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
  }

  beforeAll(async () => {
    await receiver.start();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    t = await startTestApp(
      {
        LOG_LEVEL: 'debug',
        WEBHOOK_DISPATCH_ENABLED: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_RETRY_SCHEDULE: SCHEDULE,
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
      },
      { logDestination: destination },
    );
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('delivers a published event signed per Standard Webhooks, with the event as GET /events shows it', async () => {
    const tenant = await newTenant(t.app);
    const path = receiver.path();
    const { endpoint, secret } = await createEndpoint(tenant, path, { description: 'Orders' });
    expect(endpoint).toMatchObject({ status: 'enabled', eventTypes: [], description: 'Orders' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const before = Math.floor(Date.now() / 1000);
    const [event] = await publish(tenant, 'capability.removed');
    const [request] = await until('the delivery', () => {
      const got = receiver.at(path);
      return got.length ? got : undefined;
    });

    // Verified by the independent reference implementation, not by our signing code.
    expect(verify(secret, request)).toBeDefined();
    expect(() => verify(`whsec_${randomBytes(32).toString('base64')}`, request)).toThrow();
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': event.id,
      'user-agent': expect.stringMatching(/Webhooks/),
    });
    const timestamp = Number(request.headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));

    const shown = await api<EventDto>(tenant, `/events/${event.id}`);
    expect(JSON.parse(request.body)).toEqual({
      type: 'capability.removed',
      timestamp: event.createdAt.toISOString(),
      data: shown.body,
    });

    const [delivery] = await until('the recorded success', async () => {
      const items = await deliveriesOf(tenant, endpoint.id);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });
    expect(delivery).toMatchObject({
      eventId: event.id,
      attemptCount: 1,
      lastStatusCode: 200,
      replayOf: null,
      attempts: [{ attempt: 1, statusCode: 200, error: null, responseExcerpt: 'answer 1' }],
    });
    expect(delivery.deliveredAt).not.toBeNull();
  });

  it('delivers only the event types an endpoint asked for (none means all)', async () => {
    const tenant = await newTenant(t.app);
    const filtered = receiver.path();
    const everything = receiver.path();
    await createEndpoint(tenant, filtered, { eventTypes: ['terminal.added'] });
    await createEndpoint(tenant, everything);

    await publish(tenant, 'capability.removed', 'terminal.added', 'license.changed');
    await until('all three at the catch-all endpoint', () =>
      receiver.at(everything).length === 3 ? true : undefined,
    );
    await quiet();
    const types = (path: string) =>
      receiver.at(path).map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types(filtered)).toEqual(['terminal.added']);
    expect(types(everything).sort()).toEqual(
      ['capability.removed', 'license.changed', 'terminal.added'].sort(),
    );
  });

  it('retries by the schedule: five failures then a success are six requests, then nothing', async () => {
    const tenant = await newTenant(t.app);
    const path = receiver.path((n) => (n <= 5 ? 500 : 200));
    const { endpoint, secret } = await createEndpoint(tenant, path);
    const [event] = await publish(tenant, 'terminal.removed');

    await until('the sixth request', () => (receiver.at(path).length >= 6 ? true : undefined));
    await quiet();
    const requests = receiver.at(path);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 200]);
    expect(requests.filter((r) => r.status < 300)).toHaveLength(1);
    // Every attempt carries the same webhook-id and its own valid signature.
    for (const request of requests) {
      expect(request.headers['webhook-id']).toBe(event.id);
      expect(verify(secret, request)).toBeDefined();
    }

    const [delivery] = await deliveriesOf(tenant, endpoint.id);
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attemptCount: 6,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
    expect(delivery.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
      [5, 500],
      [6, 200],
    ]);
    expect(delivery.attempts[0].responseExcerpt).toBe('answer 1');
    expect((await endpointOf(tenant, endpoint.id)).status).toBe('enabled');
  });

  it('410 Gone fails the delivery at once and disables the endpoint with an event (sent elsewhere, not there)', async () => {
    const tenant = await newTenant(t.app);
    // 410 for the first request only: later ones would show a delivery that should not exist.
    const gonePath = receiver.path((n) => (n === 1 ? 410 : 200));
    const watcherPath = receiver.path();
    const since = new Date(Date.now() - 1000);
    // Both subscribed to everything: only the rules keep the event from the disabled endpoint.
    const { endpoint: gone } = await createEndpoint(tenant, gonePath);
    const { endpoint: watcher } = await createEndpoint(tenant, watcherPath);

    await publish(tenant, 'capability.added');
    const disabled = await until('the endpoint to be disabled', async () => {
      const current = await endpointOf(tenant, gone.id);
      return current.status === 'disabled' ? current : undefined;
    });
    expect(disabled).toMatchObject({ disabledReason: '410 Gone' });
    expect(disabled.disabledAt).not.toBeNull();

    const events = await api<EventPageDto>(tenant, '/events?type=webhook.endpoint_disabled');
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({
      subject: { kind: 'webhook_endpoint', code: gone.id },
      after: { status: 'disabled', reason: '410 Gone' },
    });
    const [delivery] = await deliveriesOf(tenant, gone.id);
    expect(delivery).toMatchObject({ status: 'failed', attemptCount: 1, lastStatusCode: 410 });

    await until('the watcher to get the endpoint_disabled event', () =>
      receiver
        .at(watcherPath)
        .some((r) => (JSON.parse(r.body) as { type: string }).type === 'webhook.endpoint_disabled')
        ? true
        : undefined,
    );
    expect(await deliveriesOf(tenant, watcher.id)).toHaveLength(2);

    await publish(tenant, 'capability.added');
    await until('the watcher to get the next event', () =>
      receiver.at(watcherPath).length === 3 ? true : undefined,
    );
    await quiet();
    expect(receiver.at(gonePath)).toHaveLength(1);
    expect(await deliveriesOf(tenant, gone.id)).toHaveLength(1);

    // Enabled again, a range replay brings what it missed, but not the news of its own disable.
    await api(tenant, `/webhook-endpoints/${gone.id}`, {
      method: 'PATCH',
      json: { enabled: true },
    });
    const replay = await api<WebhookReplayResultDto>(
      tenant,
      `/webhook-endpoints/${gone.id}/replay`,
      {
        method: 'POST',
        json: { since: since.toISOString() },
      },
    );
    expect(replay.body).toEqual({ queued: 2 });
    await until('the two replays', () => (receiver.at(gonePath).length === 3 ? true : undefined));
    await quiet();
    expect(receiver.at(gonePath).map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(
      ['capability.added', 'capability.added', 'capability.added'],
    );
  });

  it('disables an endpoint whose deliveries exhaust the schedule with no success meanwhile', async () => {
    const tenant = await newTenant(t.app);
    const path = receiver.path(() => 503);
    const { endpoint } = await createEndpoint(tenant, path);
    await publish(tenant, 'compliance.violated');

    const disabled = await until('the endpoint to be disabled', async () => {
      const current = await endpointOf(tenant, endpoint.id);
      return current.status === 'disabled' ? current : undefined;
    });
    expect(disabled.disabledReason).toMatch(
      new RegExp(
        `All ${MAX_ATTEMPTS} attempts of delivery .* failed \\(HTTP 503 ×${MAX_ATTEMPTS}\\)`,
      ),
    );
    await quiet();
    expect(receiver.at(path)).toHaveLength(MAX_ATTEMPTS);
    const [delivery] = await deliveriesOf(tenant, endpoint.id);
    expect(delivery).toMatchObject({
      status: 'failed',
      attemptCount: MAX_ATTEMPTS,
      lastError: 'HTTP 503',
    });
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual(Array(MAX_ATTEMPTS).fill(503));
    const events = await api<EventPageDto>(tenant, '/events?type=webhook.endpoint_disabled');
    expect(events.body.items.map((e) => e.subject.code)).toEqual([endpoint.id]);
  });

  it('an operator disable cancels pending deliveries; enabling again clears the reason', async () => {
    const tenant = await newTenant(t.app);
    const path = receiver.path(() => 500);
    const { endpoint } = await createEndpoint(tenant, path);
    await publish(tenant, 'license.changed');
    await until('a first attempt', () => (receiver.at(path).length > 0 ? true : undefined));

    const patched = await api<WebhookEndpointDto>(tenant, `/webhook-endpoints/${endpoint.id}`, {
      method: 'PATCH',
      json: { enabled: false },
    });
    expect(patched.body).toMatchObject({ status: 'disabled', disabledReason: expect.any(String) });
    await quiet();
    const seen = receiver.at(path).length;
    expect(seen).toBeLessThan(MAX_ATTEMPTS);
    const [delivery] = await deliveriesOf(tenant, endpoint.id);
    expect(delivery.status).toBe('cancelled');
    await quiet();
    expect(receiver.at(path)).toHaveLength(seen);

    const enabled = await api<WebhookEndpointDto>(tenant, `/webhook-endpoints/${endpoint.id}`, {
      method: 'PATCH',
      json: { enabled: true, eventTypes: ['terminal.added'], description: null },
    });
    expect(enabled.body).toMatchObject({
      status: 'enabled',
      disabledReason: null,
      disabledAt: null,
      eventTypes: ['terminal.added'],
      description: null,
    });
  });

  it('after a secret rotation every delivery carries both signatures, each verifiable', async () => {
    const tenant = await newTenant(t.app);
    const path = receiver.path();
    const { endpoint, secret: oldSecret } = await createEndpoint(tenant, path);
    const rotated = await api<WebhookEndpointWithSecretDto>(
      tenant,
      `/webhook-endpoints/${endpoint.id}/rotate-secret`,
      { method: 'POST' },
    );
    expect(rotated.status).toBe(201);
    const newSecret = rotated.body.secret;
    secrets.push(newSecret);
    expect(newSecret).not.toBe(oldSecret);
    const signing = rotated.body.endpoint.signingSecrets;
    expect(signing).toHaveLength(2);
    expect(signing.filter((s) => s.expiresAt === null)).toHaveLength(1);
    const expiresIn = Date.parse(signing.find((s) => s.expiresAt)!.expiresAt!) - Date.now();
    expect(expiresIn / 3_600_000).toBeGreaterThan(23.9);
    expect(expiresIn / 3_600_000).toBeLessThanOrEqual(24);

    await publish(tenant, 'terminal.added');
    const [request] = await until('the delivery', () => {
      const got = receiver.at(path);
      return got.length ? got : undefined;
    });
    const signatures = String(request.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    expect(verify(oldSecret, request)).toBeDefined();
    expect(verify(newSecret, request)).toBeDefined();
    // Each secret matches exactly one of the two signatures.
    for (const secret of [oldSecret, newSecret]) {
      const matching = signatures.filter((signature) => {
        try {
          verify(secret, {
            ...request,
            headers: { ...request.headers, 'webhook-signature': signature },
          });
          return true;
        } catch {
          return false;
        }
      });
      expect(matching).toHaveLength(1);
    }
  });

  it('replays one delivery (even a successful one) and the events of a time range', async () => {
    const tenant = await newTenant(t.app);
    const path = receiver.path();
    const since = new Date(Date.now() - 1000);
    const { endpoint } = await createEndpoint(tenant, path, { eventTypes: ['terminal.added'] });
    const [, added] = await publish(tenant, 'capability.removed', 'terminal.added');
    const [original] = await until('the delivery to succeed', async () => {
      const items = await deliveriesOf(tenant, endpoint.id);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });

    const replayed = await api<WebhookDeliveryDto>(
      tenant,
      `/webhook-endpoints/${endpoint.id}/deliveries/${original.id}/replay`,
      { method: 'POST' },
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({
      status: 'pending',
      eventId: added.id,
      replayOf: original.id,
    });
    await until('the replay', () => (receiver.at(path).length === 2 ? true : undefined));
    expect(receiver.at(path).map((r) => r.headers['webhook-id'])).toEqual([added.id, added.id]);

    const range = await api<WebhookReplayResultDto>(
      tenant,
      `/webhook-endpoints/${endpoint.id}/replay`,
      { method: 'POST', json: { since: since.toISOString() } },
    );
    expect(range.status).toBe(202);
    expect(range.body).toEqual({ queued: 1 });
    await until('the range replay', () => (receiver.at(path).length === 3 ? true : undefined));
    const byEvent = await until('three succeeded deliveries', async () => {
      const items = await deliveriesOf(
        tenant,
        endpoint.id,
        `?eventId=${added.id}&status=succeeded`,
      );
      return items.length === 3 ? items : undefined;
    });
    expect(byEvent.filter((d) => d.replayOf === original.id)).toHaveLength(2);

    // An endpoint created after the events gets them through a range replay, filter and all.
    const latePath = receiver.path();
    const { endpoint: late } = await createEndpoint(tenant, latePath);
    const lateRange = await api<WebhookReplayResultDto>(
      tenant,
      `/webhook-endpoints/${late.id}/replay`,
      {
        method: 'POST',
        json: { since: since.toISOString(), until: new Date(Date.now() + 1000).toISOString() },
      },
    );
    expect(lateRange.body).toEqual({ queued: 2 });
    await until('both events at the late endpoint', () =>
      receiver.at(latePath).length === 2 ? true : undefined,
    );

    const empty = await api<WebhookReplayResultDto>(
      tenant,
      `/webhook-endpoints/${endpoint.id}/replay`,
      {
        method: 'POST',
        json: { since: new Date(Date.now() + 60_000).toISOString() },
      },
    );
    expectProblem(empty, 400, 'validation-failed');
  });

  it('refuses private, link-local and malformed URLs outside the allow-list with a 422 pointing at /url', async () => {
    const tenant = await newTenant(t.app);
    for (const url of [
      'http://10.0.0.1/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://[fd00::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'http://user:pw@127.0.0.1/hook',
      'ftp://127.0.0.1/hook',
      'not a url',
    ]) {
      const response = await api(tenant, '/webhook-endpoints', { method: 'POST', json: { url } });
      const problem = expectProblem(response, 422, 'webhook-target-refused');
      expect(problem.errors).toEqual([{ pointer: '/url', detail: expect.any(String) }]);
    }
    const { endpoint } = await createEndpoint(tenant, receiver.path());
    const patch = await api(tenant, `/webhook-endpoints/${endpoint.id}`, {
      method: 'PATCH',
      json: { url: 'http://172.16.0.1/' },
    });
    expect(expectProblem(patch, 422, 'webhook-target-refused').detail).toMatch(/private/);
    expect((await endpointOf(tenant, endpoint.id)).url).toBe(endpoint.url);

    const badType = await api(tenant, '/webhook-endpoints', {
      method: 'POST',
      json: { url: receiver.url('/x'), eventTypes: ['no.such.type'] },
    });
    expectProblem(badType, 400, 'validation-failed');
  });

  it("answers another tenant's ids with 404 on every route", async () => {
    const owner = await newTenant(t.app);
    const other = await newTenant(t.app);
    const { endpoint } = await createEndpoint(owner, receiver.path());
    await publish(owner, 'terminal.added');
    const [delivery] = await until('a delivery', async () => {
      const items = await deliveriesOf(owner, endpoint.id);
      return items.length ? items : undefined;
    });
    const base = `/webhook-endpoints/${endpoint.id}`;
    const routes: [string, string, unknown?][] = [
      ['GET', base],
      ['PATCH', base, { description: 'hijacked' }],
      ['DELETE', base],
      ['POST', `${base}/rotate-secret`],
      ['GET', `${base}/deliveries`],
      ['POST', `${base}/deliveries/${delivery.id}/replay`],
      ['POST', `${base}/replay`, { since: new Date(0).toISOString() }],
    ];
    for (const [method, path, json] of routes) {
      expectProblem(await api(other, path, { method, json }), 404, 'not-found');
    }
    const list = await api<WebhookEndpointPageDto>(other, '/webhook-endpoints');
    expect(list.body.items).toEqual([]);
    // Still the owner's, unchanged.
    expect((await endpointOf(owner, endpoint.id)).description).toBeNull();
    expect(await deliveriesOf(owner, endpoint.id)).toHaveLength(1);
    const deleted = await api(owner, base, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expectProblem(await api(owner, base), 404, 'not-found');
  });

  it('never shows a secret again: not in GET answers, not in the logs', async () => {
    const tenant = await newTenant(t.app);
    const { endpoint, secret } = await createEndpoint(tenant, receiver.path());
    const list = await api<WebhookEndpointPageDto>(tenant, '/webhook-endpoints');
    const one = await api<WebhookEndpointDto>(tenant, `/webhook-endpoints/${endpoint.id}`);
    const deliveries = await api(tenant, `/webhook-endpoints/${endpoint.id}/deliveries`);
    for (const text of [list.text, one.text, deliveries.text]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('whsec_');
    }
    expect(one.body.signingSecrets).toEqual([
      { id: expect.any(String), createdAt: expect.any(String), expiresAt: null },
    ]);
    expect(secrets.length).toBeGreaterThan(10);
    const logs = logLines.join('');
    // The logs were written (so the check below means something) ...
    expect(logs).toContain('Webhook attempt');
    // ... and hold none of the secrets, not even their key material.
    for (const s of secrets) {
      expect(logs).not.toContain(s);
      expect(logs).not.toContain(s.slice('whsec_'.length));
    }
  });
});
