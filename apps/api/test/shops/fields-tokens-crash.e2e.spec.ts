import type { Schemas } from '@platform/api-types';
import type { SandboxAccountSummary } from '@platform/testing';
import { createTenantWithCli } from '../support/api-process';
import { until } from '../support/crash-invariants';
import { call } from '../support/http';
import { startRestartableApi, type RestartableApi } from '../support/restartable-api';

/**
 * kill -9 while the create of a Fields token is at Saferpay, then a restart:
 * the intent written before the call is recovered by the start-up sweep with
 * the same RequestId, and exactly one token exists at the harness.sandbox. Twice: killed
 * before Saferpay created the token (held by a `latency` fault), and killed after
 * Saferpay created it but before its answer arrived (a `late-response` fault), where
 * FIELDS_TOKEN_EXCLUSIVE_TERMINALS lets recovery clear the terminal first.
 */
describe('Fields token provisioning survives kill -9', () => {
  let harness: RestartableApi;

  beforeAll(async () => {
    harness = await startRestartableApi({
      sandbox: { accounts: 6, seed: 13 },
      env: { FIELDS_TOKEN_RECOVERY_SECONDS: '1', FIELDS_TOKEN_EXCLUSIVE_TERMINALS: 'true' },
    });
  });
  afterAll(() => harness?.dispose());

  const startApi = () => harness.start();

  /** A tenant (CLI, before the API runs), the API, a franchise, the account onboarded, a shop. */
  async function setUpShop(account: SandboxAccountSummary, terminalId: string) {
    const { operatorKey: key } = createTenantWithCli(harness.env, 'Crash');
    const baseUrl = await startApi();
    const franchise = await call<Schemas['FranchiseDto']>(baseUrl, '/franchises', {
      method: 'POST',
      key,
      json: { name: 'Crash Franchise' },
    });
    const registered = await call<Schemas['RegisteredMerchantAccountsDto']>(
      baseUrl,
      `/franchises/${franchise.body.id}/merchant-accounts`,
      {
        method: 'POST',
        key,
        json: {
          customerId: account.customerId,
          environment: 'test',
          label: account.name,
          username: account.givenCredentials.username,
          password: account.givenCredentials.password,
        },
      },
    );
    await until('onboarding', async () => {
      const job = await call<Schemas['JobDto']>(baseUrl, `/jobs/${registered.body.job.id}`, {
        key,
      });
      return job.body.status === 'succeeded' ? true : undefined;
    });
    const shop = await call<Schemas['ShopWriteResultDto']>(
      baseUrl,
      `/franchises/${franchise.body.id}/shops`,
      {
        method: 'POST',
        key,
        json: {
          name: 'Crash shop',
          accountId: registered.body.accounts[0].id,
          terminalId,
          sourceUrls: ['https://crash.example.com/'],
        },
      },
    );
    expect(shop.status).toBe(201);
    return { key, baseUrl, shopId: shop.body.id };
  }

  /** The valid accounts with an ECOM terminal (each test takes its own: the terminal must hold no other live token). */
  async function ecomAccounts() {
    return (await harness.sandbox.admin.accounts())
      .filter((a) => a.credentialsValid && a.terminals.some((x) => x.type === 'ECOM'))
      .map((account) => ({
        account,
        terminalId: account.terminals.find((x) => x.type === 'ECOM')!.terminalId,
      }));
  }

  const killApi = () => harness.stop('SIGKILL');

  it('recovers the intent after a restart: one active token, one token at the sandbox', async () => {
    const [{ account, terminalId }] = await ecomAccounts();
    const setUp = await setUpShop(account, terminalId);
    const { key, shopId } = setUp;
    let { baseUrl } = setUp;

    // The create is held at Saferpay; the process dies while waiting for it.
    await harness.sandbox.admin.addFault({
      kind: 'latency',
      latencyMs: 3000,
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
      count: 1,
    });
    void call(baseUrl, `/shops/${shopId}/fields-tokens`, { method: 'POST', key }).catch(
      () => undefined,
    );
    await until('the create to reach the sandbox', async () => {
      const log = await harness.sandbox.admin.requests({
        customerId: account.customerId,
        operation: 'CreateFieldsAccessToken',
      });
      return log.length ? true : undefined;
    });
    await killApi();
    const [held] = await harness.sandbox.admin.requests({
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
    });

    baseUrl = await startApi();
    const active = await until('recovery after the restart', async () => {
      const page = await call<Schemas['FieldsTokenPageDto']>(
        baseUrl,
        `/shops/${shopId}/fields-tokens`,
        { key },
      );
      return page.body.items.find((x) => x.state === 'active');
    });
    const tokens = await harness.sandbox.admin.fieldsAccessTokens(account.customerId);
    expect(tokens.filter((x) => x.terminalId === terminalId)).toHaveLength(1);
    expect(active.tokenHint).toBe(
      `${tokens[0].accessToken.slice(0, 4)}…${tokens[0].accessToken.slice(-4)}`,
    );
    const creates = await harness.sandbox.admin.requests({
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
    });
    expect(new Set(creates.map((c) => c.requestId))).toEqual(new Set([held.requestId]));
    await harness.stop('SIGTERM');
  }, 120_000);

  it('kill -9 after Saferpay created the token but before the answer: recovery ends with that terminal holding exactly the stored token', async () => {
    // Its own account: recovery clears a terminal only when no other live token of ours is on it.
    const [, { account, terminalId }] = await ecomAccounts();
    const setUp = await setUpShop(account, terminalId);
    const { key, shopId } = setUp;
    let { baseUrl } = setUp;
    const creates = () =>
      harness.sandbox.admin.requests({
        customerId: account.customerId,
        operation: 'CreateFieldsAccessToken',
      });
    const tokensAtSandbox = async () =>
      (await harness.sandbox.admin.fieldsAccessTokens(account.customerId)).filter(
        (x) => x.terminalId === terminalId,
      );
    expect(await tokensAtSandbox()).toHaveLength(0);

    // Saferpay creates the token, its answer is withheld; the process dies waiting for it.
    await harness.sandbox.admin.addFault({
      kind: 'late-response',
      latencyMs: 60_000,
      customerId: account.customerId,
      operation: 'CreateFieldsAccessToken',
      count: 1,
    });
    void call(baseUrl, `/shops/${shopId}/fields-tokens`, { method: 'POST', key }).catch(
      () => undefined,
    );
    const [orphan] = await until('Saferpay to create the token', async () => {
      const tokens = await tokensAtSandbox();
      return tokens.length ? tokens : undefined;
    });
    const pending = await until('the provisioning intent', async () => {
      const page = await call<Schemas['FieldsTokenPageDto']>(
        baseUrl,
        `/shops/${shopId}/fields-tokens`,
        { key },
      );
      return page.body.items.find((x) => x.state === 'provisioning');
    });
    await killApi();
    const held = await until('the sandbox to notice the dropped connection', async () => {
      const log = await creates();
      return log[0]?.finishedAt ? log : undefined;
    });
    // One create, its answer never reached the API.
    expect(held).toEqual([
      expect.objectContaining({ fault: 'late-response', aborted: true, status: null }),
    ]);
    expect(await tokensAtSandbox()).toEqual([orphan]);

    baseUrl = await startApi();
    const active = await until('recovery after the restart', async () => {
      const page = await call<Schemas['FieldsTokenPageDto']>(
        baseUrl,
        `/shops/${shopId}/fields-tokens`,
        { key },
      );
      return page.body.items.find((x) => x.state === 'active');
    });
    expect(active.id).toBe(pending.id); // the intent itself was confirmed

    const tokens = await tokensAtSandbox();
    expect(tokens).toHaveLength(1); // the orphan is gone, only the stored token remains
    const [stored] = tokens;
    expect(stored.accessToken).not.toBe(orphan.accessToken);
    expect(active.tokenHint).toBe(
      `${stored.accessToken.slice(0, 4)}…${stored.accessToken.slice(-4)}`,
    );

    // The retried create reused the intent's RequestId; the terminal was cleared before it.
    const all = await creates();
    expect(all).toHaveLength(2);
    expect(all.map((c) => c.requestId)).toEqual([held[0].requestId, held[0].requestId]);
    expect(all[1]).toMatchObject({ status: 200 });
    const clears = await harness.sandbox.admin.requests({
      customerId: account.customerId,
      operation: 'DeleteFieldsAccessTokens',
    });
    expect(clears).toHaveLength(1);
    expect(clears[0]).toMatchObject({ terminalId, status: 200 });
    expect(clears[0].seq).toBeGreaterThan(held[0].seq);
    expect(clears[0].seq).toBeLessThan(all[1].seq);
    await harness.stop('SIGTERM');
  }, 120_000);
});
