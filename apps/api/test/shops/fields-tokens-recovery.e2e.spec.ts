import { randomUUID } from 'node:crypto';
import type { Schemas } from '@platform/api-types';
import {
  startSandboxProcess,
  type SandboxAccountSummary,
  type SandboxProcess,
} from '@platform/testing';
import { FieldsTokenGateway } from '@api/fields-tokens/fields-token-gateway';
import { SweepFieldsTokensHandler } from '@api/fields-tokens/fields-tokens.handlers';
import { FieldsTokensRepository } from '@api/fields-tokens/fields-tokens.repository';
import { tokenDescription } from '@api/shops/token-description';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

type Registered = Schemas['RegisteredMerchantAccountsDto'];
type Job = Schemas['JobDto'];
type Shop = Schemas['ShopWriteResultDto'];
type TokenPage = Schemas['FieldsTokenPageDto'];

/**
 * The state a crash between Saferpay's answer and the confirming transaction
 * leaves behind, reproduced exactly: the intent row (`provisioning`, with its
 * RequestId) and a token that Saferpay created for that RequestId but that the
 * database never heard of. Recovery must end with exactly one token.
 */
describe('recovering a Fields token intent after a lost confirmation', () => {
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let account: SandboxAccountSummary;
  let shop: Shop;

  const api = <T>(path: string, init: Parameters<typeof call>[2] = {}) =>
    call<T>(t.baseUrl, path, { key: tenant.operatorKey, ...init });

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 300; i += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 8, seed: 9 });
    t = await startTestApp({
      JOBS_WORKER_ENABLED: 'true',
      JOBS_POLL_INTERVAL_MS: '50',
      FIELDS_TOKEN_RECOVERY_SECONDS: '1',
      FIELDS_TOKEN_EXCLUSIVE_TERMINALS: 'true',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
    });
    tenant = await newTenant(t.app);
    const franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;
    account = (await sandbox.admin.accounts()).find(
      (a) => a.credentialsValid && a.terminals.some((x) => x.type === 'ECOM'),
    )!;
    const registered = await api<Registered>(`/franchises/${franchiseId}/merchant-accounts`, {
      method: 'POST',
      json: {
        customerId: account.customerId,
        environment: 'test',
        label: account.name,
        username: account.givenCredentials.username,
        password: account.givenCredentials.password,
      },
    });
    expect(registered.status).toBe(202);
    await until('onboarding', async () => {
      const job = (await api<Job>(`/jobs/${registered.body.job.id}`)).body;
      return job.status === 'succeeded' ? job : undefined;
    });
    const created = await api<Shop>(`/franchises/${franchiseId}/shops`, {
      method: 'POST',
      json: {
        name: '東京ピザ🍕'.repeat(20),
        accountId: registered.body.accounts[0].id,
        terminalId: account.terminals.find((x) => x.type === 'ECOM')!.terminalId,
        sourceUrls: ['https://tokyo.example.com/'],
      },
    });
    expect(created.status).toBe(201);
    shop = created.body;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('clears the owned terminal and retries the same RequestId: exactly one token remains', async () => {
    const intent = await t.app.get(FieldsTokensRepository).insert(tenant.tenantId, {
      id: randomUUID(),
      shopId: shop.id,
      accountId: shop.accountId,
      terminalId: shop.terminalId,
      requestId: randomUUID(),
      description: tokenDescription(shop.name, shop.id),
      sourceUrls: shop.sourceUrls,
      replacesId: null,
    });
    // What the process did just before it died: Saferpay made the token, nothing was stored.
    const orphan = await t.app.get(FieldsTokenGateway).create(intent);
    const atSandbox = () =>
      sandbox.admin
        .fieldsAccessTokens(account.customerId)
        .then((tokens) => tokens.filter((x) => x.terminalId === shop.terminalId));
    expect((await atSandbox()).map((x) => x.accessToken)).toEqual([orphan]);
    expect([...(await atSandbox())[0].description].length).toBeLessThanOrEqual(128);

    // The restarted process's sweep (also scheduled every minute) finds the stale intent.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await t.app.get(SweepFieldsTokensHandler).schedule();
    const active = await until('the intent to be recovered', async () => {
      const items = (await api<TokenPage>(`/shops/${shop.id}/fields-tokens`)).body.items;
      return items.find((x) => x.id === intent.id && x.state === 'active');
    });

    const remaining = await atSandbox();
    expect(remaining).toHaveLength(1);
    expect(remaining[0].accessToken).not.toBe(orphan);
    expect(active.tokenHint).toBe(
      `${remaining[0].accessToken.slice(0, 4)}…${remaining[0].accessToken.slice(-4)}`,
    );
    const creates = await sandbox.admin.requests({
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
    });
    expect(creates.map((c) => c.requestId)).toEqual([intent.requestId, intent.requestId]);
    const clears = await sandbox.admin.requests({
      customerId: account.customerId,
      operation: 'DeleteFieldsAccessTokens',
    });
    expect(clears).toHaveLength(1);
  });
});
