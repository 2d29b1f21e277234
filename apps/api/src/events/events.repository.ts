import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { EventEntity, type EventType } from './event.entity';

export type NewEvent = Pick<
  EventEntity,
  'type' | 'franchiseId' | 'accountId' | 'subject' | 'before' | 'after' | 'summary'
> &
  Partial<Pick<EventEntity, 'snapshotVersionBefore' | 'snapshotVersionAfter' | 'driftCheckId'>>;

export interface EventFilters {
  types?: EventType[];
  accountId?: string;
  franchiseId?: string;
  since?: Date;
  until?: Date;
}

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(EventEntity) private readonly repo: Repository<EventEntity>) {}

  /** Inserts in the caller's transaction (the outbox rule); returns the rows in input order. */
  async insertMany(
    tenantId: string,
    events: readonly NewEvent[],
    manager: EntityManager,
  ): Promise<EventEntity[]> {
    if (!events.length) return [];
    const repo = manager.getRepository(EventEntity);
    const rows = events.map((event) =>
      repo.create({
        snapshotVersionBefore: null,
        snapshotVersionAfter: null,
        driftCheckId: null,
        ...event,
        tenantId,
      } as EventEntity),
    );
    return repo.save(rows, { reload: true });
  }

  findById(tenantId: string, id: string): Promise<EventEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  findByIds(tenantId: string, ids: string[]): Promise<EventEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.findBy({ tenantId, id: In(ids) });
  }

  /** Newest first, a page at a time. */
  listPage(
    tenantId: string,
    options: { limit: number; after?: CursorPosition } & EventFilters,
  ): Promise<EventEntity[]> {
    const query = this.repo
      .createQueryBuilder('event')
      .where('event.tenant_id = :tenantId', { tenantId });
    if (options.types?.length)
      query.andWhere('event.type IN (:...types)', { types: options.types });
    if (options.accountId) {
      query.andWhere('event.account_id = :accountId', { accountId: options.accountId });
    }
    if (options.franchiseId) {
      query.andWhere('event.franchise_id = :franchiseId', { franchiseId: options.franchiseId });
    }
    if (options.since) query.andWhere('event.created_at >= :since', { since: options.since });
    if (options.until) query.andWhere('event.created_at < :until', { until: options.until });
    return keysetPage(query, {
      limit: options.limit,
      after: options.after,
      order: 'DESC',
    }).getMany();
  }
}
