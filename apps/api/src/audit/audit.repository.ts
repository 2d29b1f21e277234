import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { AuditEntryEntity } from './audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'createdAt'>;

export interface AuditFilters {
  action?: string;
  resourceId?: string;
  principalId?: string;
  since?: Date;
  until?: Date;
}

/** Data access only; every read is scoped by the tenant id it is given. */
@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>,
  ) {}

  async insert(entry: NewAuditEntry): Promise<void> {
    await this.repo.insert(entry);
  }

  /** Newest first, a page at a time. */
  listPage(
    tenantId: string,
    options: { limit: number; after?: CursorPosition } & AuditFilters,
  ): Promise<AuditEntryEntity[]> {
    const query = this.repo
      .createQueryBuilder('entry')
      .where('entry.tenant_id = :tenantId', { tenantId });
    if (options.action) query.andWhere('entry.action = :action', { action: options.action });
    if (options.resourceId) {
      query.andWhere('entry.resource_id = :resourceId', { resourceId: options.resourceId });
    }
    if (options.principalId) {
      query.andWhere('entry.principal_id = :principalId', { principalId: options.principalId });
    }
    if (options.since) query.andWhere('entry.created_at >= :since', { since: options.since });
    if (options.until) query.andWhere('entry.created_at < :until', { until: options.until });
    return keysetPage(query, {
      limit: options.limit,
      after: options.after,
      order: 'DESC',
    }).getMany();
  }
}
