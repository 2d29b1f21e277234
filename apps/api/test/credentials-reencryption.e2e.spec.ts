import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newFranchise, newTenant } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { CredentialsReencryptionService } from '@api/merchant-accounts/credentials-reencryption.service';
import {
  MerchantAccountsService,
  credentialsAad,
} from '@api/merchant-accounts/merchant-accounts.service';

describe('re-encrypting credentials under a new key', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ENCRYPTION_KEYS: `k1:${k1.toString('base64')}` });
  });
  afterAll(() => t.close());

  it('moves every row to the active key and keeps the plaintext', async () => {
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
    const before: { id: string; credentials_ciphertext: string }[] = await dataSource.query(
      'SELECT id, credentials_ciphertext FROM merchant_accounts',
    );
    expect(before.every((row) => row.credentials_ciphertext.startsWith('v1.k1.'))).toBe(true);
    expect(JSON.stringify(before)).not.toContain('secret-');

    const rotated = new CredentialCipher(
      [
        { id: 'k1', key: k1 },
        { id: 'k2', key: k2 },
      ],
      'k2',
    );
    const progress: number[] = [];
    const result = await new CredentialsReencryptionService(dataSource, rotated).reencryptAll(
      ({ done }) => progress.push(done),
      2,
    );
    expect(result).toEqual({ total: 3, done: 3 });
    expect(progress).toEqual([0, 2, 3]);

    const after: { id: string; credentials_ciphertext: string }[] = await dataSource.query(
      'SELECT id, credentials_ciphertext FROM merchant_accounts',
    );
    const onlyK2 = new CredentialCipher([{ id: 'k2', key: k2 }], 'k2');
    for (const row of after) {
      expect(row.credentials_ciphertext.startsWith('v1.k2.')).toBe(true);
      expect(
        JSON.parse(onlyK2.decrypt(row.credentials_ciphertext, credentialsAad(row.id))),
      ).toMatchObject({ password: expect.stringMatching(/^secret-\d$/) });
    }
    expect(
      (await new CredentialsReencryptionService(dataSource, rotated).reencryptAll()).total,
    ).toBe(0);
    expect(registered.accounts).toHaveLength(3);
  });
});
