import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Schemas } from '@platform/api-types';
import { startSandboxProcess, type SandboxProcess } from '@platform/testing';
import { DataSource } from 'typeorm';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { SecretsReencryptionService } from '@api/secrets/secrets-reencryption.service';
import { API_CLI, apiProcessEnv } from '../support/api-process';
import { newFranchise, newTenant, type TestTenant } from '../support/factories';
import { call, type JsonResponse } from '../support/http';
import { addReportingAccount, zurichDay } from '../support/reporting';
import { waitForJob } from '../support/sandbox-accounts';
import { startTestApp, type TestApp } from '../support/test-app';
import { Receiver } from '../support/webhook-receiver';

type Registered = Schemas['RegisteredMerchantAccountsDto'];
type Account = Schemas['MerchantAccountDto'];

/**
 * Secret sentinel scan (issue 12, part 3). The platform is driven end to end with secrets whose
 * values are known (merchant passwords, the encryption keys) or captured when they are issued
 * (operator keys, shop tokens, invitation tokens, webhook signing secrets, the Fields access
 * tokens the sandbox hands out). Then every log line of the app (at trace level), every API
 * response (body and headers), every webhook the receiver got and every cell of every table of
 * the schema is searched for each secret in plaintext, base64, base64url and hex. A secret may
 * appear only in the response that issues it (and a Fields access token in its shop's capability
 * document, which exists to hand it to the shop's pages); the database holds it only as
 * ciphertext or hash. Tables and columns are found through information_schema, so a new one that
 * stores a secret in the clear fails this spec.
 */
describe('secret sentinel scan', () => {
  const day = zurichDay(0);
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const sentinel = (what: string) => `Sntl${what}${randomBytes(9).toString('hex')}`;

  interface Secret {
    name: string;
    value: string;
    /** Response labels where this secret may be read (its issuing response, the shop document). */
    allowedIn: Set<string>;
    /** Further encodings that expose it (e.g. the Basic auth header of a merchant login). */
    extraForms?: string[];
  }
  interface Seen {
    label: string;
    status: number;
    text: string;
  }

  const secrets: Secret[] = [];
  const responses: Seen[] = [];
  const logLines: string[] = [];
  const receiver = new Receiver();
  let sandbox: SandboxProcess;
  let t: TestApp;
  let tenant: TestTenant;
  let franchiseId: string;

  const keep = (name: string, value: string, allowedIn: string[] = [], extraForms?: string[]) => {
    expect(typeof value).toBe('string');
    expect(value.length).toBeGreaterThanOrEqual(12);
    secrets.push({ name, value, allowedIn: new Set(allowedIn), extraForms });
  };

  /** `call` that records the response under `label` for the scan. */
  async function api<T>(
    label: string,
    path: string,
    init: Parameters<typeof call>[2] = {},
    key = tenant.operatorKey,
  ): Promise<JsonResponse<T>> {
    const response = await call<T>(t.baseUrl, path, { key, ...init });
    const headers = [...response.headers.entries()].map(([n, v]) => `${n}: ${v}`).join('\n');
    responses.push({ label, status: response.status, text: `${headers}\n\n${response.text}` });
    return response;
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 400; i += 1) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const accountState = async (accountId: string) =>
    (await api<Account>('getMerchantAccount', `/merchant-accounts/${accountId}`)).body.state;
  const settled = (accountId: string) =>
    until(`account ${accountId} to settle`, async () => {
      const state = await accountState(accountId);
      return state === 'pending' || state === 'onboarding' ? undefined : state;
    });

  /** Plaintext and the encodings a leak would likely take. */
  function formsOf(secret: Secret): string[] {
    const bytes = Buffer.from(secret.value, 'utf8');
    return [
      secret.value,
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64url'),
      bytes.toString('hex'),
      ...(secret.extraForms ?? []),
    ];
  }
  const exposes = (text: string, secret: Secret) => {
    const lower = text.toLowerCase();
    return formsOf(secret).some((form) =>
      /^[0-9a-f]+$/.test(form) ? lower.includes(form) : text.includes(form),
    );
  };

  beforeAll(async () => {
    await receiver.start();
    sandbox = await startSandboxProcess({ accounts: 1 });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const encryptionKeys = `k1:${k1.toString('base64')}`;
    t = await startTestApp(
      {
        LOG_LEVEL: 'trace',
        ENCRYPTION_KEYS: encryptionKeys,
        JOBS_WORKER_ENABLED: 'true',
        JOBS_POLL_INTERVAL_MS: '50',
        WEBHOOK_DISPATCH_ENABLED: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
        FIELDS_TOKEN_GRACE_SECONDS: '1',
        SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
        SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
      },
      { logDestination: destination },
    );
    keep('ENCRYPTION_KEYS', encryptionKeys, [], [k1.toString('base64'), k1.toString('hex')]);
    keep('encryption key k2', k2.toString('base64'), [], [k2.toString('hex')]);
    tenant = await newTenant(t.app);
    keep('bootstrap operator key', tenant.operatorKey);
    franchiseId = (await newFranchise(t.app, tenant.tenantId)).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
    await receiver.stop();
  });

  it('never logs, returns, sends or stores a secret in the clear', async () => {
    // --- Merchant credentials: a good account, and one whose handed-over password is wrong.
    const loginForm = (customerId: string, password: string) =>
      Buffer.from(`API_${customerId}_55500011:${password}`).toString('base64');
    const goodPassword = sentinel('Pw');
    const wrongPassword = sentinel('WrongPw');
    const fixedPassword = sentinel('FixedPw');
    keep('merchant password', goodPassword, [], [loginForm('700001', goodPassword)]);
    keep('wrong merchant password', wrongPassword, [], [loginForm('700002', wrongPassword)]);
    keep('corrected merchant password', fixedPassword, [], [loginForm('700002', fixedPassword)]);
    const good = await addReportingAccount(sandbox.admin, '700001', { password: goodPassword });
    const spg = await sandbox.admin.addTerminal('700001', {
      type: 'SPG',
      paymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF'] }],
    });
    const wrong = await addReportingAccount(sandbox.admin, '700002', {
      password: fixedPassword,
      givenPassword: wrongPassword,
    });
    await sandbox.admin.seedTransactions('700001', {
      count: 12,
      from: day.start.toISOString(),
      to: day.end.toISOString(),
      state: 'SUCCESSFUL',
    });

    // Onboarding (bulk JSON) with both: one ready, one credentials_rejected (the failed path).
    const registered = await api<Registered>(
      'registerMerchantAccounts',
      `/franchises/${franchiseId}/merchant-accounts/bulk`,
      { method: 'POST', json: { accounts: [good.registration, wrong.registration] } },
    );
    expect(registered.status).toBe(202);
    const accountId = registered.body.accounts[0].id;
    const wrongId = registered.body.accounts[1].id;
    await waitForJob(t.baseUrl, tenant.operatorKey, registered.body.job.id);
    expect(await settled(accountId)).toBe('ready');
    expect(await settled(wrongId)).toBe('credentials_rejected');

    // Credentials update (PATCH) with the right password: onboarding runs again.
    const patched = await api('updateMerchantAccount', `/merchant-accounts/${wrongId}`, {
      method: 'PATCH',
      json: { password: fixedPassword },
    });
    expect(patched.status).toBe(200);
    expect(
      await until('the corrected account', async () =>
        (await accountState(wrongId)) === 'ready' ? 'ready' : undefined,
      ),
    ).toBe('ready');

    // --- Operator keys: issue, use, revoke, use again.
    const issuedKey = await api<Schemas['IssuedOperatorKeyDto']>(
      'createOperatorKey',
      '/operator-keys',
      {
        method: 'POST',
        json: { name: 'scan' },
      },
    );
    expect(issuedKey.status).toBe(201);
    keep('operator key', issuedKey.body.token, ['createOperatorKey']);
    expect((await api('listFranchises', '/franchises', {}, issuedKey.body.token)).status).toBe(200);
    expect(
      (await api('revokeOperatorKey', `/operator-keys/${issuedKey.body.id}`, { method: 'DELETE' }))
        .status,
    ).toBeLessThan(300);
    expect((await api('revoked key', '/franchises', {}, issuedKey.body.token)).status).toBe(401);

    // --- Webhook endpoint with a receiver, and a secret rotation.
    const hookPath = receiver.path();
    const endpoint = await api<Schemas['WebhookEndpointWithSecretDto']>(
      'createWebhookEndpoint',
      '/webhook-endpoints',
      { method: 'POST', json: { url: receiver.url(hookPath) } },
    );
    expect(endpoint.status).toBe(201);
    keep(
      'webhook secret',
      endpoint.body.secret,
      ['createWebhookEndpoint'],
      [endpoint.body.secret.slice('whsec_'.length)],
    );
    const endpointId = endpoint.body.endpoint.id;
    const rotatedHook = await api<Schemas['WebhookEndpointWithSecretDto']>(
      'rotateWebhookEndpointSecret',
      `/webhook-endpoints/${endpointId}/rotate-secret`,
      { method: 'POST' },
    );
    keep(
      'rotated webhook secret',
      rotatedHook.body.secret,
      ['rotateWebhookEndpointSecret'],
      [rotatedHook.body.secret.slice('whsec_'.length)],
    );
    await api('getWebhookEndpoint', `/webhook-endpoints/${endpointId}`);
    await api('listWebhookEndpoints', '/webhook-endpoints');

    // --- Shops, Fields tokens (provision, rotate, revoke), shop tokens and capability reads.
    const ecom = good.registration.customerId + '01';
    const shop = await api<Schemas['ShopWriteResultDto']>(
      'createShop',
      `/franchises/${franchiseId}/shops`,
      {
        method: 'POST',
        json: {
          name: 'Scan shop',
          accountId,
          terminalId: ecom,
          sourceUrls: ['https://shop.example.com/'],
        },
      },
    );
    expect(shop.status).toBe(201);
    const shopId = shop.body.id;
    const provisioned = await api<Schemas['ProvisionedFieldsTokenDto']>(
      'provisionFieldsToken',
      `/shops/${shopId}/fields-tokens`,
      { method: 'POST' },
    );
    expect(provisioned.status).toBe(201);
    const capabilityReads = ['getOwnShopCapabilities', 'getShopCapabilities'];
    keep('Fields access token', provisioned.body.accessToken, [
      'provisionFieldsToken',
      ...capabilityReads,
    ]);
    const rotatedFields = await api<Schemas['ProvisionedFieldsTokenDto']>(
      'rotateFieldsToken',
      `/shops/${shopId}/fields-tokens/rotate`,
      { method: 'POST' },
    );
    expect(rotatedFields.status).toBeLessThan(300);
    keep('rotated Fields access token', rotatedFields.body.accessToken, [
      'rotateFieldsToken',
      ...capabilityReads,
    ]);
    const handedOut = (await sandbox.admin.fieldsAccessTokens('700001')).map((x) => x.accessToken);
    expect(handedOut).toEqual(expect.arrayContaining([rotatedFields.body.accessToken]));

    const shopToken = await api<Schemas['IssuedShopTokenDto']>(
      'createShopToken',
      `/shops/${shopId}/tokens`,
      { method: 'POST', json: { name: 'web' } },
    );
    expect(shopToken.status).toBe(201);
    keep('shop token', shopToken.body.token, ['createShopToken']);
    const own = await api('getOwnShopCapabilities', '/shop/capabilities', {}, shopToken.body.token);
    expect(own.status).toBe(200);
    expect(own.text).toContain(rotatedFields.body.accessToken);
    const etag = own.headers.get('etag')!;
    expect(
      (
        await api(
          'getOwnShopCapabilities',
          '/shop/capabilities',
          { headers: { 'if-none-match': etag } },
          shopToken.body.token,
        )
      ).status,
    ).toBe(304);
    expect(
      (await api('getShopCapabilities', `/shops/${shopId}/capabilities`, {}, shopToken.body.token))
        .status,
    ).toBe(200);
    await api('listShopTokens', `/shops/${shopId}/tokens`);
    await api('listFieldsTokens', `/shops/${shopId}/fields-tokens`);
    // Revoke the retiring token (the rotated-out one), then the shop token.
    const tokens = (
      await api<Schemas['FieldsTokenPageDto']>('listFieldsTokens', `/shops/${shopId}/fields-tokens`)
    ).body.items;
    const retiring = tokens.find((x) => x.state === 'retiring' || x.state === 'revoked');
    if (retiring && retiring.state !== 'revoked') {
      const revoked = await api('revokeFieldsToken', `/fields-tokens/${retiring.id}`, {
        method: 'DELETE',
      });
      expect(revoked.status).toBeLessThan(300);
    }
    await api('revokeShopToken', `/shop-tokens/${shopToken.body.id}`, { method: 'DELETE' });
    expect(
      (await api('revoked shop token', '/shop/capabilities', {}, shopToken.body.token)).status,
    ).toBe(401);

    // --- Invitation: issue, use (wizard routes), revoke.
    const invitation = await api<Schemas['IssuedInvitationDto']>(
      'createInvitation',
      `/franchises/${franchiseId}/invitations`,
      { method: 'POST', json: { note: 'scan' } },
    );
    expect(invitation.status).toBe(201);
    keep('invitation token', invitation.body.token, ['createInvitation']);
    const inviteKey = invitation.body.token;
    expect((await api('getInvitation', '/invitation', {}, inviteKey)).status).toBe(200);
    expect(
      (
        await api(
          'listMerchantAccounts',
          `/franchises/${franchiseId}/merchant-accounts`,
          {},
          inviteKey,
        )
      ).status,
    ).toBe(200);
    // The wizard registers an account with the invitation; CSV import registers another.
    const invitedPassword = sentinel('InvitedPw');
    const csvPassword = sentinel('CsvPw');
    keep(
      'merchant password via invitation',
      invitedPassword,
      [],
      [loginForm('700004', invitedPassword)],
    );
    keep('merchant password via CSV', csvPassword, [], [loginForm('700003', csvPassword)]);
    const csv = await addReportingAccount(sandbox.admin, '700003', { password: csvPassword });
    const invited = await addReportingAccount(sandbox.admin, '700004', {
      password: invitedPassword,
    });
    const viaInvitation = await api<Registered>(
      'registerMerchantAccount',
      `/franchises/${franchiseId}/merchant-accounts`,
      { method: 'POST', json: invited.registration },
      inviteKey,
    );
    expect(viaInvitation.status).toBe(202);
    const { username, customerId, environment, label } = csv.registration;
    const viaCsv = await api<Registered>(
      'importMerchantAccounts',
      `/franchises/${franchiseId}/merchant-accounts/import`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: `customerId,environment,label,username,password\n${customerId},${environment},${label},${username},${csvPassword}\n`,
      },
    );
    expect(viaCsv.status).toBe(202);
    for (const registeredNow of [viaInvitation, viaCsv]) {
      await waitForJob(t.baseUrl, tenant.operatorKey, registeredNow.body.job.id);
      expect(await settled(registeredNow.body.accounts[0].id)).toBe('ready');
    }
    await api('listInvitations', `/franchises/${franchiseId}/invitations`);
    await api('revokeInvitation', `/invitations/${invitation.body.id}`, { method: 'DELETE' });
    expect((await api('revoked invitation', '/invitation', {}, inviteKey)).status).toBe(401);

    // --- Payment link on the SPG terminal, and a transaction report fetch with its export.
    const link = await api('createPaymentLink', `/merchant-accounts/${accountId}/payment-links`, {
      method: 'POST',
      json: {
        terminalId: spg.terminalId,
        amount: { value: 1050, currency: 'CHF' },
        orderId: 'SCAN-1',
        description: 'Invoice 1',
        expirationDate: `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 19)}+00:00`,
        payer: { languageCode: 'de' },
      },
    });
    expect(link.status).toBe(201);
    const report = await api<Schemas['ReportExportDto']>(
      'requestTransactionReport',
      `/merchant-accounts/${accountId}/transaction-reports`,
      { method: 'POST', json: { from: day.day, to: day.day } },
    );
    expect(report.status).toBe(202);
    expect((await waitForJob(t.baseUrl, tenant.operatorKey, report.body.job!.id)).status).toBe(
      'succeeded',
    );
    const exported = await api(
      'exportAccountTransactions',
      `/merchant-accounts/${accountId}/transactions/export?format=ndjson`,
    );
    expect(exported.text.trim().split('\n')).toHaveLength(12);

    // --- Drift: a payment method disappears; the event is delivered to the receiver.
    await sandbox.admin.removePaymentMethod('700001', ecom, 'TWINT');
    const drift = await api<Schemas['DriftCheckStartedDto']>('startDriftCheck', '/drift-checks', {
      method: 'POST',
      json: { accountId },
    });
    expect(drift.status).toBe(202);
    await waitForJob(t.baseUrl, tenant.operatorKey, drift.body.job.id);
    await until('a webhook delivery', () =>
      Promise.resolve(receiver.at(hookPath).length ? true : undefined),
    );
    await api('listEvents', '/events');
    await api('listWebhookDeliveries', `/webhook-endpoints/${endpointId}/deliveries`);
    await api('listAuditEntries', '/audit-log');
    await api('listJobs', '/jobs');
    await api('metrics', '/metrics');

    // --- Error paths that carry a secret in a body, a query, a header.
    const echoed = sentinel('Echo');
    keep('secret sent in bad requests', echoed);
    const bad: [string, string, Parameters<typeof call>[2]][] = [
      [
        'bad registration',
        `/franchises/${franchiseId}/merchant-accounts`,
        {
          method: 'POST',
          json: { ...good.registration, customerId: 'not-a-customer', password: echoed },
        },
      ],
      [
        'bad CSV import',
        `/franchises/${franchiseId}/merchant-accounts/import`,
        {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: `customerId,environment,label,username,password\n700003,test,x,API_x,${echoed}"x\n`,
        },
      ],
      [
        'bad update',
        `/merchant-accounts/${accountId}`,
        { method: 'PATCH', json: { password: echoed, surprise: true } },
      ],
      [
        'malformed JSON',
        `/merchant-accounts/${accountId}`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: `{"password":"${echoed}" oops}`,
        },
      ],
      ['unknown bearer token', '/franchises', { key: echoed }],
      ['unknown shop token', '/shop/capabilities', { key: `sap_shop_${echoed}` }],
      ['secret in the query', `/franchises?access_token=${echoed}`, {}],
      [
        'secret in headers',
        '/franchises',
        { headers: { 'x-api-key': echoed, cookie: `session=${echoed}` } },
      ],
      [
        'webhook URL with a password',
        '/webhook-endpoints',
        { method: 'POST', json: { url: `https://user:${echoed}@hooks.example.com/x` } },
      ],
    ];
    for (const [label, path, init] of bad) {
      const response = await api(label, path, init);
      expect({ label, status: response.status < 500 }).toEqual({ label, status: true });
    }

    // --- Re-encryption of every sealed secret under a second key: `platform secrets:reencrypt`
    // as operators run it where another process can reach the database (PostgreSQL; embedded
    // PGlite is one session, held by the app), else the service the command calls.
    const stores = [
      'Fields access tokens',
      'merchant account credentials',
      'webhook signing secrets',
    ];
    if (t.database.mode === 'postgres') {
      const cli = spawnSync(process.execPath, [API_CLI, 'secrets:reencrypt', '--json'], {
        env: apiProcessEnv({
          DATABASE_URL: t.database.url,
          ENCRYPTION_KEYS: `k1:${k1.toString('base64')},k2:${k2.toString('base64')}`,
          ENCRYPTION_ACTIVE_KEY_ID: 'k2',
          LOG_LEVEL: 'trace',
        }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      logLines.push(...`${cli.stdout}\n${cli.stderr}`.split('\n').filter(Boolean));
      expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
      const printed = JSON.parse(cli.stdout.trim().split('\n').pop()!) as {
        stores: { store: string; done: number }[];
      };
      expect(printed.stores.map((x) => [x.store, x.done > 0])).toEqual(
        stores.map((x) => [x, true]),
      );
    } else {
      const rotatedCipher = new CredentialCipher(
        [
          { id: 'k1', key: k1 },
          { id: 'k2', key: k2 },
        ],
        'k2',
      );
      const moved = await t.app
        .get(SecretsReencryptionService)
        .reencryptAll(undefined, { cipher: rotatedCipher });
      expect(moved.map((x) => [x.store, x.done > 0])).toEqual(stores.map((x) => [x, true]));
    }

    // --- Scan. Logs and the webhook requests may hold no secret; responses only where allowed.
    const findings: string[] = [];
    for (const [i, line] of logLines.entries()) {
      for (const secret of secrets) {
        if (exposes(line, secret))
          findings.push(`log line ${i}: ${secret.name}: ${line.slice(0, 300)}`);
      }
    }
    for (const request of receiver.requests) {
      const text = `${JSON.stringify(request.headers)}\n${request.body}`;
      for (const secret of secrets) {
        if (exposes(text, secret)) findings.push(`webhook request: ${secret.name}`);
      }
    }
    const sightings = new Map<string, number>();
    for (const response of responses) {
      for (const secret of secrets) {
        if (!exposes(response.text, secret)) continue;
        if (secret.allowedIn.has(response.label)) {
          sightings.set(secret.name, (sightings.get(secret.name) ?? 0) + 1);
        } else {
          findings.push(`response ${response.label} (${response.status}): ${secret.name}`);
        }
      }
    }

    const dataSource = t.app.get(DataSource);
    const columns: { table_name: string; column_name: string }[] = await dataSource.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position`,
    );
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    let cells = 0;
    for (const { table_name: table, column_name: column } of columns) {
      const rows: { v: string | null }[] = await dataSource.query(
        `SELECT ${quote(column)}::text AS v FROM ${quote(table)}`,
      );
      cells += rows.length;
      for (const { v } of rows) {
        if (v === null) continue;
        for (const secret of secrets) {
          if (exposes(v, secret)) findings.push(`database ${table}.${column}: ${secret.name}`);
        }
      }
    }
    const tables = new Set(columns.map((c) => c.table_name));

    // The scan saw what it should: every issued secret in its issuing response, Fields tokens in
    // capability reads, secrets stored hashed (operator keys, shop tokens, invitations).
    for (const secret of secrets.filter((s) => s.allowedIn.size > 0)) {
      expect({ secret: secret.name, seen: (sightings.get(secret.name) ?? 0) > 0 }).toEqual({
        secret: secret.name,
        seen: true,
      });
    }
    const hashes: { h: string }[] = await dataSource.query(
      'SELECT token_hash AS h FROM shop_tokens',
    );
    expect(hashes.map((x) => x.h)).toContain(
      createHash('sha256').update(shopToken.body.token).digest('hex'),
    );
    expect(logLines.length).toBeGreaterThan(200);
    expect(tables.has('merchant_accounts') && tables.has('webhook_endpoints')).toBe(true);

    // The summary the brief asks for (issue 12): visible in the test output of both passes.
    // eslint-disable-next-line no-console
    console.log(
      [
        'Secret sentinel scan',
        `  sentinels:         ${secrets.length}`,
        `  log lines scanned: ${logLines.length}`,
        `  responses scanned: ${responses.length}`,
        `  webhook requests:  ${receiver.requests.length}`,
        `  DB cells scanned:  ${cells} (${tables.size} tables, ${columns.length} columns)`,
        `  findings:          ${findings.length}`,
        ...findings.map((f) => `    ${f}`),
      ].join('\n'),
    );
    expect(findings).toEqual([]);
  }, 120_000);
});
