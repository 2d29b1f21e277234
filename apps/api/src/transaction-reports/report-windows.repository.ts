import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { OPERATIONAL_ACCOUNT_STATES } from '@api/merchant-accounts/merchant-account.entity';
import { ReportSettingsEntity, type ReportTransactionState } from './report-settings.entity';
import { ReportWindowEntity } from './report-window.entity';

export interface WindowPlan {
  transactionState: ReportTransactionState;
  businessDay: string;
  windowStart: Date;
  windowEnd: Date;
}

export type WindowCheckpoint = Partial<
  Pick<
    ReportWindowEntity,
    | 'status'
    | 'pageSize'
    | 'totalTransactions'
    | 'pagesTotal'
    | 'pagesDone'
    | 'lastError'
    | 'fetchedAt'
  >
> & { addStored?: number; addRequests?: number };

/** Report settings and windows; every method is scoped by the tenant id it is given (the scheduler's finder excepted). */
@Injectable()
export class ReportWindowsRepository {
  constructor(
    @InjectRepository(ReportWindowEntity) private readonly windows: Repository<ReportWindowEntity>,
    @InjectRepository(ReportSettingsEntity)
    private readonly settings: Repository<ReportSettingsEntity>,
  ) {}

  private windowRepo(manager?: EntityManager): Repository<ReportWindowEntity> {
    return manager?.getRepository(ReportWindowEntity) ?? this.windows;
  }

  findSettings(
    tenantId: string,
    accountId: string,
    manager?: EntityManager,
  ): Promise<ReportSettingsEntity | null> {
    const repo = manager?.getRepository(ReportSettingsEntity) ?? this.settings;
    return repo.findOneBy({ tenantId, accountId });
  }

  async saveSettings(
    tenantId: string,
    accountId: string,
    values: Pick<
      ReportSettingsEntity,
      'dailyEnabled' | 'timeZone' | 'dayStartMinute' | 'transactionStates'
    > &
      Partial<Pick<ReportSettingsEntity, 'dailyPlannedThrough'>>,
  ): Promise<ReportSettingsEntity> {
    await this.settings.upsert({ ...values, tenantId, accountId }, ['accountId']);
    return (await this.findSettings(tenantId, accountId))!;
  }

  /**
   * Settings with the daily export on, of accounts that can be read (across tenants), in
   * account id order after `afterAccountId` (keyset pages).
   */
  dailyEnabled(
    afterAccountId: string | null,
    limit: number,
    manager: EntityManager,
  ): Promise<ReportSettingsEntity[]> {
    const query = manager
      .getRepository(ReportSettingsEntity)
      .createQueryBuilder('s')
      .innerJoin('s.account', 'a')
      .where('s.daily_enabled = true')
      .andWhere('a.state IN (:...states)', { states: [...OPERATIONAL_ACCOUNT_STATES] });
    if (afterAccountId) query.andWhere('s.account_id > :afterAccountId', { afterAccountId });
    return query.orderBy('s.account_id').limit(limit).getMany();
  }

  markDailyPlanned(accountId: string, day: string, manager: EntityManager): Promise<unknown> {
    return manager
      .getRepository(ReportSettingsEntity)
      .update({ accountId }, { dailyPlannedThrough: day });
  }

  /**
   * Creates the windows that do not exist yet (ON CONFLICT DO NOTHING: concurrent planners
   * agree) and returns all of them. With `force`, finished ones are reset to be fetched again.
   */
  async ensure(
    tenantId: string,
    accountId: string,
    plans: WindowPlan[],
    options: { force: boolean; manager: EntityManager },
  ): Promise<{ windows: ReportWindowEntity[]; created: number; forced: number }> {
    const repo = this.windowRepo(options.manager);
    if (plans.length === 0) return { windows: [], created: 0, forced: 0 };
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .into(ReportWindowEntity)
      .values(plans.map((plan) => ({ ...plan, tenantId, accountId, status: 'pending' as const })))
      .orIgnore()
      .returning('id')
      .execute();
    const created = (inserted.raw as unknown[]).length;
    const keys = plans.map((p) => `${p.transactionState}|${p.businessDay}`);
    let windows = (
      await repo.find({
        where: {
          tenantId,
          accountId,
          businessDay: In([...new Set(plans.map((p) => p.businessDay))]),
        },
        order: { windowStart: 'ASC', transactionState: 'ASC' },
      })
    ).filter((w) => keys.includes(`${w.transactionState}|${w.businessDay}`));
    let forced = 0;
    if (options.force) {
      const reset = windows.filter((w) => w.status === 'done' || w.status === 'failed');
      forced = reset.length;
      if (reset.length) {
        await repo
          .createQueryBuilder()
          .update(ReportWindowEntity)
          .set({
            status: 'pending',
            pagesDone: 0,
            pageSize: null,
            totalTransactions: null,
            pagesTotal: null,
            transactionsStored: 0,
            lastError: null,
            forcedCount: () => 'forced_count + 1',
          })
          .where('tenant_id = :tenantId AND id IN (:...ids)', {
            tenantId,
            ids: reset.map((w) => w.id),
          })
          .execute();
        windows = await repo.find({
          where: { tenantId, id: In(windows.map((w) => w.id)) },
          order: { windowStart: 'ASC', transactionState: 'ASC' },
        });
      }
    }
    return { windows, created, forced };
  }

  /** Windows of the account and state that overlap [start, end) but belong to another day. */
  overlapping(
    tenantId: string,
    accountId: string,
    plan: WindowPlan,
    manager?: EntityManager,
  ): Promise<ReportWindowEntity[]> {
    return this.windowRepo(manager)
      .createQueryBuilder('w')
      .where('w.tenant_id = :tenantId AND w.account_id = :accountId', { tenantId, accountId })
      .andWhere('w.transaction_state = :state AND w.business_day <> :day', {
        state: plan.transactionState,
        day: plan.businessDay,
      })
      .andWhere('w.window_start < :end AND w.window_end > :start', {
        start: plan.windowStart,
        end: plan.windowEnd,
      })
      .getMany();
  }

  findById(tenantId: string, id: string): Promise<ReportWindowEntity | null> {
    return this.windows.findOneBy({ tenantId, id });
  }

  listByIds(tenantId: string, ids: string[]): Promise<ReportWindowEntity[]> {
    return this.windows.find({
      where: { tenantId, id: In(ids) },
      order: { windowStart: 'ASC', transactionState: 'ASC' },
    });
  }

  listForAccount(
    tenantId: string,
    accountId: string,
    range: { fromDay?: string; toDay?: string; limit: number },
  ): Promise<ReportWindowEntity[]> {
    const query = this.windows
      .createQueryBuilder('w')
      .where('w.tenant_id = :tenantId AND w.account_id = :accountId', { tenantId, accountId });
    if (range.fromDay) query.andWhere('w.business_day >= :fromDay', range);
    if (range.toDay) query.andWhere('w.business_day <= :toDay', range);
    return query
      .orderBy('w.window_start', 'DESC')
      .addOrderBy('w.transaction_state', 'ASC')
      .limit(range.limit)
      .getMany();
  }

  /**
   * Records a page: only if the checkpoint is still where the caller read it, so a page is
   * never counted twice. True when written.
   */
  async checkpoint(
    tenantId: string,
    id: string,
    expectedPagesDone: number,
    change: WindowCheckpoint,
    manager?: EntityManager,
  ): Promise<boolean> {
    const { addStored, addRequests, ...values } = change;
    const result = await this.windowRepo(manager)
      .createQueryBuilder()
      .update(ReportWindowEntity)
      .set({
        ...values,
        ...(addStored ? { transactionsStored: () => `transactions_stored + ${addStored}` } : {}),
        ...(addRequests ? { requests: () => `requests + ${addRequests}` } : {}),
      })
      .where('tenant_id = :tenantId AND id = :id AND pages_done = :expectedPagesDone', {
        tenantId,
        id,
        expectedPagesDone,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
