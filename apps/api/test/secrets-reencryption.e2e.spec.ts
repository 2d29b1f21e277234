import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fieldsTokenAad } from '@api/fields-tokens/fields-token-aad';
import {
  MerchantAccountsService,
  credentialsAad,
} from '@api/merchant-accounts/merchant-accounts.service';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { SecretsReencryptionService } from '@api/secrets/secrets-reencryption.service';
import { WebhookEndpointsService } from '@api/webhooks/webhook-endpoints.service';
import type { StoredWebhookSecret } from '@api/webhooks/webhook-endpoint.entity';
import { webhookSecretAad } from '@api/webhooks/webhook-secrets';
import { newFranchise, newTenant } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * After a key rotation every sealed secret (merchant credentials, Fields tokens, webhook
 * signing secrets) moves to the new key, keeps its plaintext, and decrypts with the new key
 * alone; a rerun finds nothing left.
 */
describe('re-encrypting every stored secret under a new key', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      ENCRYPTION_KEYS: `k1:${k1.toString('base64')}`,
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
  });
  afterAll(() => t.close());

  it('moves merchant credentials, Fields tokens and webhook secrets to the active key', async () => {
    const tenant = await newTenant(t.app);
    const franchise = await newFranchise(t.app, tenant.tenantId);
    const registered = await t.app.get(MerchantAccountsService).register(
      tenant.tenantId,
      franchise.id,
      [1, 2, 3].map((n) => ({
        customerId: `40000${n}`,
        environment: 'test' as const,
        label: `A${n}`,
        username: `API_${n}`,
        password: `secret-${n}`,
      })),
    );
    const dataSource = t.app.get(DataSource);
    const k1Only = t.app.get(CredentialCipher);
    const tokenId = randomUUID();
    await dataSource.query(
      `INSERT INTO fields_tokens (id, tenant_id, account_id, terminal_id, state, token_ciphertext,
         request_id, description, source_urls)
       VALUES ($1, $2, $3, '17000101', 'active', $4, $5, 'Fields: test', ARRAY['https://shop.example/'])`,
      [
        tokenId,
        tenant.tenantId,
        registered.accounts[0].id,
        k1Only.encrypt('fields-token-value', fieldsTokenAad(tokenId)),
        randomUUID(),
      ],
    );
    const endpoints = t.app.get(WebhookEndpointsService);
    const endpoint = await endpoints.create(tenant.tenantId, { url: 'http://127.0.0.1:9/hook' });
    const rotatedSecret = await endpoints.rotateSecret(tenant.tenantId, endpoint.endpoint.id);

    const rotated = new CredentialCipher(
      [
        { id: 'k1', key: k1 },
        { id: 'k2', key: k2 },
      ],
      'k2',
    );
    const service = t.app.get(SecretsReencryptionService);
    expect(service.stores().map((s) => s.name)).toEqual([
      'Fields access tokens',
      'merchant account credentials',
      'webhook signing secrets',
    ]);
    const progress: string[] = [];
    const result = await service.reencryptAll(
      ({ store, done, total }) => progress.push(`${store} ${done}/${total}`),
      { batchSize: 2, cipher: rotated },
    );
    expect(result).toEqual([
      { store: 'Fields access tokens', total: 1, done: 1 },
      { store: 'merchant account credentials', total: 3, done: 3 },
      { store: 'webhook signing secrets', total: 1, done: 1 },
    ]);
    expect(progress).toContain('merchant account credentials 2/3');

    const k2Only = new CredentialCipher([{ id: 'k2', key: k2 }], 'k2');
    const accounts: { id: string; credentials_ciphertext: string }[] = await dataSource.query(
      'SELECT id, credentials_ciphertext FROM merchant_accounts',
    );
    for (const row of accounts) {
      expect(
        JSON.parse(k2Only.decrypt(row.credentials_ciphertext, credentialsAad(row.id))),
      ).toMatchObject({ password: expect.stringMatching(/^secret-\d$/) });
    }
    const [token]: { token_ciphertext: string }[] = await dataSource.query(
      'SELECT token_ciphertext FROM fields_tokens WHERE id = $1',
      [tokenId],
    );
    expect(k2Only.decrypt(token.token_ciphertext, fieldsTokenAad(tokenId))).toBe(
      'fields-token-value',
    );
    const [hook]: { secrets: StoredWebhookSecret[] }[] = await dataSource.query(
      'SELECT secrets FROM webhook_endpoints WHERE id = $1',
      [endpoint.endpoint.id],
    );
    // Both the current secret and the one in its grace period, same plaintexts as handed out.
    expect(
      hook.secrets.map((s) => k2Only.decrypt(s.ciphertext, webhookSecretAad(endpoint.endpoint.id))),
    ).toEqual([endpoint.secret, rotatedSecret.secret]);

    const rerun = await service.reencryptAll(undefined, { cipher: rotated });
    expect(rerun.every((store) => store.total === 0)).toBe(true);
  });
});
