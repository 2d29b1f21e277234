import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { CapabilityRecorder } from '@api/compliance/capability-recorder';
import { AppConfig } from '@api/config/app-config';
import { forEachConcurrently, progressThrottle } from '@api/jobs/for-each-concurrently';
import {
  JobHandler,
  stoppedEarly,
  type JobContext,
  type JobHandlerInstance,
} from '@api/jobs/job-handler.decorator';
import type { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { SaferpayClients } from '@api/saferpay/saferpay-clients';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import { SnapshotStore } from '@api/snapshots/snapshot-store';
import { EventPublisher } from '@api/webhooks/event-publisher';
import { accountFailure } from './account-failure';
import { OnboardingItemsRepository } from './onboarding-items.repository';
import { ONBOARDING_JOB } from './onboarding.service';
import { readAccount } from './read-account';

/**
 * Reads each account of the job from Saferpay and stores its snapshot. Each
 * account ends in one transaction (snapshot, account state, checkpoint), so a
 * crash leaves every account either finished or still pending, never half.
 */
@Injectable()
@JobHandler(ONBOARDING_JOB)
export class OnboardingHandler implements JobHandlerInstance {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly items: OnboardingItemsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly merchantAccounts: MerchantAccountsService,
    private readonly saferpay: SaferpayClients,
    private readonly snapshots: SnapshotStore,
    private readonly recorder: CapabilityRecorder,
    private readonly publisher: EventPublisher,
    private readonly shopDocuments: ShopDocumentsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(OnboardingHandler.name);
  }

  async run({
    job,
    signal,
    stopping,
    reportProgress,
  }: JobContext): Promise<Record<string, unknown>> {
    const tenantId = job.tenantId!;
    const all = await this.items.listForJob(tenantId, job.id);
    const pending = all.filter((item) => item.status === 'pending');
    let failed = all.filter((item) => item.status === 'failed').length;
    let done = all.length - pending.length;
    await reportProgress({ total: all.length, done, failed });

    const accounts = await this.accounts.findByIds(
      tenantId,
      pending.map((item) => item.accountId),
    );
    const progressDue = progressThrottle();
    await forEachConcurrently(
      accounts,
      this.config.ONBOARDING_CONCURRENCY,
      stopping,
      async (account, queued) => {
        // Disabled after the job was queued: never read, but the checkpoint moves on.
        const ok =
          account.state === 'disabled'
            ? (await this.skipDisabled(tenantId, job.id, account.id), true)
            : await this.onboardOne(tenantId, job.id, account, signal);
        if (signal.aborted) return;
        done += 1;
        if (!ok) failed += 1;
        if (progressDue(queued === 0)) await reportProgress({ done, failed });
      },
    );

    const finished = await this.items.listForJob(tenantId, job.id);
    if (stopping.aborted && finished.some((item) => item.status === 'pending')) {
      throw stoppedEarly();
    }
    // Throttled writes of concurrent workers may land out of order: end on the stored truth.
    if (!signal.aborted) {
      await reportProgress({
        done: finished.filter((item) => item.status !== 'pending').length,
        failed: finished.filter((item) => item.status === 'failed').length,
      });
    }
    return {
      accounts: finished.length,
      ready: finished.filter((item) => item.status === 'done').length,
      failed: finished.filter((item) => item.status === 'failed').length,
      errors: finished
        .filter((item) => item.status === 'failed')
        .map((item) => ({ ref: item.accountId, code: item.errorCode, message: item.errorMessage })),
    };
  }

  private async skipDisabled(tenantId: string, jobId: string, accountId: string): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.items.finish(tenantId, jobId, accountId, { status: 'done' }, manager),
    );
  }

  /** True when the account was read (ready or non_compliant); false when Saferpay's answer marked it. */
  private async onboardOne(
    tenantId: string,
    jobId: string,
    account: MerchantAccountEntity,
    signal: AbortSignal,
  ): Promise<boolean> {
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.setState(tenantId, [account.id], { state: 'onboarding' }, manager);
      await this.shopDocuments.accountsChanged(tenantId, [account.id], manager);
    });
    const client = this.saferpay.forEnvironment(account.environment);
    const credentials = {
      customerId: account.customerId,
      ...this.merchantAccounts.credentialsOf(account),
    };
    try {
      const reads = await readAccount(client, credentials, signal);
      const prepared = this.snapshots.prepare(reads);
      await this.dataSource.transaction(async (manager) => {
        await this.recorder.record(tenantId, account.id, prepared, { manager });
        await this.items.finish(tenantId, jobId, account.id, { status: 'done' }, manager);
      });
      this.publisher.wake();
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      const failure = accountFailure(error);
      if (!failure) throw error;
      this.logger.warn(
        { accountId: account.id, reason: failure.stateReason },
        'Onboarding an account failed',
      );
      await this.dataSource.transaction(async (manager) => {
        await this.recorder.recordFailure(tenantId, account.id, failure, { manager });
        await this.items.finish(
          tenantId,
          jobId,
          account.id,
          {
            status: 'failed',
            errorCode: failure.stateReason ?? 'UNKNOWN',
            errorMessage: failure.stateDetail ?? '',
          },
          manager,
        );
      });
      this.publisher.wake();
      return false;
    }
  }
}
