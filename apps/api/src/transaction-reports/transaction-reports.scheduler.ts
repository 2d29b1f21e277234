import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { JobsService } from '@api/jobs/jobs.service';
import { SchedulerLock } from '@api/jobs/scheduler-lock';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { ReportWindowsRepository } from './report-windows.repository';
import { ruleOf, TransactionReportsService } from './transaction-reports.service';
import { latestReportableDay, SAFERPAY_TIME_ZONE, toWall } from './zoned-time';

const DAILY_REPORTS = 'transaction-reports-daily';
/** Accounts planned per tick; the rest follow on the next ticks. */
const ACCOUNTS_PER_TICK = 500;

/**
 * The daily export: every replica ticks; under the scheduler lock one of them plans the
 * previous business day of each account with the daily export on, once REPORTING_DAILY_AT
 * (Zurich) has passed, and enqueues a fetch job only when it created new windows, so a day
 * is planned once however many replicas or ticks see it.
 */
@Injectable()
export class TransactionReportsScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly lock: SchedulerLock,
    private readonly windows: ReportWindowsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly reports: TransactionReportsService,
    private readonly jobs: JobsService,
    private readonly logger: PinoLogger,
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {
    logger.setContext(TransactionReportsScheduler.name);
  }

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED || !this.registry) return;
    const timer = setInterval(() => {
      this.tick().catch((error: unknown) =>
        this.logger.error({ err: error }, 'Planning daily transaction reports failed'),
      );
    }, this.config.REPORTING_SCHEDULER_TICK_MS);
    this.registry.addInterval(DAILY_REPORTS, timer);
  }

  /** Plans due daily exports; returns how many jobs were enqueued (0 on other replicas). */
  async tick(now = new Date()): Promise<number> {
    const wall = toWall(SAFERPAY_TIME_ZONE, now);
    const clock = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
    if (clock < this.config.REPORTING_DAILY_AT) return 0;
    const enqueued = await this.lock.runExclusive(DAILY_REPORTS, async (manager) => {
      let jobs = 0;
      for (const settings of await this.windows.dailyEnabled(ACCOUNTS_PER_TICK, manager)) {
        const account = await this.accounts.findById(
          settings.tenantId,
          settings.accountId,
          manager,
        );
        if (!account) continue;
        const rule = ruleOf(settings);
        const day = latestReportableDay(now, rule);
        const planned = await this.reports.planAndEnqueue(
          account,
          rule,
          [day],
          settings.transactionStates,
          { force: false, manager, dedupeKey: `transaction-reports:daily:${account.id}:${day}` },
        );
        if (planned.created > 0 && planned.job) jobs += 1;
      }
      return jobs;
    });
    if (enqueued) this.jobs.wakeWorker();
    return enqueued ?? 0;
  }
}
