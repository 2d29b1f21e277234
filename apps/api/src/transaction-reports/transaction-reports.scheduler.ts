import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { JobsService } from '@api/jobs/jobs.service';
import { SchedulerLock } from '@api/jobs/scheduler-lock';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { ReportWindowsRepository } from './report-windows.repository';
import { ruleOf, TransactionReportsService } from './transaction-reports.service';
import { addDays, latestReportableDay, SAFERPAY_TIME_ZONE, toWall } from './zoned-time';

const DAILY_REPORTS = 'transaction-reports-daily';
/** Settings read per query while looking for accounts to plan. */
const SETTINGS_PAGE = 1000;

/**
 * The daily export: every replica ticks; under the scheduler lock one of them plans, for each
 * account with the daily export on, the business days from the one after the last it planned
 * (at most REPORTING_DAILY_CATCH_UP_DAYS back, so days missed while the platform was down are
 * caught up) to the latest reportable one, once REPORTING_DAILY_AT (Zurich) has passed. It
 * records the day planned, so later ticks skip the account without a query of its own, and
 * plans at most REPORTING_ACCOUNTS_PER_TICK accounts per tick: the rest follow on the next.
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
      let planned = 0;
      let after: string | null = null;
      while (planned < this.config.REPORTING_ACCOUNTS_PER_TICK) {
        const page = await this.windows.dailyEnabled(after, SETTINGS_PAGE, manager);
        for (const settings of page) {
          const rule = ruleOf(settings);
          const day = latestReportableDay(now, rule);
          const days = this.daysToPlan(settings.dailyPlannedThrough, day);
          if (days.length === 0) continue;
          if (planned === this.config.REPORTING_ACCOUNTS_PER_TICK) break;
          planned += 1;
          const account = await this.accounts.findById(
            settings.tenantId,
            settings.accountId,
            manager,
          );
          if (!account) continue;
          const result = await this.reports.planAndEnqueue(
            account,
            rule,
            days,
            settings.transactionStates,
            { force: false, manager, dedupeKey: `transaction-reports:daily:${account.id}:${day}` },
          );
          await this.windows.markDailyPlanned(account.id, day, manager);
          if (result.created > 0 && result.job) jobs += 1;
        }
        if (page.length < SETTINGS_PAGE) break;
        after = page[page.length - 1].accountId;
      }
      return jobs;
    });
    if (enqueued) this.jobs.wakeWorker();
    return enqueued ?? 0;
  }

  /** The days after `plannedThrough` up to `latest` (a first plan: `latest` only). */
  private daysToPlan(plannedThrough: string | null, latest: string): string[] {
    if (plannedThrough === null) return [latest];
    const earliest = addDays(latest, 1 - this.config.REPORTING_DAILY_CATCH_UP_DAYS);
    const days: string[] = [];
    for (let day = latest; day > plannedThrough && day >= earliest; day = addDays(day, -1)) {
      days.unshift(day);
    }
    return days;
  }
}
