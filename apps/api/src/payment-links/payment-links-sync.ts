import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@api/config/app-config';
import {
  JobHandler,
  stoppedEarly,
  type JobContext,
  type JobHandlerInstance,
} from '@api/jobs/job-handler.decorator';
import { JobsService } from '@api/jobs/jobs.service';
import { PaymentLinksRepository } from './payment-links.repository';
import { PaymentLinksService } from './payment-links.service';

export const PAYMENT_LINKS_SYNC_JOB = 'payment-links.sync';

/**
 * The scheduled status sync of OPEN links, cron → enqueue only (one deduplicated platform
 * job, under the scheduler lock). One run reads at most PAYMENT_LINKS_SYNC_BATCH links not
 * read for PAYMENT_LINKS_SYNC_MIN_AGE_SECONDS, one after the other: bounded Saferpay load.
 */
@Injectable()
@JobHandler(PAYMENT_LINKS_SYNC_JOB)
export class PaymentLinksSync implements JobHandlerInstance {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly links: PaymentLinksRepository,
    private readonly service: PaymentLinksService,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: PAYMENT_LINKS_SYNC_JOB })
  schedule(): Promise<void> {
    return this.jobs.enqueueScheduled(PAYMENT_LINKS_SYNC_JOB, 1);
  }

  async run({ stopping, reportProgress }: JobContext): Promise<Record<string, unknown>> {
    const syncedBefore = new Date(
      Date.now() - this.config.PAYMENT_LINKS_SYNC_MIN_AGE_SECONDS * 1000,
    );
    const due = await this.links.dueForSync(syncedBefore, this.config.PAYMENT_LINKS_SYNC_BATCH);
    let done = 0;
    let failed = 0;
    await reportProgress({ total: due.length, done, failed });
    for (const link of due) {
      if (stopping.aborted) throw stoppedEarly();
      if (await this.service.syncById(link.tenantId, link.id)) done += 1;
      else failed += 1;
      await reportProgress({ done, failed });
    }
    return { links: due.length, synced: done, failed };
  }
}
