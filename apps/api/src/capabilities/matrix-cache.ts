import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/**
 * Built matrices of this process, keyed by franchise, filters, format and a
 * fingerprint of the franchise's accounts (id, label, state, latest snapshot
 * version, compliance evaluation). A new snapshot, state or judgement changes the fingerprint, so an entry is
 * never stale; the few newest entries are kept (a 1,000-account matrix is MBs).
 */
@Injectable()
export class MatrixCache {
  private readonly entries = new Map<string, unknown>();
  private static readonly MAX_ENTRIES = 8;

  static fingerprint(
    accounts: {
      id: string;
      label: string;
      state: string;
      latestSnapshotVersion: number | null;
      compliance: { evaluatedAt: string } | null;
    }[],
  ): string {
    const hash = createHash('sha256');
    for (const a of accounts) {
      const evaluatedAt = a.compliance?.evaluatedAt ?? '';
      hash.update(
        `${a.id}|${a.label}|${a.state}|${a.latestSnapshotVersion ?? ''}|${evaluatedAt}\n`,
      );
    }
    return hash.digest('base64url');
  }

  async getOrBuild<T>(key: string, build: () => Promise<T>): Promise<T> {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = await build();
    this.entries.set(key, value);
    while (this.entries.size > MatrixCache.MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }
}
