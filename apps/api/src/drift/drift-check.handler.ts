import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { SaferpayApiError } from '@platform/saferpay-client';
import { CapabilityRecorder } from '@api/compliance/capability-recorder';
import { AppConfig } from '@api/config/app-config';
import { forEachConcurrently, progressThrottle } from '@api/jobs/for-each-concurrently';
import {
  ContinueJobLater,
  JobHandler,
  stoppedEarly,
  type JobContext,
  type JobHandlerInstance,
} from '@api/jobs/job-handler.decorator';
import type { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { accountFailure } from '@api/onboarding/account-failure';
import { readAccount } from '@api/onboarding/read-account';
import { SaferpayClients } from '@api/saferpay/saferpay-clients';
import { SnapshotStore } from '@api/snapshots/snapshot-store';
import { EventPublisher } from '@api/webhooks/event-publisher';
import type { DriftCheckItemEntity } from './drift-check-item.entity';
import { DriftCheckItemsRepository } from './drift-check-items.repository';
import { DRIFT_CHECK_JOB, DRIFT_CHECKED_STATES } from './drift-checks.service';

/** Wait before the n-th retry of an account: base, 4×base, 16×base … with ±20 % jitter. */
export function driftRetryDelayMs(baseMs: number, attempt: number, random = Math.random): number {
  return Math.round(baseMs * 4 ** Math.max(0, attempt - 1) * (0.8 + 0.4 * random()));
}

/**
 * Re-reads each account of a check through the onboarding pipeline and records it
 * (snapshot only on change, diff events, compliance). Each account finishes in one
 * transaction with its checkpoint, so a re-run after a crash or on another replica reads
 * only the rest. A transient Saferpay failure waits with backoff (the job steps aside
 * meanwhile); a lasting one is reported on the account.
 */
@Injectable()
@JobHandler(DRIFT_CHECK_JOB)
export class DriftCheckHandler implements JobHandlerInstance {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly items: DriftCheckItemsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly merchantAccounts: MerchantAccountsService,
    private readonly saferpay: SaferpayClients,
    private readonly snapshots: SnapshotStore,
    private readonly recorder: CapabilityRecorder,
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(DriftCheckHandler.name);
  }

  async run({
    job,
    signal,
    stopping,
    reportProgress,
  }: JobContext): Promise<Record<string, unknown>> {
    const tenantId = job.tenantId!;
    const all = await this.items.listForJob(tenantId, job.id);
    const now = Date.now();
    const due = all.filter(
      (item) =>
        item.status === 'pending' ||
        (item.status === 'retry_wait' && (item.nextAttemptAt?.getTime() ?? 0) <= now),
    );
    const isFinished = (item: DriftCheckItemEntity) =>
      item.status !== 'pending' && item.status !== 'retry_wait';
    let done = all.filter(isFinished).length;
    let failed = all.filter((item) => item.status === 'failed').length;
    await reportProgress({ total: all.length, done, failed });

    const accounts = new Map(
      (
        await this.accounts.findByIds(
          tenantId,
          due.map((item) => item.accountId),
        )
      ).map((account) => [account.id, account]),
    );
    let evaluationMicros = 0;
    let evaluated = 0;
    const progressDue = progressThrottle();
    await forEachConcurrently(
      due,
      this.config.DRIFT_CONCURRENCY,
      stopping,
      async (item, queued) => {
        const result = await this.checkOne(
          tenantId,
          job.id,
          item,
          accounts.get(item.accountId),
          signal,
        );
        if (signal.aborted) return;
        if (result.evaluationMicros !== undefined) {
          evaluationMicros += result.evaluationMicros;
          evaluated += 1;
        }
        if (result.finished) done += 1;
        if (result.failed) failed += 1;
        if (progressDue(queued === 0)) await reportProgress({ done, failed });
      },
    );
    if (signal.aborted) return {};

    const items = await this.items.listForJob(tenantId, job.id);
    if (stopping.aborted && items.some((item) => item.status === 'pending')) throw stoppedEarly();
    await reportProgress({
      done: items.filter(isFinished).length,
      failed: items.filter((item) => item.status === 'failed').length,
    });
    const waiting = items.filter((item) => item.status === 'retry_wait');
    if (waiting.length) {
      const next = Math.min(...waiting.map((item) => item.nextAttemptAt?.getTime() ?? now));
      throw new ContinueJobLater(
        new Date(next),
        `${waiting.length} account${waiting.length === 1 ? '' : 's'} wait for another read after a transient Saferpay failure`,
      );
    }
    return summarize(items, { evaluationMicros, evaluated });
  }

  private async checkOne(
    tenantId: string,
    jobId: string,
    item: DriftCheckItemEntity,
    account: MerchantAccountEntity | undefined,
    signal: AbortSignal,
  ): Promise<{ finished: boolean; failed: boolean; evaluationMicros?: number }> {
    const attempts = item.attempts + 1;
    if (!account || !DRIFT_CHECKED_STATES.includes(account.state)) {
      // Disabled, re-onboarding or rejected since the check was queued: not read.
      await this.dataSource.transaction((manager) =>
        this.items.finish(
          tenantId,
          jobId,
          item.accountId,
          item.attempts,
          {
            status: 'skipped',
            errorCode: account ? `ACCOUNT_${account.state.toUpperCase()}` : 'ACCOUNT_GONE',
            errorMessage: account
              ? `The account is ${account.state}.`
              : 'The account no longer exists.',
          },
          manager,
        ),
      );
      return { finished: true, failed: false };
    }
    const client = this.saferpay.forEnvironment(account.environment);
    try {
      const credentials = {
        customerId: account.customerId,
        ...this.merchantAccounts.credentialsOf(account),
      };
      const reads = await readAccount(client, credentials, signal);
      const prepared = this.snapshots.prepare(reads);
      const outcome = await this.dataSource.transaction(async (manager) => {
        const recorded = await this.recorder.record(tenantId, account.id, prepared, {
          manager,
          driftCheckId: jobId,
        });
        await this.items.finish(
          tenantId,
          jobId,
          account.id,
          attempts,
          recorded.recorded
            ? {
                status: 'done',
                changed: recorded.changed,
                snapshotVersion: recorded.version,
                eventCount: recorded.events,
              }
            : {
                status: 'skipped',
                errorCode: 'ACCOUNT_DISABLED',
                errorMessage: 'The account is disabled.',
              },
          manager,
        );
        return recorded;
      });
      if (outcome.events) this.publisher.wake();
      return { finished: true, failed: false, evaluationMicros: outcome.evaluationMicros };
    } catch (error) {
      if (signal.aborted) return { finished: false, failed: false };
      const failure = accountFailure(error);
      if (!failure) throw error;
      const code = failure.stateReason ?? 'UNKNOWN';
      const message = failure.stateDetail ?? '';
      if (
        error instanceof SaferpayApiError &&
        error.retryable &&
        attempts < this.config.DRIFT_MAX_ATTEMPTS
      ) {
        const delay = driftRetryDelayMs(this.config.DRIFT_RETRY_BASE_MS, attempts);
        this.logger.warn(
          { accountId: account.id, reason: code, retryInMs: delay },
          'Drift check read failed; retrying later',
        );
        await this.items.retryLater(tenantId, jobId, account.id, {
          attempts,
          nextAttemptAt: new Date(Date.now() + delay),
          errorCode: code,
          errorMessage: message,
        });
        return { finished: false, failed: false };
      }
      this.logger.warn(
        { accountId: account.id, reason: code, attempts },
        'Drift check of an account failed',
      );
      const recorded = await this.dataSource.transaction(async (manager) => {
        const result = await this.recorder.recordFailure(tenantId, account.id, failure, {
          manager,
          driftCheckId: jobId,
        });
        await this.items.finish(
          tenantId,
          jobId,
          account.id,
          attempts,
          { status: 'failed', errorCode: code, errorMessage: message },
          manager,
        );
        return result;
      });
      if (recorded.events) this.publisher.wake();
      return { finished: true, failed: true };
    }
  }
}

function summarize(
  items: DriftCheckItemEntity[],
  timing: { evaluationMicros: number; evaluated: number },
): Record<string, unknown> {
  const count = (predicate: (item: DriftCheckItemEntity) => boolean) =>
    items.filter(predicate).length;
  return {
    accounts: items.length,
    changed: count((item) => item.status === 'done' && item.changed === true),
    unchanged: count((item) => item.status === 'done' && item.changed === false),
    failed: count((item) => item.status === 'failed'),
    skipped: count((item) => item.status === 'skipped'),
    events: items.reduce((sum, item) => sum + item.eventCount, 0),
    retried: count((item) => item.attempts > 1),
    // CPU time of diff + events + policy in this run (not in earlier runs of a resumed job).
    evaluation: {
      accounts: timing.evaluated,
      totalMs: Math.round(timing.evaluationMicros) / 1000,
      perAccountMicros: timing.evaluated
        ? Math.round(timing.evaluationMicros / timing.evaluated)
        : 0,
    },
    errors: items
      .filter((item) => item.status === 'failed')
      .map((item) => ({ ref: item.accountId, code: item.errorCode, message: item.errorMessage })),
  };
}
