import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (merchant API passwords, Fields access
 * tokens). Each ciphertext names the key that made it, so keys can rotate:
 * new writes use the active key, old rows stay readable until re-encrypted.
 * The associated data binds a ciphertext to its row and field, so a value
 * copied into another row does not decrypt.
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class DecryptionError extends Error {}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class CredentialCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: EncryptionKey[],
    readonly activeKeyId: string,
  ) {
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`Encryption key id "${id}" must match ${KEY_ID}`);
      if (key.length !== 32) throw new Error(`Encryption key ${id} must be 32 bytes`);
    }
    if (!this.keys.has(activeKeyId)) throw new Error(`No encryption key with id ${activeKeyId}`);
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string, associatedData: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (version !== VERSION || !key || !iv || !tag || ciphertext === undefined) {
      throw new DecryptionError(`Cannot decrypt: unknown format or key ${keyId ?? '?'}`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new DecryptionError('Cannot decrypt: wrong key or tampered ciphertext');
    }
  }

  /** The key id a ciphertext was made with, without decrypting it. */
  static keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }

  needsReencryption(sealed: string): boolean {
    return CredentialCipher.keyIdOf(sealed) !== this.activeKeyId;
  }
}

/** Parses `id1:base64key,id2:base64key` (32-byte keys, base64 or base64url). */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      if (separator < 1) throw new Error('each entry must be <keyId>:<base64 key>');
      return {
        id: entry.slice(0, separator),
        key: Buffer.from(entry.slice(separator + 1), 'base64'),
      };
    });
}
