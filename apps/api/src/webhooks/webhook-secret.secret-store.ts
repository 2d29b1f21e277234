import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CredentialCipher } from '@api/secrets/credential-cipher';
import {
  SealedSecretStore,
  type SealedSecretStoreInstance,
} from '@api/secrets/sealed-secret-store';
import type { StoredWebhookSecret } from './webhook-endpoint.entity';
import { webhookSecretAad } from './webhook-secrets';

const STALE = `EXISTS (SELECT 1 FROM jsonb_array_elements(e.secrets) s
                WHERE left(s->>'ciphertext', $2) <> $1)`;

/** Webhook signing secrets (a list per endpoint), for key rotation. */
@Injectable()
@SealedSecretStore('webhook signing secrets')
export class WebhookSecretStore implements SealedSecretStoreInstance {
  constructor(private readonly dataSource: DataSource) {}

  async countStale(cipher: CredentialCipher): Promise<number> {
    const prefix = `v1.${cipher.activeKeyId}.`;
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM webhook_endpoints e WHERE ${STALE}`,
      [prefix, prefix.length],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async reencryptBatch(cipher: CredentialCipher, limit: number): Promise<number> {
    const prefix = `v1.${cipher.activeKeyId}.`;
    const rows: { id: string; secrets: StoredWebhookSecret[] }[] = await this.dataSource.query(
      `SELECT e.id, e.secrets FROM webhook_endpoints e WHERE ${STALE} ORDER BY e.id LIMIT $3`,
      [prefix, prefix.length, limit],
    );
    for (const row of rows) {
      const aad = webhookSecretAad(row.id);
      const resealed = row.secrets.map((secret) =>
        secret.ciphertext.startsWith(prefix)
          ? secret
          : { ...secret, ciphertext: cipher.encrypt(cipher.decrypt(secret.ciphertext, aad), aad) },
      );
      await this.dataSource.query(
        'UPDATE webhook_endpoints SET secrets = $1::jsonb WHERE id = $2 AND secrets = $3::jsonb',
        [JSON.stringify(resealed), row.id, JSON.stringify(row.secrets)],
      );
    }
    return rows.length;
  }
}
