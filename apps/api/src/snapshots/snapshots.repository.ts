import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { CapabilitySnapshotEntity } from './capability-snapshot.entity';

@Injectable()
export class SnapshotsRepository {
  constructor(
    @InjectRepository(CapabilitySnapshotEntity)
    private readonly repo: Repository<CapabilitySnapshotEntity>,
  ) {}

  private repository(manager?: EntityManager): Repository<CapabilitySnapshotEntity> {
    return manager?.getRepository(CapabilitySnapshotEntity) ?? this.repo;
  }

  latest(
    tenantId: string,
    accountId: string,
    manager?: EntityManager,
  ): Promise<CapabilitySnapshotEntity | null> {
    return this.repository(manager).findOne({
      where: { tenantId, accountId },
      order: { version: 'DESC' },
    });
  }

  findVersion(
    tenantId: string,
    accountId: string,
    version: number,
  ): Promise<CapabilitySnapshotEntity | null> {
    return this.repo.findOneBy({ tenantId, accountId, version });
  }

  /** Versions newest first, without the raw reads (they can be large). */
  listVersions(tenantId: string, accountId: string): Promise<CapabilitySnapshotEntity[]> {
    return this.repo.find({
      where: { tenantId, accountId },
      order: { version: 'DESC' },
      select: {
        id: true,
        accountId: true,
        version: true,
        contentHash: true,
        readAt: true,
        createdAt: true,
      },
    });
  }

  insert(
    values: Pick<
      CapabilitySnapshotEntity,
      'tenantId' | 'accountId' | 'version' | 'contentHash' | 'snapshot' | 'rawReads' | 'readAt'
    >,
    manager: EntityManager,
  ): Promise<CapabilitySnapshotEntity> {
    const repo = this.repository(manager);
    return repo.save(repo.create(values));
  }

  /**
   * The latest snapshot content of each given account, in one query (for the
   * matrix). Only the columns the matrix needs: the raw reads are as large as
   * the snapshot and would double what is fetched and parsed.
   */
  latestForAccounts(
    tenantId: string,
    accountIds: string[],
    manager?: EntityManager,
  ): Promise<Pick<CapabilitySnapshotEntity, 'accountId' | 'version' | 'snapshot'>[]> {
    if (!accountIds.length) return Promise.resolve([]);
    return this.repository(manager)
      .createQueryBuilder('s')
      .select(['s.accountId', 's.version', 's.snapshot'])
      .distinctOn(['s.account_id'])
      .where('s.tenant_id = :tenantId AND s.account_id IN (:...accountIds)', {
        tenantId,
        accountIds,
      })
      .orderBy('s.account_id')
      .addOrderBy('s.version', 'DESC')
      .getMany();
  }
}
