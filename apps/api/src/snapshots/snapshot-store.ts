import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { contentHash, normalize, type RawAccountReads } from '@platform/capabilities';
import { SnapshotsRepository } from './snapshots.repository';

/**
 * Stores a new snapshot version only when the normalized content changed;
 * re-reading an unchanged account keeps the current version.
 */
@Injectable()
export class SnapshotStore {
  constructor(private readonly snapshots: SnapshotsRepository) {}

  async store(
    tenantId: string,
    accountId: string,
    reads: RawAccountReads,
    manager: EntityManager,
  ): Promise<{ version: number; changed: boolean }> {
    const snapshot = normalize(reads);
    const hash = contentHash(snapshot);
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
