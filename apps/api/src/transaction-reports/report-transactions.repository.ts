import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ReportTransactionEntity } from './report-transaction.entity';

export type ReportTransactionRow = Omit<ReportTransactionEntity, 'account'>;

export interface ExportFilter {
  tenantId: string;
  accountId?: string;
  franchiseId?: string;
  from?: Date;
  to?: Date;
  /** SUCCESSFUL/FAILED/PENDING, or AUTHORIZED/CAPTURED/CANCELED (successful ones by state). */
  state?: string;
  terminalId?: string;
  paymentMethod?: string;
}

export type ExportRow = Omit<ReportTransactionRow, 'raw'> & { raw?: Record<string, unknown> };

const AUTHORIZATION_STATES = ['AUTHORIZED', 'CAPTURED', 'CANCELED'];
const COLUMNS = [
  'accountId',
  'transactionId',
  'tenantId',
  'franchiseId',
  'transactionState',
  'authorizationState',
  'type',
  'terminalId',
  'terminalType',
  'paymentMethod',
  'occurredAt',
  'amountValue',
  'currency',
  'capturedValue',
  'orderId',
  'description',
  'windowId',
  'fetchedAt',
] as const;

/** Reported transactions; every read is scoped by the filter's tenant id. */
@Injectable()
export class ReportTransactionsRepository {
  constructor(
    @InjectRepository(ReportTransactionEntity)
    private readonly repo: Repository<ReportTransactionEntity>,
  ) {}

  /** One page's transactions in one statement; a known (account, id) is overwritten. */
  async upsert(rows: ReportTransactionRow[], manager: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await manager
      .getRepository(ReportTransactionEntity)
      .createQueryBuilder()
      .insert()
      .into(ReportTransactionEntity)
      // jsonb `raw`: TypeORM serializes it; its deep-partial type just cannot say so.
      .values(rows as QueryDeepPartialEntity<ReportTransactionEntity>[])
      .orUpdate(
        [
          'transaction_state',
          'authorization_state',
          'type',
          'terminal_id',
          'terminal_type',
          'payment_method',
          'occurred_at',
          'amount_value',
          'currency',
          'captured_value',
          'order_id',
          'description',
          'window_id',
          'raw',
          'fetched_at',
        ],
        ['account_id', 'transaction_id'],
      )
      .execute();
  }

  count(tenantId: string, accountId: string): Promise<number> {
    return this.repo.countBy({ tenantId, accountId });
  }

  /**
   * The filtered transactions in (occurredAt, accountId, transactionId) order, `batchSize`
   * rows per query after the last one seen (keyset), so memory stays flat whatever the count.
   */
  async *batches(
    filter: ExportFilter,
    options: { batchSize: number; withRaw: boolean },
  ): AsyncGenerator<ExportRow[]> {
    let after: { occurredAt: Date; accountId: string; transactionId: string } | undefined;
    for (;;) {
      const query = this.repo
        .createQueryBuilder('t')
        .select(COLUMNS.map((c) => `t.${c}`))
        .where('t.tenant_id = :tenantId', filter);
      if (options.withRaw) query.addSelect('t.raw');
      if (filter.accountId) query.andWhere('t.account_id = :accountId', filter);
      if (filter.franchiseId) query.andWhere('t.franchise_id = :franchiseId', filter);
      if (filter.from) query.andWhere('t.occurred_at >= :from', filter);
      if (filter.to) query.andWhere('t.occurred_at < :to', filter);
      if (filter.terminalId) query.andWhere('t.terminal_id = :terminalId', filter);
      if (filter.paymentMethod) query.andWhere('t.payment_method = :paymentMethod', filter);
      if (filter.state && AUTHORIZATION_STATES.includes(filter.state)) {
        query.andWhere('t.authorization_state = :state', filter);
      } else if (filter.state) {
        query.andWhere('t.transaction_state = :state', filter);
      }
      if (after) {
        query.andWhere(
          '(t.occurred_at, t.account_id, t.transaction_id) > (:afterAt, :afterAccount, :afterId)',
          {
            afterAt: after.occurredAt,
            afterAccount: after.accountId,
            afterId: after.transactionId,
          },
        );
      }
      const rows = await query
        .orderBy('t.occurred_at', 'ASC')
        .addOrderBy('t.account_id', 'ASC')
        .addOrderBy('t.transaction_id', 'ASC')
        .limit(options.batchSize)
        .getMany();
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      after = {
        occurredAt: last.occurredAt,
        accountId: last.accountId,
        transactionId: last.transactionId,
      };
      if (rows.length < options.batchSize) return;
    }
  }
}
