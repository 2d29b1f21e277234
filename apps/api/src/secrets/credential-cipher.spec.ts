import { randomBytes } from 'node:crypto';
import { CredentialCipher, DecryptionError, parseEncryptionKeys } from './credential-cipher';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('CredentialCipher', () => {
  it('round-trips and never contains the plaintext', () => {
    const cipher = new CredentialCipher([k1], 'k1');
    const sealed = cipher.encrypt('s3cr3t-Pässword', 'merchant_accounts:abc:password');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(sealed).not.toContain('s3cr3t');
    expect(cipher.decrypt(sealed, 'merchant_accounts:abc:password')).toBe('s3cr3t-Pässword');
    expect(cipher.encrypt('same', 'ad')).not.toEqual(cipher.encrypt('same', 'ad'));
  });

  it('refuses a ciphertext moved to another row or tampered with', () => {
    const cipher = new CredentialCipher([k1], 'k1');
    const sealed = cipher.encrypt('pw', 'row-1');
    expect(() => cipher.decrypt(sealed, 'row-2')).toThrow(DecryptionError);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('xx').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'row-1')).toThrow(DecryptionError);
  });

  it('reads old keys after rotation and tells what to re-encrypt', () => {
    const old = new CredentialCipher([k1], 'k1').encrypt('pw', 'ad');
    const rotated = new CredentialCipher([k1, k2], 'k2');
    expect(rotated.decrypt(old, 'ad')).toBe('pw');
    expect(rotated.needsReencryption(old)).toBe(true);
    expect(rotated.needsReencryption(rotated.encrypt('pw', 'ad'))).toBe(false);
    expect(() => new CredentialCipher([k2], 'k2').decrypt(old, 'ad')).toThrow(/key k1/);
  });

  it('parses key lists and rejects bad keys', () => {
    const keys = parseEncryptionKeys(
      `k1:${k1.key.toString('base64')}, k2:${k2.key.toString('base64')}`,
    );
    expect(keys.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(() => new CredentialCipher([{ id: 'short', key: randomBytes(16) }], 'short')).toThrow(
      /32 bytes/,
    );
    expect(() => new CredentialCipher([k1], 'nope')).toThrow(/No encryption key/);
    expect(() => parseEncryptionKeys('nocolon')).toThrow();
  });
});
