import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { DriftCheckItemEntity } from './drift-check-item.entity';

export type ItemOutcome =
  | { status: 'done'; changed: boolean; snapshotVersion: number; eventCount: number }
  | { status: 'failed'; errorCode: string; errorMessage: string }
  | { status: 'skipped'; errorCode: string; errorMessage: string };

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class DriftCheckItemsRepository {
  constructor(
    @InjectRepository(DriftCheckItemEntity)
    private readonly repo: Repository<DriftCheckItemEntity>,
  ) {}

  /** One pending item per account; an account already in the job is left as it is. */
  async insertMany(
    tenantId: string,
    jobId: string,
    accountIds: readonly string[],
    manager: EntityManager,
  ): Promise<void> {
    // 4 parameters per row; stay far below PostgreSQL's 65,535 bind parameters.
    for (let start = 0; start < accountIds.length; start += 5_000) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(DriftCheckItemEntity)
        .values(
          accountIds
            .slice(start, start + 5_000)
            .map((accountId) => ({ tenantId, jobId, accountId, status: 'pending' as const })),
        )
        .orIgnore()
        .execute();
    }
  }

  listForJob(tenantId: string, jobId: string): Promise<DriftCheckItemEntity[]> {
    return this.repo.find({ where: { tenantId, jobId }, order: { accountId: 'ASC' } });
  }

  async finish(
    tenantId: string,
    jobId: string,
    accountId: string,
    attempts: number,
    outcome: ItemOutcome,
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(DriftCheckItemEntity).update(
      { tenantId, jobId, accountId },
      {
        attempts,
        nextAttemptAt: null,
        ...(outcome.status === 'done'
          ? { ...outcome, errorCode: null, errorMessage: null }
          : outcome),
      },
    );
  }

  /** A transient failure: the account is read again at `nextAttemptAt`. */
  async retryLater(
    tenantId: string,
    jobId: string,
    accountId: string,
    values: { attempts: number; nextAttemptAt: Date; errorCode: string; errorMessage: string },
  ): Promise<void> {
    await this.repo.update({ tenantId, jobId, accountId }, { status: 'retry_wait', ...values });
  }
}
