import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { OnboardingItemEntity } from './onboarding-item.entity';

@Injectable()
export class OnboardingItemsRepository {
  constructor(
    @InjectRepository(OnboardingItemEntity) private readonly repo: Repository<OnboardingItemEntity>,
  ) {}

  async insertMany(
    tenantId: string,
    jobId: string,
    accountIds: string[],
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(OnboardingItemEntity)
      .insert(
        accountIds.map((accountId) => ({ tenantId, jobId, accountId, status: 'pending' as const })),
      );
  }

  listForJob(tenantId: string, jobId: string): Promise<OnboardingItemEntity[]> {
    return this.repo.find({ where: { tenantId, jobId }, order: { accountId: 'ASC' } });
  }

  async finish(
    tenantId: string,
    jobId: string,
    accountId: string,
    outcome: { status: 'done' } | { status: 'failed'; errorCode: string; errorMessage: string },
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(OnboardingItemEntity)
      .update(
        { tenantId, jobId, accountId },
        outcome.status === 'done'
          ? { status: 'done', errorCode: null, errorMessage: null }
          : outcome,
      );
  }
}
