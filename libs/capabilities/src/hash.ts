/**
 * Content hash and the version rule.
 *
 * `contentHash(snapshot)` is the SHA-256 (hex) of the canonical JSON of the snapshot's
 * content: every field except `anomalies`, object keys sorted, lists in the order
 * `normalize` puts them in. Equal content therefore gives an equal hash whatever the order,
 * casing or duplication of the raw reads, and `readAt` never affects it.
 *
 * Version rule: an account's capability version increments only when the hash changes,
 * i.e. store a new version iff `shouldStoreNewVersion(previousHash, snapshot)`.
 */
import { createHash } from 'node:crypto';
import type { CapabilitySnapshot, SnapshotContent } from './types';

/** JSON with object keys in code-unit order; `undefined` properties are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const encoded = JSON.stringify(value);
    return encoded === undefined ? 'null' : encoded;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The hashed part of a snapshot (everything but the anomalies of the read). */
export function snapshotContent(snapshot: CapabilitySnapshot): SnapshotContent {
  return {
    schemaVersion: snapshot.schemaVersion,
    license: snapshot.license,
    terminals: snapshot.terminals,
    paymentPageConfigs: snapshot.paymentPageConfigs,
  };
}

/** SHA-256 hex of the canonical content. Pass a snapshot built by `normalize`. */
export function contentHash(snapshot: CapabilitySnapshot): string {
  return createHash('sha256')
    .update(canonicalJson(snapshotContent(snapshot)), 'utf8')
    .digest('hex');
}

/**
 * Whether `snapshot` must be stored as the account's next version: true for the first
 * snapshot (no previous hash) and whenever the content hash differs from the latest stored.
 */
export function shouldStoreNewVersion(
  previousHash: string | null | undefined,
  snapshot: CapabilitySnapshot,
): boolean {
  return previousHash == null || previousHash !== contentHash(snapshot);
}
