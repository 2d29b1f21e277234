import { CredentialCipher, DecryptionError } from '@api/secrets/credential-cipher';
import {
  openWebhookSecrets,
  rotateWebhookSecrets,
  sealWebhookSecret,
  validWebhookSecrets,
} from './webhook-secrets';

const cipher = new CredentialCipher([{ id: 'k1', key: Buffer.alloc(32, 9) }], 'k1');
const endpointId = '0b7d2f4e-1c2a-4b6e-9d8f-3a5c7e9b1d20';
const HOUR = 3_600_000;

describe('webhook secrets at rest', () => {
  it('encrypts bound to the endpoint: another endpoint id cannot open it', () => {
    const now = new Date();
    const sealed = sealWebhookSecret(cipher, endpointId, 'whsec_abc', now);
    expect(sealed.ciphertext).not.toContain('whsec_abc');
    expect(openWebhookSecrets(cipher, endpointId, [sealed], now)).toEqual(['whsec_abc']);
    expect(() =>
      openWebhookSecrets(cipher, '5f0c3b9a-2d4e-4f6a-8b1c-7e9d0a2b4c6d', [sealed], now),
    ).toThrow(DecryptionError);
  });

  it('keeps the old secret signing for the grace period after a rotation, newest first', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const first = sealWebhookSecret(cipher, endpointId, 'whsec_one', t0);
    const t1 = new Date(t0.getTime() + HOUR);
    const second = sealWebhookSecret(cipher, endpointId, 'whsec_two', t1);
    const rotated = rotateWebhookSecrets([first], second, t1, 24 * HOUR);
    expect(rotated.map((s) => s.expiresAt)).toEqual([
      new Date(t1.getTime() + 24 * HOUR).toISOString(),
      null,
    ]);
    expect(openWebhookSecrets(cipher, endpointId, rotated, t1)).toEqual(['whsec_two', 'whsec_one']);
    const later = new Date(t1.getTime() + 24 * HOUR + 1);
    expect(openWebhookSecrets(cipher, endpointId, rotated, later)).toEqual(['whsec_two']);

    // The next rotation drops what expired and retires the current one.
    const third = sealWebhookSecret(cipher, endpointId, 'whsec_three', later);
    const again = rotateWebhookSecrets(rotated, third, later, 24 * HOUR);
    expect(validWebhookSecrets(again, later).map((s) => s.id)).toEqual([second.id, third.id]);
    expect(again).toHaveLength(2);
  });

  it('drops the old secret at once without a grace period', () => {
    const now = new Date();
    const first = sealWebhookSecret(cipher, endpointId, 'whsec_one', now);
    const second = sealWebhookSecret(cipher, endpointId, 'whsec_two', now);
    expect(rotateWebhookSecrets([first], second, now, 0)).toEqual([second]);
  });
});
