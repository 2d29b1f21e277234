import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@api/config/app-config';
import { JobHandler, type JobHandlerInstance } from './job-handler.decorator';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

export const PRUNE_JOBS = 'jobs.prune';

/** Housekeeping: deletes finished jobs past the retention period, once a day. */
@Injectable()
@JobHandler(PRUNE_JOBS)
export class PruneJobsHandler implements JobHandlerInstance {
  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobsRepository,
    private readonly queue: JobsService,
  ) {}

  /** The cron only enqueues: one job across replicas. */
  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: PRUNE_JOBS })
  schedule(): Promise<void> {
    return this.queue.enqueueScheduled(PRUNE_JOBS, 3);
  }

  async run(): Promise<Record<string, unknown>> {
    const before = new Date(Date.now() - this.config.JOBS_RETENTION_DAYS * 86_400_000);
    return { deleted: await this.jobs.deleteFinishedBefore(before), before: before.toISOString() };
  }
}
