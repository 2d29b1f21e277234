import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobsService } from '@api/jobs/jobs.service';
import type { JobEntity } from '@api/jobs/job.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import { OnboardingItemsRepository } from './onboarding-items.repository';

export const ONBOARDING_JOB = 'onboarding';

/** Starts onboarding jobs: one job, one checkpoint row per account. */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly jobs: JobsService,
    private readonly items: OnboardingItemsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly shopDocuments: ShopDocumentsService,
  ) {}

  /** After the starting transaction committed: run the job now, not at the next poll. */
  wakeWorkers(): void {
    this.jobs.wakeWorker();
  }

  /** Must run inside the transaction that created or changed the accounts. */
  async start(tenantId: string, accountIds: string[], manager: EntityManager): Promise<JobEntity> {
    const job = await this.jobs.enqueue(tenantId, ONBOARDING_JOB, {
      payload: { accountIds },
      maxAttempts: 10,
      manager,
    });
    await this.items.insertMany(tenantId, job.id, accountIds, manager);
    await this.accounts.setState(
      tenantId,
      accountIds,
      { state: 'pending', stateReason: null, stateDetail: null },
      manager,
    );
    await this.shopDocuments.accountsChanged(tenantId, accountIds, manager);
    return job;
  }
}
