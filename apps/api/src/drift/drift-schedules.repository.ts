import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository, type EntityManager } from 'typeorm';
import { DriftScheduleEntity } from './drift-schedule.entity';

/** Data access only; every method is scoped by the tenant id it is given (except the scheduler's due list). */
@Injectable()
export class DriftSchedulesRepository {
  constructor(
    @InjectRepository(DriftScheduleEntity)
    private readonly repo: Repository<DriftScheduleEntity>,
  ) {}

  private repository(manager?: EntityManager): Repository<DriftScheduleEntity> {
    return manager?.getRepository(DriftScheduleEntity) ?? this.repo;
  }

  find(tenantId: string, manager?: EntityManager): Promise<DriftScheduleEntity | null> {
    return this.repository(manager).findOneBy({ tenantId });
  }

  /**
   * Gives every tenant without one a schedule whose first run is at a random point of
   * the interval, so tenants created together do not all hit Saferpay at once.
   */
  async createMissing(intervalMinutes: number, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO drift_schedules (tenant_id, enabled, interval_minutes, next_run_at)
       SELECT t.id, true, $1, now() + random() * make_interval(mins => $1)
         FROM tenants t
        WHERE NOT EXISTS (SELECT 1 FROM drift_schedules s WHERE s.tenant_id = t.id)
       ON CONFLICT (tenant_id) DO NOTHING`,
      [intervalMinutes],
    );
  }

  /** Due schedules, oldest first; the caller holds the scheduler lock. */
  listDue(limit: number, manager: EntityManager): Promise<DriftScheduleEntity[]> {
    return this.repository(manager).find({
      where: { enabled: true, nextRunAt: LessThanOrEqual(new Date()) },
      order: { nextRunAt: 'ASC' },
      take: limit,
    });
  }

  async update(
    tenantId: string,
    values: Partial<Pick<DriftScheduleEntity, 'nextRunAt' | 'lastJobId'>>,
    manager: EntityManager,
  ): Promise<void> {
    await this.repository(manager).update({ tenantId }, values);
  }

  /** Creates or replaces the tenant's schedule. */
  async save(
    tenantId: string,
    values: Pick<DriftScheduleEntity, 'enabled' | 'intervalMinutes' | 'nextRunAt'>,
    manager?: EntityManager,
  ): Promise<DriftScheduleEntity> {
    const repo = this.repository(manager);
    await repo.upsert({ tenantId, ...values }, ['tenantId']);
    return (await repo.findOneBy({ tenantId }))!;
  }
}
