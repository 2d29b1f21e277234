import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  contentHash,
  normalize,
  type CapabilitySnapshot,
  type RawAccountReads,
} from '@platform/capabilities';
import { SnapshotsRepository } from './snapshots.repository';

/**
 * Stores a new snapshot version only when the normalized content changed;
 * re-reading an unchanged account keeps the current version.
 */
export interface PreparedSnapshot {
  reads: RawAccountReads;
  snapshot: CapabilitySnapshot;
  hash: string;
}

@Injectable()
export class SnapshotStore {
  constructor(private readonly snapshots: SnapshotsRepository) {}

  /** Normalizes and hashes; pure CPU work, kept out of the storing transaction. */
  prepare(reads: RawAccountReads): PreparedSnapshot {
    const snapshot = normalize(reads);
    return { reads, snapshot, hash: contentHash(snapshot) };
  }

  async store(
    tenantId: string,
    accountId: string,
    { reads, snapshot, hash }: PreparedSnapshot,
    manager: EntityManager,
  ): Promise<{ version: number; changed: boolean }> {
    const latest = await this.snapshots.latest(tenantId, accountId, manager);
    if (latest?.contentHash === hash) return { version: latest.version, changed: false };
    const version = (latest?.version ?? 0) + 1;
    await this.snapshots.insert(
      {
        tenantId,
        accountId,
        version,
        contentHash: hash,
        snapshot: snapshot as unknown as Record<string, unknown>,
        rawReads: reads as unknown as Record<string, unknown>,
        readAt: new Date(reads.readAt),
      },
      manager,
    );
    return { version, changed: true };
  }
}
