import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { JobsService } from '@api/jobs/jobs.service';
import { SchedulerLock } from '@api/jobs/scheduler-lock';
import { DriftChecksService } from './drift-checks.service';
import { DriftSchedulesRepository } from './drift-schedules.repository';

const DRIFT_SCHEDULE = 'drift-schedule';

/**
 * Every replica ticks; under the scheduler lock one of them starts the checks that are
 * due and moves each schedule on in the same transaction, so a cycle starts once. The
 * per-tenant dedupe key keeps a cycle from overlapping a check of the same tenant still
 * running.
 */
@Injectable()
export class DriftScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly lock: SchedulerLock,
    private readonly schedules: DriftSchedulesRepository,
    private readonly checks: DriftChecksService,
    private readonly jobs: JobsService,
    private readonly logger: PinoLogger,
    // Present only when the scheduler is enabled (ScheduleModule is imported then).
    @Optional() private readonly registry?: SchedulerRegistry,
  ) {
    logger.setContext(DriftScheduler.name);
  }

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED || !this.registry) return;
    const timer = setInterval(() => {
      this.tick().catch((error: unknown) =>
        this.logger.error({ err: error }, 'Starting scheduled drift checks failed'),
      );
    }, this.config.DRIFT_SCHEDULER_TICK_MS);
    // Registered so the schedule module clears it at shutdown.
    this.registry.addInterval(DRIFT_SCHEDULE, timer);
  }

  /** Starts the checks that are due; returns how many tenants were due (0 on other replicas). */
  async tick(): Promise<number> {
    const started = await this.lock.runExclusive(DRIFT_SCHEDULE, async (manager) => {
      await this.schedules.createMissing(this.config.DRIFT_DEFAULT_INTERVAL_MINUTES, manager);
      const due = await this.schedules.listDue(100, manager);
      for (const schedule of due) {
        const { job } = await this.checks.start(
          schedule.tenantId,
          { kind: 'tenant' },
          'schedule',
          manager,
        );
        const jitterMs =
          Math.random() *
          Math.min(
            this.config.DRIFT_MAX_JITTER_MINUTES * 60_000,
            schedule.intervalMinutes * 6_000, // at most a tenth of the interval
          );
        await this.schedules.update(
          schedule.tenantId,
          {
            nextRunAt: new Date(Date.now() + schedule.intervalMinutes * 60_000 + jitterMs),
            ...(job ? { lastJobId: job.id } : {}),
          },
          manager,
        );
      }
      return due.length;
    });
    if (started) this.jobs.wakeWorker();
    return started ?? 0;
  }
}
