import { SetMetadata } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { CredentialCipher } from './credential-cipher';

export const SEALED_SECRET_STORE = 'secrets:sealed-store';

/**
 * Marks a provider that keeps `CredentialCipher` ciphertexts. `platform secrets:reencrypt`
 * finds every such store through discovery, so a feature that seals a new kind of secret
 * only adds a store beside its code.
 */
export const SealedSecretStore = (name: string): ClassDecorator =>
  SetMetadata(SEALED_SECRET_STORE, name);

export interface SealedSecretStoreInstance {
  /** Rows holding a ciphertext not made with the cipher's active key. */
  countStale(cipher: CredentialCipher): Promise<number>;
  /**
   * Re-encrypts up to `limit` stale rows under the active key and returns how many moved
   * (0: none left). Each row changes only if it still holds what was read, so a concurrent
   * write is never overwritten.
   */
  reencryptBatch(cipher: CredentialCipher, limit: number): Promise<number>;
}

/** A text column holding one ciphertext per row, bound to the row id by `aad`. */
export interface SealedColumn {
  table: string;
  column: string;
  aad: (id: string) => string;
}

const activePrefix = (cipher: CredentialCipher) => `v1.${cipher.activeKeyId}.`;

export async function countStaleColumn(
  dataSource: DataSource,
  cipher: CredentialCipher,
  { table, column }: SealedColumn,
): Promise<number> {
  const prefix = activePrefix(cipher);
  const rows: { n: string }[] = await dataSource.query(
    `SELECT count(*) AS n FROM ${table} WHERE ${column} IS NOT NULL AND left(${column}, $2) <> $1`,
    [prefix, prefix.length],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function reencryptColumn(
  dataSource: DataSource,
  cipher: CredentialCipher,
  { table, column, aad }: SealedColumn,
  limit: number,
): Promise<number> {
  const prefix = activePrefix(cipher);
  const rows: { id: string; sealed: string }[] = await dataSource.query(
    `SELECT id, ${column} AS sealed FROM ${table}
      WHERE ${column} IS NOT NULL AND left(${column}, $2) <> $1 ORDER BY id LIMIT $3`,
    [prefix, prefix.length, limit],
  );
  for (const row of rows) {
    const resealed = cipher.encrypt(cipher.decrypt(row.sealed, aad(row.id)), aad(row.id));
    await dataSource.query(`UPDATE ${table} SET ${column} = $1 WHERE id = $2 AND ${column} = $3`, [
      resealed,
      row.id,
      row.sealed,
    ]);
  }
  return rows.length;
}
