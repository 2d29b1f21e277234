import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@api/config/app-config';
import { JobHandler, type JobHandlerInstance } from '@api/jobs/job-handler.decorator';
import { JobsService } from '@api/jobs/jobs.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

export const PRUNE_WEBHOOK_DELIVERIES = 'webhooks.prune-deliveries';

/**
 * Housekeeping: the delivery log is for investigating recent failures, so finished deliveries
 * past WEBHOOK_DELIVERY_RETENTION_DAYS are deleted once a day. Events stay (replay reads them).
 */
@Injectable()
@JobHandler(PRUNE_WEBHOOK_DELIVERIES)
export class PruneWebhookDeliveriesHandler implements JobHandlerInstance {
  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobsService,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_4AM, { name: PRUNE_WEBHOOK_DELIVERIES })
  schedule(): Promise<void> {
    return this.jobs.enqueueScheduled(PRUNE_WEBHOOK_DELIVERIES, 3);
  }

  async run(): Promise<Record<string, unknown>> {
    const days = this.config.WEBHOOK_DELIVERY_RETENTION_DAYS;
    const before = new Date(Date.now() - days * 86_400_000);
    const deleted = await this.deliveries.deleteFinishedBefore(before);
    return { deleted, before: before.toISOString() };
  }
}
