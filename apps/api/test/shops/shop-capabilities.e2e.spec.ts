import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Schemas } from '@platform/api-types';
import { createShopClient, ShopApiError } from '@platform/shop-client';
import {
  startSandboxProcess,
  type SandboxAccountSummary,
  type SandboxProcess,
} from '@platform/testing';
import { DataSource } from 'typeorm';
import { ShopCapabilitiesService } from '@api/shop-documents/shop-capabilities.service';
import { ShopDocumentCache } from '@api/shop-documents/shop-document-cache';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, expectProblem } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

type Registered = Schemas['RegisteredMerchantAccountsDto'];
type Job = Schemas['JobDto'];
type Shop = Schemas['ShopWriteResultDto'];
type Provisioned = Schemas['ProvisionedFieldsTokenDto'];
type Doc = Schemas['CapabilityDocumentDto'];
type IssuedToken = Schemas['IssuedShopTokenDto'];
type TokenList = Schemas['ShopTokenListDto'];

const RATE_LIMIT = 40;
const ETAG = /^"[A-Za-z0-9_-]{43}"$/;
const METHODS = ['AMEX', 'MAESTRO', 'MASTERCARD', 'POSTFINANCE', 'TWINT', 'VISA'];

/**
 * Shop tokens and capability documents against the sandbox. Both in-memory caches get a
 * long TTL here, so every change below is visible at once only because the committing
 * transaction invalidates them in this process (a TTL would otherwise hide it for a minute).
 */
describe('shop tokens and capability documents', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let franchiseId: string;
  let account: SandboxAccountSummary;
  let accountId: string;
  let ecomTerminal: string;
  let shopA: Shop;
  let shopB: Shop;
  let fieldsToken: Provisioned;
  let tokenA: IssuedToken;
  let tokenB: IssuedToken;

  const api = <T>(path: string, init: Parameters<typeof call>[2] = {}, key = tenant.operatorKey) =>
    call<T>(t.baseUrl, path, { key, ...init });
  const read = (key: string, path = '/shop/capabilities', headers: Record<string, string> = {}) =>
    call<Doc>(t.baseUrl, path, { key, headers });

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 300; i += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const finished = (id: string) =>
    until(`job ${id}`, async () => {
      const job = (await api<Job>(`/jobs/${id}`)).body;
      return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
    });

  async function newShop(name: string): Promise<Shop> {
    const created = await api<Shop>(`/franchises/${franchiseId}/shops`, {
      method: 'POST',
      json: {
        name,
        accountId,
        terminalId: ecomTerminal,
        sourceUrls: ['https://shop.example.com/'],
      },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function issue(shopId: string, key = tenant.operatorKey): Promise<IssuedToken> {
    const issued = await api<IssuedToken>(
      `/shops/${shopId}/tokens`,
      { method: 'POST', json: { name: 'checkout' } },
      key,
    );
    expect(issued.status).toBe(201);
    return issued.body;
  }

  async function driftCheck(): Promise<Job> {
    const started = await api<Schemas['DriftCheckStartedDto']>('/drift-checks', {
      method: 'POST',
      json: { accountId },
    });
    expect(started.status).toBe(202);
    const job = await finished(started.body.job.id);
    expect(job.status).toBe('succeeded');
    return job;
  }

  /** Raw bytes and headers (fetch would decompress and hide what was sent). */
  const rawGet = (key: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const request = httpGet(
          `${t.baseUrl}/shop/capabilities`,
          { headers: { authorization: `Bearer ${key}`, ...headers } },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode!,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        request.on('error', reject);
      },
    );

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 6, seed: 11 });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
      FIELDS_TOKEN_GRACE_SECONDS: '600',
      SHOP_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      SHOP_TOKEN_LAST_USED_FLUSH_MS: '200',
      SHOP_DOCUMENT_CACHE_TTL_MS: '60000',
      SHOP_TOKEN_CACHE_TTL_MS: '60000',
    });
    tenant = await newTenant(t.app);
    other = await newTenant(t.app);
    franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;

    const seeded = await sandbox.admin.accounts();
    account = seeded.find((a) => a.credentialsValid && a.terminals.some((x) => x.type === 'ECOM'))!;
    ecomTerminal = account.terminals.find((x) => x.type === 'ECOM')!.terminalId;
    // A known set of methods: TWINT to remove later, enough of them for a body over 1 KiB.
    for (const paymentMethod of METHODS) {
      await sandbox.admin.setPaymentMethod(
        account.customerId,
        ecomTerminal,
        { paymentMethod, currencies: paymentMethod === 'TWINT' ? ['CHF'] : ['CHF', 'EUR', 'USD'] },
        'ECOM',
      );
    }
    const registered = await api<Registered>(`/franchises/${franchiseId}/merchant-accounts/bulk`, {
      method: 'POST',
      json: {
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
    });
    expect(registered.status).toBe(202);
    expect((await finished(registered.body.job.id)).status).toBe('succeeded');
    accountId = registered.body.accounts[0].id;

    shopA = await newShop('Pizza Nord Online');
    shopB = await newShop('Pizza Nord Takeaway');
    const provisioned = await api<Provisioned>(`/shops/${shopA.id}/fields-tokens`, {
      method: 'POST',
    });
    expect(provisioned.status).toBe(201);
    fieldsToken = provisioned.body;
    tokenA = await issue(shopA.id);
    tokenB = await issue(shopB.id);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it("reads its own shop's document with the caching headers, valid against the OpenAPI schema", async () => {
    expect(tokenA.token).toMatch(/^sap_shop_[A-Za-z0-9_-]{43}$/);
    const first = await read(tokenA.token);
    expect(first.status).toBe(200);
    const doc = first.body;
    expect(doc).toMatchObject({
      schemaVersion: 1,
      shopId: shopA.id,
      name: 'Pizza Nord Online',
      account: {
        id: accountId,
        customerId: account.customerId,
        environment: 'test',
        state: 'ready',
      },
      terminal: { terminalId: ecomTerminal, type: 'ECOM' },
      fieldsAccessToken: {
        value: fieldsToken.accessToken,
        customerId: account.customerId,
        terminalId: ecomTerminal,
      },
      snapshot: { version: 1, readAt: expect.any(String) },
      compliance: { compliant: true, gaps: [] },
    });
    expect(doc.paymentMethods.map((m) => m.code)).toEqual(expect.arrayContaining(METHODS));
    expect(doc.paymentMethods.find((m) => m.code === 'TWINT')).toMatchObject({
      currencies: ['CHF'],
      logoUrl: expect.stringMatching(/^https:\/\//),
    });
    expect(doc.paymentPageConfigs.length).toBeGreaterThan(0);

    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(ETAG);
    expect(etag).toBe(`"${createHash('sha256').update(first.text).digest('base64url')}"`);
    expect(first.headers.get('cache-control')).toBe(
      'private, max-age=60, stale-while-revalidate=300',
    );
    expect(first.headers.get('vary')).toMatch(/\bAuthorization\b/);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('x-request-id')).toBeTruthy();

    // The next answers come from memory (the fast lane, Nest not involved): identical bytes and headers.
    const throughNest = jest.spyOn(t.app.get(ShopCapabilitiesService), 'serve');
    const again = await read(tokenA.token);
    const byId = await read(tokenA.token, `/shops/${shopA.id}/capabilities`);
    expect(throughNest).not.toHaveBeenCalled();
    throughNest.mockRestore();
    for (const response of [again, byId]) {
      expect(response.status).toBe(200);
      expect(response.text).toBe(first.text);
      for (const header of ['etag', 'cache-control', 'vary', 'content-type', 'content-length']) {
        expect(response.headers.get(header)).toBe(first.headers.get(header));
      }
    }

    // The served document matches the published schema, with no field the schema lacks.
    const openapi = JSON.parse(
      readFileSync(join(__dirname, '../../../../libs/api-types/openapi.json'), 'utf8'),
    ) as { components: { schemas: Record<string, Record<string, unknown>> } };
    const schemas = openapi.components.schemas;
    for (const [name, schema] of Object.entries(schemas)) {
      if (name.startsWith('Capability') && schema.properties) schema.additionalProperties = false;
    }
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'api', components: { schemas } });
    const validate = ajv.compile({ $ref: 'api#/components/schemas/CapabilityDocumentDto' });
    expect({ valid: validate(doc), errors: validate.errors }).toEqual({
      valid: true,
      errors: null,
    });
  });

  it('keeps the document encrypted at rest; one under a retired key is rebuilt on read', async () => {
    const served = await read(tokenA.token);
    const dataSource = t.app.get(DataSource);
    const rows: { body_ciphertext: string; content_hash: string }[] = await dataSource.query(
      'SELECT body_ciphertext, content_hash FROM shop_documents WHERE shop_id = $1',
      [shopA.id],
    );
    expect(rows).toHaveLength(1);
    expect(`"${rows[0].content_hash}"`).toBe(served.headers.get('etag'));
    expect(rows[0].body_ciphertext).toMatch(/^v1\./);
    for (const secret of [fieldsToken.accessToken, shopA.name, account.customerId]) {
      expect(rows[0].body_ciphertext).not.toContain(secret);
    }

    // A ciphertext under a key this process no longer has: read as missing, rebuilt, re-sealed.
    await dataSource.query(
      "UPDATE shop_documents SET body_ciphertext = 'v1.retired.AAAA.AAAA.AAAA' WHERE shop_id = $1",
      [shopA.id],
    );
    t.app.get(ShopDocumentCache).invalidate([shopA.id]);
    const again = await read(tokenA.token);
    expect(again.status).toBe(200);
    expect(again.text).toBe(served.text);
    const [resealed]: { body_ciphertext: string }[] = await dataSource.query(
      'SELECT body_ciphertext FROM shop_documents WHERE shop_id = $1',
      [shopA.id],
    );
    expect(resealed.body_ciphertext).not.toContain('retired');
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const first = await read(tokenA.token);
    const etag = first.headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`]) {
      const cached = await read(tokenA.token, '/shop/capabilities', {
        'If-None-Match': ifNoneMatch,
      });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers.get('etag')).toBe(etag);
      expect(cached.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
      expect(cached.headers.get('vary')).toMatch(/\bAuthorization\b/);
    }
    const stale = await read(tokenA.token, '/shop/capabilities', { 'If-None-Match': '"nope"' });
    expect(stale.status).toBe(200);
  });

  it("gives a shop token 404 for any other shop's id, like a missing one", async () => {
    expectProblem(await read(tokenA.token, `/shops/${shopB.id}/capabilities`), 404, 'not-found');
    expectProblem(await read(tokenB.token, `/shops/${shopA.id}/capabilities`), 404, 'not-found');
    expectProblem(
      await read(tokenA.token, '/shops/00000000-0000-4000-8000-000000000000/capabilities'),
      404,
      'not-found',
    );
    expectProblem(await read(tokenA.token, '/shops/not-a-uuid/capabilities'), 400);
    expect((await read(tokenB.token)).body.shopId).toBe(shopB.id);
  });

  it('keeps operator keys and shop tokens apart', async () => {
    // An operator key cannot read a shop document…
    expectProblem(await read(tenant.operatorKey), 403, 'forbidden');
    expectProblem(await read(tenant.operatorKey, `/shops/${shopA.id}/capabilities`), 403);
    // …and a shop token reaches no operator route, not even its own shop's.
    for (const [method, path] of [
      ['GET', `/shops/${shopA.id}`],
      ['GET', `/shops/${shopA.id}/tokens`],
      ['POST', `/shops/${shopA.id}/tokens`],
      ['GET', `/shops/${shopA.id}/fields-tokens`],
      ['GET', `/franchises/${franchiseId}/shops`],
      ['DELETE', `/shop-tokens/${tokenA.id}`],
      ['GET', '/operator-keys'],
    ] as const) {
      expectProblem(await api(path, { method }, tokenA.token), 403, 'forbidden');
    }
    expectProblem(await call(t.baseUrl, '/shop/capabilities'), 401, 'unauthorized');
    const forged = `sap_shop_${'A'.repeat(43)}`;
    expectProblem(await read(forged), 401, 'unauthorized');
  });

  it("hides every shop token route from another tenant's operator (404)", async () => {
    expectProblem(await api(`/shops/${shopA.id}/tokens`, {}, other.operatorKey), 404);
    expectProblem(
      await api(`/shops/${shopA.id}/tokens`, { method: 'POST', json: {} }, other.operatorKey),
      404,
    );
    expectProblem(
      await api(`/shop-tokens/${tokenA.id}`, { method: 'DELETE' }, other.operatorKey),
      404,
    );
    expect((await read(tokenA.token)).status).toBe(200);
  });

  it('lets two tokens of a shop work at once, lists them without secrets, and refuses a revoked one at once', async () => {
    const first = await issue(shopB.id);
    const second = await issue(shopB.id);
    // Read first, so the revoked token is in this replica's memory.
    for (const token of [first, second]) expect((await read(token.token)).status).toBe(200);

    const list = await api<TokenList>(`/shops/${shopB.id}/tokens`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((x) => x.id)).toEqual(
      expect.arrayContaining([first.id, second.id, tokenB.id]),
    );
    expect(list.text).not.toContain(first.token);
    expect(list.body.items.find((x) => x.id === first.id)).toMatchObject({
      shopId: shopB.id,
      name: 'checkout',
      hint: first.token.slice(0, 13) + '…',
      revokedAt: null,
    });

    const revoked = await api(`/shop-tokens/${first.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    const refused = expectProblem(await read(first.token), 401, 'unauthorized');
    expect(refused.detail).toMatch(/revoked/);
    expect((await read(second.token)).status).toBe(200);
    const after = (await api<TokenList>(`/shops/${shopB.id}/tokens`)).body.items;
    expect(after.find((x) => x.id === first.id)?.revokedAt).not.toBeNull();
  });

  it('changes document and ETag when a drift check finds a removed payment method; an unchanged check keeps them', async () => {
    const before = await read(tokenA.token);
    const etag = before.headers.get('etag')!;

    await driftCheck(); // nothing changed at Saferpay
    const unchanged = await read(tokenA.token, '/shop/capabilities', { 'If-None-Match': etag });
    expect(unchanged.status).toBe(304);

    await sandbox.admin.removePaymentMethod(account.customerId, ecomTerminal, 'TWINT', 'ECOM');
    await driftCheck();
    const after = await read(tokenA.token, '/shop/capabilities', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toMatch(ETAG);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.body.paymentMethods.map((m) => m.code)).not.toContain('TWINT');
    expect(after.body.snapshot?.version).toBe((before.body.snapshot?.version ?? 0) + 1);
    // Every shop of the account follows.
    expect((await read(tokenB.token)).body.paymentMethods.map((m) => m.code)).not.toContain(
      'TWINT',
    );
  });

  it('changes document and ETag when the Fields token is rotated, renamed or revoked', async () => {
    const before = await read(tokenA.token);
    const rotated = await api<Provisioned>(`/shops/${shopA.id}/fields-tokens/rotate`, {
      method: 'POST',
    });
    expect(rotated.status).toBe(201);
    const after = await read(tokenA.token, '/shop/capabilities', {
      'If-None-Match': before.headers.get('etag')!,
    });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(after.body.fieldsAccessToken?.value).toBe(rotated.body.accessToken);
    expect(after.body.fieldsAccessToken?.value).not.toBe(before.body.fieldsAccessToken?.value);

    const renamed = await api(`/shops/${shopA.id}`, {
      method: 'PATCH',
      json: { name: 'Pizza Nord Web' },
    });
    expect(renamed.status).toBe(200);
    expect((await read(tokenA.token)).body.name).toBe('Pizza Nord Web');

    const revoked = await api(`/fields-tokens/${rotated.body.token.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await read(tokenA.token)).body.fieldsAccessToken).toBeNull();
  });

  it('compresses with gzip when asked', async () => {
    const plain = await rawGet(tokenA.token, {});
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (let i = 0; i < 2; i += 1) {
      const gzip = await rawGet(tokenA.token, { 'accept-encoding': 'gzip' });
      expect(gzip.status).toBe(200);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers.vary).toMatch(/Accept-Encoding/);
      expect(gzip.headers.etag).toBe(plain.headers.etag);
      expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      expect(gzip.body.length).toBeLessThan(plain.body.length);
    }
    const conditional = await rawGet(tokenA.token, {
      'accept-encoding': 'gzip',
      'if-none-match': plain.headers.etag!,
    });
    expect(conditional.status).toBe(304);
  });

  it('answers 429 with Retry-After and a problem after the per-token limit', async () => {
    const limited = await issue(shopB.id);
    for (let i = 0; i < RATE_LIMIT; i += 1) {
      expect((await read(limited.token)).status).toBe(200);
    }
    const refused = await read(limited.token);
    expectProblem(refused, 429, 'rate-limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(60 / RATE_LIMIT));
    // Per token: the shop's other token is not affected.
    expect((await read(tokenB.token)).status).toBe(200);
  });

  it('records when a token was last used, written in a batch after the request', async () => {
    const fresh = await issue(shopB.id);
    const unused = await issue(shopB.id);
    const stored = async (id: string): Promise<Date | null> => {
      const rows: { last_used_at: Date | null }[] = await t.app
        .get(DataSource)
        .query('SELECT last_used_at FROM shop_tokens WHERE id = $1', [id]);
      return rows[0].last_used_at;
    };
    expect(await stored(fresh.id)).toBeNull();
    const started = Date.now();
    await read(fresh.token);
    await read(fresh.token);
    const usedAt = await until(
      'last_used_at to be written',
      async () => (await stored(fresh.id)) ?? undefined,
    );
    expect(usedAt.getTime()).toBeGreaterThanOrEqual(started - 5);
    const listed = (await api<TokenList>(`/shops/${shopB.id}/tokens`)).body.items;
    expect(listed.find((x) => x.id === fresh.id)?.lastUsedAt).toBe(usedAt.toISOString());
    expect(listed.find((x) => x.id === unused.id)?.lastUsedAt).toBeNull();
  });

  it('works with the shop client: cached, then revalidated by ETag, then a revoked token is a ShopApiError', async () => {
    const token = await issue(shopA.id);
    const sent: string[] = [];
    let clock = Date.now();
    const client = createShopClient({
      baseUrl: `${t.baseUrl}/`,
      token: token.token,
      now: () => clock,
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers).get('if-none-match') ?? 'none');
        return fetch(input, init);
      },
    });
    const first = await client.getCapabilities();
    expect(first.shopId).toBe(shopA.id);
    expect(client.etag).toMatch(ETAG);
    await client.getCapabilities(); // within max-age: from memory
    expect(sent).toEqual(['none']);
    clock += 400_000; // past max-age and stale-while-revalidate: a conditional request
    expect(await client.getCapabilities()).toEqual(first);
    expect(sent).toEqual(['none', client.etag]);

    expect((await api(`/shop-tokens/${token.id}`, { method: 'DELETE' })).status).toBe(204);
    clock += 400_000;
    const error = await client.getCapabilities().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopApiError);
    expect(error).toMatchObject({ status: 401, problem: { type: '/problems/unauthorized' } });
  });

  it("deletes a shop's tokens and document with the shop", async () => {
    const shop = await newShop('Pop-up');
    const token = await issue(shop.id);
    expect((await read(token.token)).status).toBe(200);
    expect((await api(`/shops/${shop.id}`, { method: 'DELETE' })).status).toBe(204);
    expectProblem(await read(token.token), 401, 'unauthorized');
  });
});
