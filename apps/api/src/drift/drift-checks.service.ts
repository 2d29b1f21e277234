import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@api/config/app-config';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { FranchisesService } from '@api/franchises/franchises.service';
import { JobDto } from '@api/jobs/dto/job.dto';
import type { JobEntity } from '@api/jobs/job.entity';
import { JobsService } from '@api/jobs/jobs.service';
import type { AccountState } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { DriftCheckItemsRepository } from './drift-check-items.repository';
import {
  DriftScheduleDto,
  DriftCheckStartedDto,
  type StartDriftCheckDto,
  type UpdateDriftScheduleDto,
} from './dto/drift.dto';
import { DriftSchedulesRepository } from './drift-schedules.repository';

export const DRIFT_CHECK_JOB = 'drift.check';

/**
 * Accounts a drift check reads. Pending and onboarding ones are being read already,
 * disabled ones must not be, and rejected credentials are not retried until someone
 * changes them (repeated failed logins can lock the Saferpay user).
 */
export const DRIFT_CHECKED_STATES: readonly AccountState[] = [
  'ready',
  'non_compliant',
  'needs_attention',
];

export type DriftScope =
  | { kind: 'tenant' }
  | { kind: 'franchise'; franchiseId: string }
  | { kind: 'account'; accountId: string };

/** Starts drift checks (now, or from the schedule) and keeps each tenant's cadence. */
@Injectable()
export class DriftChecksService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly items: DriftCheckItemsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly franchises: FranchisesService,
    private readonly schedules: DriftSchedulesRepository,
  ) {}

  /** "Check now" for the tenant, a franchise or an account. */
  async checkNow(tenantId: string, body: StartDriftCheckDto): Promise<DriftCheckStartedDto> {
    if (body.franchiseId && body.accountId) {
      throw new ProblemException(
        'validationFailed',
        'Give a franchiseId or an accountId, not both.',
        [{ pointer: '/accountId', detail: 'leave out when franchiseId is given' }],
      );
    }
    const scope: DriftScope = body.accountId
      ? { kind: 'account', accountId: body.accountId }
      : body.franchiseId
        ? { kind: 'franchise', franchiseId: body.franchiseId }
        : { kind: 'tenant' };
    if (scope.kind === 'franchise') await this.franchises.get(tenantId, scope.franchiseId);
    if (scope.kind === 'account') {
      const account = await this.accounts.findById(tenantId, scope.accountId);
      if (!account) throw notFound('Merchant account', scope.accountId);
      if (!DRIFT_CHECKED_STATES.includes(account.state)) {
        throw new ProblemException(
          'conflict',
          `The account is ${account.state}; drift checks read accounts that are ${DRIFT_CHECKED_STATES.join(', ')}.`,
        );
      }
    }
    const started = await this.dataSource.transaction((manager) =>
      this.start(tenantId, scope, 'manual', manager),
    );
    this.jobs.wakeWorker();
    return { scope: scope.kind, accounts: started.accounts, job: JobDto.from(started.job!) };
  }

  /**
   * Enqueues one check (a job with one item per account) in the caller's transaction. A
   * check of the same scope still queued or running is reused, so "check now" twice, or
   * on two replicas, reads each account once.
   */
  async start(
    tenantId: string,
    scope: DriftScope,
    trigger: 'manual' | 'schedule',
    manager: EntityManager,
  ): Promise<{ job: JobEntity | null; accounts: number }> {
    const accountIds = await this.accounts.listIdsInStates(
      tenantId,
      DRIFT_CHECKED_STATES,
      {
        ...(scope.kind === 'franchise' ? { franchiseId: scope.franchiseId } : {}),
        ...(scope.kind === 'account' ? { accountId: scope.accountId } : {}),
      },
      manager,
    );
    // A scheduled cycle with nothing to read leaves no job behind; a manual one answers with its job.
    if (!accountIds.length && trigger === 'schedule') return { job: null, accounts: 0 };
    const job = await this.jobs.enqueue(tenantId, DRIFT_CHECK_JOB, {
      payload: { scope, trigger },
      dedupeKey: dedupeKey(tenantId, scope),
      maxAttempts: 10,
      manager,
    });
    await this.items.insertMany(tenantId, job.id, accountIds, manager);
    return { job, accounts: accountIds.length };
  }

  async getSchedule(tenantId: string): Promise<DriftScheduleDto> {
    const schedule = await this.schedules.find(tenantId);
    return schedule
      ? DriftScheduleDto.from(schedule)
      : {
          enabled: true,
          intervalMinutes: this.config.DRIFT_DEFAULT_INTERVAL_MINUTES,
          nextRunAt: null,
          lastJobId: null,
        };
  }

  /** A shorter interval takes effect at once (the next run moves closer), a longer one after the next run. */
  async updateSchedule(tenantId: string, body: UpdateDriftScheduleDto): Promise<DriftScheduleDto> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.schedules.find(tenantId, manager);
      const intervalMinutes =
        body.intervalMinutes ??
        current?.intervalMinutes ??
        this.config.DRIFT_DEFAULT_INTERVAL_MINUTES;
      const soonest = new Date(Date.now() + intervalMinutes * 60_000);
      const nextRunAt = current && current.nextRunAt < soonest ? current.nextRunAt : soonest;
      return this.schedules.save(
        tenantId,
        { enabled: body.enabled ?? current?.enabled ?? true, intervalMinutes, nextRunAt },
        manager,
      );
    });
    return DriftScheduleDto.from(saved);
  }
}

function dedupeKey(tenantId: string, scope: DriftScope): string {
  switch (scope.kind) {
    case 'tenant':
      return `drift:${tenantId}`;
    case 'franchise':
      return `drift:${tenantId}:franchise:${scope.franchiseId}`;
    case 'account':
      return `drift:${tenantId}:account:${scope.accountId}`;
  }
}
