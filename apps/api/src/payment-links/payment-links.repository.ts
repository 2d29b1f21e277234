import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { PaymentLinkEntity, type PaymentLinkStatus } from './payment-link.entity';

export type NewPaymentLink = Pick<
  PaymentLinkEntity,
  | 'franchiseId'
  | 'accountId'
  | 'terminalId'
  | 'requestId'
  | 'idempotencyKeyHash'
  | 'requestHash'
  | 'saferpayRequest'
  | 'amountValue'
  | 'currency'
  | 'orderId'
  | 'description'
  | 'expirationText'
  | 'expiresAt'
  | 'callLockedUntil'
>;

export type PaymentLinkChange = Partial<
  Pick<
    PaymentLinkEntity,
    | 'status'
    | 'offerId'
    | 'paymentLink'
    | 'transactionId'
    | 'callLockedUntil'
    | 'lastSyncedAt'
    | 'lastError'
    | 'disabledAt'
  >
>;

export interface PaymentLinkFilter {
  accountId?: string;
  franchiseId?: string;
  status?: PaymentLinkStatus;
  orderId?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

/** Data access only; every method is scoped by the tenant id it is given (the sync's finder excepted). */
@Injectable()
export class PaymentLinksRepository {
  constructor(
    @InjectRepository(PaymentLinkEntity) private readonly repo: Repository<PaymentLinkEntity>,
  ) {}

  insert(tenantId: string, values: NewPaymentLink): Promise<PaymentLinkEntity> {
    return this.repo.save(this.repo.create({ ...values, tenantId, status: 'CREATING' }));
  }

  findById(tenantId: string, id: string): Promise<PaymentLinkEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  findByKeyHash(tenantId: string, idempotencyKeyHash: string): Promise<PaymentLinkEntity | null> {
    return this.repo.findOneBy({ tenantId, idempotencyKeyHash });
  }

  /**
   * Makes this caller the one that calls Saferpay for a CREATING intent, until `until`:
   * a concurrent retry with the same key finds it taken and does not call at once.
   */
  async claimCall(tenantId: string, id: string, until: Date): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(PaymentLinkEntity)
      .set({ callLockedUntil: until })
      .where('tenant_id = :tenantId AND id = :id AND status = :status', {
        tenantId,
        id,
        status: 'CREATING',
      })
      .andWhere('(call_locked_until IS NULL OR call_locked_until < now())')
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Applies the change only from one of the expected statuses; true when it did. */
  async transition(
    tenantId: string,
    id: string,
    from: PaymentLinkStatus[],
    change: PaymentLinkChange,
    manager?: EntityManager,
  ): Promise<boolean> {
    const repo = manager?.getRepository(PaymentLinkEntity) ?? this.repo;
    const result = await repo.update({ tenantId, id, status: In(from) }, change);
    return (result.affected ?? 0) > 0;
  }

  listPage(
    tenantId: string,
    filter: PaymentLinkFilter,
    options: { limit: number; after?: CursorPosition },
  ): Promise<PaymentLinkEntity[]> {
    const query = this.repo
      .createQueryBuilder('link')
      .where('link.tenant_id = :tenantId', { tenantId });
    if (filter.accountId) query.andWhere('link.account_id = :accountId', filter);
    if (filter.franchiseId) query.andWhere('link.franchise_id = :franchiseId', filter);
    if (filter.status) query.andWhere('link.status = :status', filter);
    if (filter.orderId) query.andWhere('link.order_id = :orderId', filter);
    if (filter.createdFrom) query.andWhere('link.created_at >= :createdFrom', filter);
    if (filter.createdTo) query.andWhere('link.created_at < :createdTo', filter);
    return keysetPage(query, { ...options, order: 'DESC' }).getMany();
  }

  /**
   * OPEN links across tenants not read from Saferpay since `syncedBefore`, least recently
   * read first (never-read and past-expiry ones lead): the scheduled sync's bounded batch.
   */
  dueForSync(syncedBefore: Date, limit: number): Promise<PaymentLinkEntity[]> {
    return this.repo
      .createQueryBuilder('link')
      .where("link.status = 'OPEN'")
      .andWhere('(link.last_synced_at IS NULL OR link.last_synced_at < :syncedBefore)', {
        syncedBefore,
      })
      .orderBy('link.last_synced_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('link.expires_at', 'ASC')
      .limit(limit)
      .getMany();
  }
}
