import type { Schemas } from '@platform/api-types';
import {
  startSandboxProcess,
  type SandboxAccountSummary,
  type SandboxProcess,
} from '@platform/testing';
import { DataSource } from 'typeorm';
import { SweepFieldsTokensHandler } from '@api/fields-tokens/fields-tokens.handlers';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, expectProblem } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

type Registered = Schemas['RegisteredMerchantAccountsDto'];
type Job = Schemas['JobDto'];
type Shop = Schemas['ShopWriteResultDto'];
type Provisioned = Schemas['ProvisionedFieldsTokenDto'];
type Token = Schemas['FieldsTokenDto'];
type TokenPage = Schemas['FieldsTokenPageDto'];

const GRACE_SECONDS = 2;

describe('shops and Saferpay Fields access tokens against the sandbox', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let franchiseId: string;
  let account: SandboxAccountSummary;
  let accountId: string;
  let rejectedAccountId: string;
  let ecomTerminal: string;
  let spgTerminal: string;

  const api = <T>(path: string, init: Parameters<typeof call>[2] = {}, key = tenant.operatorKey) =>
    call<T>(t.baseUrl, path, { key, ...init });

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 300; i += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const sandboxTokens = async () =>
    (await sandbox.admin.fieldsAccessTokens(account.customerId)).map((x) => x.accessToken);
  const createCalls = async () =>
    sandbox.admin.requests({
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
    });
  const tokensOf = async (shopId: string) =>
    (await api<TokenPage>(`/shops/${shopId}/fields-tokens`)).body.items;

  async function newShop(name = 'Pizza Nord Online', urls = ['https://shop.example.com/']) {
    const created = await api<Shop>(`/franchises/${franchiseId}/shops`, {
      method: 'POST',
      json: { name, accountId, terminalId: ecomTerminal, sourceUrls: urls },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function provision(shopId: string): Promise<Provisioned> {
    const response = await api<Provisioned>(`/shops/${shopId}/fields-tokens`, { method: 'POST' });
    expect(response.status).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 12, seed: 5 });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      FIELDS_TOKEN_GRACE_SECONDS: String(GRACE_SECONDS),
      FIELDS_TOKEN_RECOVERY_SECONDS: '1',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
    });
    tenant = await newTenant(t.app);
    other = await newTenant(t.app);
    franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;

    const seeded = await sandbox.admin.accounts();
    account = seeded.find((a) => a.credentialsValid && a.terminals.some((x) => x.type === 'ECOM'))!;
    const rejected = seeded.find((a) => !a.credentialsValid)!;
    ecomTerminal = account.terminals.find((x) => x.type === 'ECOM')!.terminalId;
    spgTerminal = (await sandbox.admin.addTerminal(account.customerId, { type: 'SPG' })).terminalId;

    const registered = await api<Registered>(`/franchises/${franchiseId}/merchant-accounts/bulk`, {
      method: 'POST',
      json: {
        accounts: [account, rejected].map((a) => ({
          customerId: a.customerId,
          environment: 'test',
          label: a.name,
          username: a.givenCredentials.username,
          password: a.givenCredentials.password,
        })),
      },
    });
    expect(registered.status).toBe(202);
    await until('onboarding', async () => {
      const job = (await api<Job>(`/jobs/${registered.body.job.id}`)).body;
      return job.status === 'succeeded' ? job : undefined;
    });
    accountId = registered.body.accounts.find((a) => a.customerId === account.customerId)!.id;
    rejectedAccountId = registered.body.accounts.find(
      (a) => a.customerId === rejected.customerId,
    )!.id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('creates a shop with normalized URLs and provisions a token that exists at the sandbox', async () => {
    const shop = await newShop('Pizza Nord Online', [
      'https://Shop.Example.COM',
      'https://shop.example.com/',
      'https://shop.example.com/checkout',
    ]);
    expect(shop.sourceUrls).toEqual([
      'https://shop.example.com/',
      'https://shop.example.com/checkout',
    ]);
    expect(shop.notices.join(' ')).toMatch(/trailing slash/);

    const provisioned = await provision(shop.id);
    expect(provisioned.token).toMatchObject({ state: 'active', terminalId: ecomTerminal });
    const atSandbox = await sandbox.admin.fieldsAccessTokens(account.customerId);
    const ours = atSandbox.find((x) => x.accessToken === provisioned.accessToken)!;
    expect(ours).toMatchObject({ terminalId: ecomTerminal, sourceUrls: shop.sourceUrls });
    expect(ours.description).toContain(shop.id);

    const list = await api<TokenPage>(`/shops/${shop.id}/fields-tokens`);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(provisioned.accessToken);
    expect(list.body.items[0].tokenHint).toBe(
      `${provisioned.accessToken.slice(0, 4)}…${provisioned.accessToken.slice(-4)}`,
    );
    expectProblem(
      await api(`/shops/${shop.id}/fields-tokens`, { method: 'POST' }),
      409,
      'conflict',
    );
  });

  it('answers bad input with 4xx problems and never calls Saferpay', async () => {
    const before = (await createCalls()).length;
    const body = (overrides: Record<string, unknown>) => ({
      name: 'Bad',
      accountId,
      terminalId: ecomTerminal,
      sourceUrls: ['https://ok.example.com/'],
      ...overrides,
    });
    const post = (json: unknown) =>
      api(`/franchises/${franchiseId}/shops`, { method: 'POST', json });
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { sourceUrls: ['https://ok.example.com/', 'http://shop.example.com/'] },
        400,
        '/sourceUrls/1',
      ],
      [{ sourceUrls: ['https://user:pw@shop.example.com/'] }, 400, '/sourceUrls/0'],
      [{ sourceUrls: ['https://shop.example.com/#pay'] }, 400, '/sourceUrls/0'],
      [
        { sourceUrls: Array.from({ length: 11 }, (_, i) => `https://s${i}.example.com/`) },
        400,
        '/sourceUrls',
      ],
      [{ terminalId: spgTerminal }, 422, '/terminalId'],
      [{ terminalId: '99999999' }, 422, '/terminalId'],
      [{ accountId: rejectedAccountId }, 422, '/accountId'],
    ];
    for (const [overrides, status, pointer] of cases) {
      const problem = expectProblem(await post(body(overrides)), status);
      expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
    }
    const spg = expectProblem(await post(body({ terminalId: spgTerminal })), 422, 'unprocessable');
    expect(spg.detail).toMatch(/ECOM/);
    // A PATCH with bad URLs is refused too (and triggers nothing).
    const shop = await newShop('Patch target');
    expectProblem(
      await api(`/shops/${shop.id}`, {
        method: 'PATCH',
        json: { sourceUrls: ['ftp://x.example.com/'] },
      }),
      400,
    );
    expect((await createCalls()).length).toBe(before);
  });

  it('rotates: the new token is active, the old one retiring and deleted at the sandbox after the grace period', async () => {
    const shop = await newShop('Rotating shop');
    const first = await provision(shop.id);
    const rotated = await api<Provisioned>(`/shops/${shop.id}/fields-tokens/rotate`, {
      method: 'POST',
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.token).toMatchObject({ state: 'active', replacesId: first.token.id });
    const old = (await tokensOf(shop.id)).find((x) => x.id === first.token.id)!;
    expect(old.state).toBe('retiring');
    expect(await sandboxTokens()).toEqual(
      expect.arrayContaining([first.accessToken, rotated.body.accessToken]),
    );

    await until('the old token to be revoked', async () => {
      const state = (await tokensOf(shop.id)).find((x) => x.id === first.token.id)!.state;
      return state === 'revoked' ? state : undefined;
    });
    const remaining = await sandboxTokens();
    expect(remaining).toContain(rotated.body.accessToken);
    expect(remaining).not.toContain(first.accessToken);
    expect(
      (await api<TokenPage>(`/shops/${shop.id}/fields-tokens`)).body.lastRotatedAt,
    ).not.toBeNull();
  });

  it('revokes: deleted at the sandbox; a Saferpay fault leaves it revoking until the job finishes', async () => {
    const shop = await newShop('Revoked shop');
    const first = await provision(shop.id);
    const revoked = await api<Token>(`/fields-tokens/${first.token.id}`, { method: 'DELETE' });
    expect(revoked.body.state).toBe('revoked');
    expect(await sandboxTokens()).not.toContain(first.accessToken);

    const second = await provision(shop.id);
    await sandbox.admin.addFault({
      kind: 'error',
      customerId: account.customerId,
      operation: 'DeleteFieldsAccessToken',
      count: 3,
      status: 500,
      errorName: 'INTERNAL_ERROR',
      behavior: 'RETRY',
    });
    const faulted = await api<Token>(`/fields-tokens/${second.token.id}`, { method: 'DELETE' });
    expect(faulted.status).toBe(200);
    expect(faulted.body).toMatchObject({
      state: 'revoking',
      lastError: expect.stringContaining('INTERNAL_ERROR'),
    });
    await until('the settle job to revoke it', async () => {
      const state = (await tokensOf(shop.id)).find((x) => x.id === second.token.id)!.state;
      return state === 'revoked' ? state : undefined;
    });
    expect(await sandboxTokens()).not.toContain(second.accessToken);
  });

  it('rotates the token when the shop source URLs change', async () => {
    const shop = await newShop('Moving shop');
    const first = await provision(shop.id);
    const patched = await api<Shop>(`/shops/${shop.id}`, {
      method: 'PATCH',
      json: { sourceUrls: ['https://new.example.com'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.sourceUrls).toEqual(['https://new.example.com/']);
    expect(patched.body.notices.join(' ')).toMatch(/rotated/);
    const fresh = await until('a new active token', async () => {
      const active = (await tokensOf(shop.id)).find(
        (x) => x.state === 'active' && x.id !== first.token.id,
      );
      return active;
    });
    expect(fresh.sourceUrls).toEqual(['https://new.example.com/']);
    const atSandbox = await sandbox.admin.fieldsAccessTokens(account.customerId);
    expect(
      atSandbox.filter((x) => x.description.includes(shop.id)).map((x) => x.sourceUrls),
    ).toContainEqual(['https://new.example.com/']);
  });

  it('a RETRY fault mid-rotation ends with exactly the intended tokens at the sandbox', async () => {
    const shop = await newShop('Faulted rotation');
    const first = await provision(shop.id);
    const ofShop = async () =>
      (await sandbox.admin.fieldsAccessTokens(account.customerId))
        .filter((x) => x.description.includes(shop.id))
        .map((x) => x.accessToken);

    // Once: the client retries with the same RequestId and succeeds.
    await sandbox.admin.addFault({
      kind: 'error',
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
      count: 1,
      status: 500,
      errorName: 'INTERNAL_ERROR',
      behavior: 'RETRY',
    });
    const second = await api<Provisioned>(`/shops/${shop.id}/fields-tokens/rotate`, {
      method: 'POST',
    });
    expect(second.status).toBe(201);
    const secondCalls = (await createCalls()).slice(-2);
    expect(secondCalls.map((c) => c.status)).toEqual([500, 200]);
    expect(secondCalls[0].requestId).toBe(secondCalls[1].requestId);

    // Every attempt fails: the intent stays provisioning, recovery retries the same RequestId.
    await sandbox.admin.addFault({
      kind: 'error',
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
      count: 3,
      status: 500,
      errorName: 'INTERNAL_ERROR',
      behavior: 'RETRY',
    });
    const third = await api(`/shops/${shop.id}/fields-tokens/rotate`, { method: 'POST' });
    expectProblem(third, 503);
    const pending = (await tokensOf(shop.id)).find((x) => x.state === 'provisioning')!;
    expect(pending).toBeDefined();
    const recovered = await until('recovery', async () => {
      const row = (await tokensOf(shop.id)).find((x) => x.id === pending.id)!;
      return row.state === 'active' ? row : undefined;
    });
    expect(recovered.replacesId).toBe(second.body.token.id);
    // Three faulted attempts and the recovery: one RequestId, one success.
    const thirdCalls = (await createCalls()).slice(-4);
    expect(thirdCalls.map((c) => c.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(thirdCalls.map((c) => c.requestId)).size).toBe(1);

    // After the grace periods only the recovered token is left for this shop.
    await until('only the intended token', async () => {
      const left = await ofShop();
      return left.length === 1 ? left : undefined;
    });
    const states = (await tokensOf(shop.id)).map((x) => x.state).sort();
    expect(states).toEqual(['active', 'revoked', 'revoked']);
    expect(await ofShop()).not.toContain(first.accessToken);
    expect(await ofShop()).not.toContain(second.body.accessToken);
  });

  it('the scheduled sweep rotates tokens older than FIELDS_TOKEN_MAX_AGE_DAYS', async () => {
    const shop = await newShop('Aging shop');
    const first = await provision(shop.id);
    await t.app
      .get(DataSource)
      .query(`UPDATE fields_tokens SET activated_at = now() - interval '91 days' WHERE id = $1`, [
        first.token.id,
      ]);
    await t.app.get(SweepFieldsTokensHandler).schedule();
    const fresh = await until('a rotation by age', async () =>
      (await tokensOf(shop.id)).find((x) => x.state === 'active' && x.id !== first.token.id),
    );
    expect(fresh.replacesId).toBe(first.token.id);
    expect((await tokensOf(shop.id)).find((x) => x.id === first.token.id)?.state).toMatch(
      /retiring|revoked/,
    );
  });

  it('a sweep run does its work while another replica holds the enqueue lock', async () => {
    if (t.database.mode !== 'postgres') return; // one connection: no second session to hold it
    const shop = await newShop('Swept shop');
    const first = await provision(shop.id);
    const dataSource = t.app.get(DataSource);
    await dataSource.query(
      `UPDATE fields_tokens SET activated_at = now() - interval '91 days' WHERE id = $1`,
      [first.token.id],
    );
    // Another replica is enqueuing the next sweep right now (its transaction holds this lock).
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(hashtext('scheduler:fields-tokens.sweep'))`);
    try {
      const result = await t.app.get(SweepFieldsTokensHandler).run();
      expect(result).toMatchObject({ rotate: 1 });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('scheduler:fields-tokens.sweep'))`);
      await runner.release();
    }
  });

  it('hides every shop and token endpoint from another tenant (404)', async () => {
    const shop = await newShop('Private shop');
    const token = await provision(shop.id);
    const key = other.operatorKey;
    const requests: [string, string, unknown?][] = [
      ['GET', `/franchises/${franchiseId}/shops`],
      [
        'POST',
        `/franchises/${franchiseId}/shops`,
        { name: 'x', accountId, terminalId: ecomTerminal, sourceUrls: ['https://x.example.com/'] },
      ],
      ['GET', `/shops/${shop.id}`],
      ['PATCH', `/shops/${shop.id}`, { name: 'Hijacked' }],
      ['POST', `/shops/${shop.id}/fields-tokens`],
      ['POST', `/shops/${shop.id}/fields-tokens/rotate`],
      ['GET', `/shops/${shop.id}/fields-tokens`],
      ['DELETE', `/fields-tokens/${token.token.id}`],
      ['DELETE', `/shops/${shop.id}`],
    ];
    for (const [method, path, json] of requests) {
      expectProblem(await api(path, { method, json }, key), 404, 'not-found');
    }
    expect((await api<Shop>(`/shops/${shop.id}`)).body.name).toBe('Private shop');
    expect(await sandboxTokens()).toContain(token.accessToken);
  });

  it('deleting a shop revokes its tokens at the sandbox', async () => {
    const shop = await newShop('Closing shop');
    const token = await provision(shop.id);
    expect((await api(`/shops/${shop.id}`, { method: 'DELETE' })).status).toBe(204);
    expectProblem(await api(`/shops/${shop.id}`), 404);
    await until('the token to be deleted at the sandbox', async () =>
      (await sandboxTokens()).includes(token.accessToken) ? undefined : true,
    );
  });
});
