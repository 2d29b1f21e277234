import { randomUUID } from 'node:crypto';
import type { CredentialCipher } from '@api/secrets/credential-cipher';
import type { StoredWebhookSecret } from './webhook-endpoint.entity';

/** Binds a secret's ciphertext to its endpoint: copied into another row, it does not decrypt. */
export function webhookSecretAad(endpointId: string): string {
  return `webhook_endpoints:${endpointId}:secret`;
}

export function sealWebhookSecret(
  cipher: CredentialCipher,
  endpointId: string,
  secret: string,
  now: Date,
): StoredWebhookSecret {
  return {
    id: randomUUID(),
    ciphertext: cipher.encrypt(secret, webhookSecretAad(endpointId)),
    createdAt: now.toISOString(),
    expiresAt: null,
  };
}

/** Secrets that sign now: the current one and rotated-out ones still in their grace period. */
export function validWebhookSecrets(
  secrets: readonly StoredWebhookSecret[],
  now: Date,
): StoredWebhookSecret[] {
  return secrets.filter(
    (secret) => secret.expiresAt === null || Date.parse(secret.expiresAt) > now.getTime(),
  );
}

/** Plaintexts of the valid secrets, newest first (the order signatures are sent in). */
export function openWebhookSecrets(
  cipher: CredentialCipher,
  endpointId: string,
  secrets: readonly StoredWebhookSecret[],
  now: Date,
): string[] {
  return validWebhookSecrets(secrets, now)
    .reverse()
    .map((secret) => cipher.decrypt(secret.ciphertext, webhookSecretAad(endpointId)));
}

/**
 * The secret list after a rotation: the new secret is current; the previously
 * current one expires after the grace period (at once with no grace); expired
 * ones are dropped.
 */
export function rotateWebhookSecrets(
  secrets: readonly StoredWebhookSecret[],
  fresh: StoredWebhookSecret,
  now: Date,
  graceMs: number,
): StoredWebhookSecret[] {
  const retireAt = new Date(now.getTime() + graceMs).toISOString();
  const kept = graceMs > 0 ? validWebhookSecrets(secrets, now) : [];
  return [
    ...kept.map((secret) =>
      secret.expiresAt === null ? { ...secret, expiresAt: retireAt } : secret,
    ),
    fresh,
  ];
}
