import { createShopClient, ShopApiError, type CapabilityDocument } from './index';

const document = (name = 'Pizza Nord Online'): CapabilityDocument => ({
  schemaVersion: 1,
  shopId: '3f0c7f5e-2a55-4c36-9f53-3d6f5b0a7d11',
  name,
  account: { id: 'a', customerId: '401860', environment: 'test', state: 'ready' },
  terminal: { terminalId: '17757531', type: 'ECOM', description: 'Webshop' },
  paymentMethods: [{ code: 'VISA', currencies: ['CHF'], logoUrl: null }],
  wallets: [],
  paymentPageConfigs: [{ name: 'default', isDefault: true }],
  fieldsAccessToken: { value: 'fields', customerId: '401860', terminalId: '17757531' },
  snapshot: { version: 1, readAt: '2026-01-01T00:00:00.000Z' },
  compliance: { compliant: true, gaps: [] },
});

interface Sent {
  url: string;
  headers: Record<string, string>;
}

/** A fetch that answers from a script and records what it was sent. */
function fakeFetch(answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const impl = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    return Promise.resolve(next());
  };
  return { fetch: impl, sent };
}

const CACHE = 'private, max-age=60, stale-while-revalidate=300';
const ok =
  (body: CapabilityDocument, etag: string, cacheControl = CACHE) =>
  () =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', etag, 'cache-control': cacheControl },
    });
const notModified =
  (etag: string, cacheControl = CACHE) =>
  () =>
    new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } });
const problem =
  (status: number, extra: Record<string, string> = {}) =>
  () =>
    new Response(
      JSON.stringify({ type: '/problems/x', title: 'Nope', status, detail: `detail ${status}` }),
      { status, headers: { 'content-type': 'application/problem+json', ...extra } },
    );

describe('createShopClient', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => (clock = 1_000_000));

  it('sends the token, keeps the ETag and revalidates with If-None-Match; a 304 returns the held copy', async () => {
    const { fetch, sent } = fakeFetch([
      ok(document(), '"v1"', 'private, max-age=0'),
      notModified('"v1"', 'private, max-age=0'),
    ]);
    const client = createShopClient({
      baseUrl: 'https://platform.test/',
      token: 'sap_shop_x',
      fetch,
      now,
    });
    const first = await client.getCapabilities();
    expect(first.name).toBe('Pizza Nord Online');
    expect(client.etag).toBe('"v1"');
    expect(sent[0]).toEqual({
      url: 'https://platform.test/shop/capabilities',
      headers: { Authorization: 'Bearer sap_shop_x', Accept: 'application/json' },
    });
    const second = await client.getCapabilities();
    expect(second).toEqual(first);
    expect(sent[1].headers['If-None-Match']).toBe('"v1"');
  });

  it('replaces the held copy when the document changed', async () => {
    const { fetch } = fakeFetch([
      ok(document(), '"v1"', 'max-age=0'),
      ok(document('Renamed'), '"v2"', 'max-age=0'),
    ]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    await client.getCapabilities();
    expect((await client.getCapabilities()).name).toBe('Renamed');
    expect(client.etag).toBe('"v2"');
  });

  it('honours max-age (no request) and stale-while-revalidate (answer now, refresh behind)', async () => {
    const { fetch, sent } = fakeFetch([ok(document(), '"v1"'), ok(document('Renamed'), '"v2"')]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    await client.getCapabilities();
    clock += 59_000;
    await client.getCapabilities();
    expect(sent).toHaveLength(1);
    clock += 2_000; // stale, within stale-while-revalidate
    expect((await client.getCapabilities()).name).toBe('Pizza Nord Online');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(2);
    expect(sent[1].headers['If-None-Match']).toBe('"v1"');
    expect((await client.getCapabilities()).name).toBe('Renamed');
  });

  it('shares one request between concurrent callers', async () => {
    const { fetch, sent } = fakeFetch([ok(document(), '"v1"')]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    const results = await Promise.all([1, 2, 3].map(() => client.getCapabilities()));
    expect(sent).toHaveLength(1);
    expect(new Set(results.map((r) => r.shopId)).size).toBe(1);
  });

  it('throws a ShopApiError carrying the problem on 4xx and 5xx', async () => {
    const { fetch } = fakeFetch([problem(401), problem(503, { 'retry-after': '30' })]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    const unauthorized = await client.getCapabilities().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(ShopApiError);
    expect(unauthorized).toMatchObject({
      status: 401,
      problem: { status: 401, title: 'Nope' },
      message: 'detail 401',
    });
    await expect(client.getCapabilities()).rejects.toMatchObject({
      status: 503,
      retryAfterSeconds: 30,
    });
  });

  it('on 429 returns the held copy and leaves the server alone until Retry-After has passed', async () => {
    const { fetch, sent } = fakeFetch([
      ok(document(), '"v1"', 'max-age=0'),
      problem(429, { 'retry-after': '12' }),
      notModified('"v1"', 'max-age=0'),
    ]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    await client.getCapabilities();
    expect((await client.getCapabilities()).name).toBe('Pizza Nord Online');
    clock += 11_000;
    expect((await client.getCapabilities()).name).toBe('Pizza Nord Online');
    expect(sent).toHaveLength(2);
    clock += 1_000;
    await client.getCapabilities();
    expect(sent).toHaveLength(3);
  });

  it('on 429 without a held copy throws with the seconds to wait, without asking again meanwhile', async () => {
    const { fetch, sent } = fakeFetch([problem(429, { 'retry-after': '5' })]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    await expect(client.getCapabilities()).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 5,
    });
    await expect(client.getCapabilities()).rejects.toBeInstanceOf(ShopApiError);
    expect(sent).toHaveLength(1);
  });

  it('refuses a document of a schema version it does not know', async () => {
    const { fetch } = fakeFetch([
      ok({ ...document(), schemaVersion: 2 } as unknown as CapabilityDocument, '"v1"'),
    ]);
    const client = createShopClient({ baseUrl: 'https://p.test', token: 't', fetch, now });
    await expect(client.getCapabilities()).rejects.toThrow(/schemaVersion 2/);
  });
});
