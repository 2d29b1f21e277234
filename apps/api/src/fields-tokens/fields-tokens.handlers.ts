import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@api/config/app-config';
import {
  JobHandler,
  PermanentJobError,
  type JobContext,
  type JobHandlerInstance,
} from '@api/jobs/job-handler.decorator';
import { JobsService } from '@api/jobs/jobs.service';
import { SchedulerLock } from '@api/jobs/scheduler-lock';
import {
  FIELDS_TOKENS_ROTATE_JOB,
  FIELDS_TOKENS_SETTLE_JOB,
  FIELDS_TOKENS_SWEEP_JOB,
  rotateDedupeKey,
  settleDedupeKey,
} from './fields-token-jobs';
import { FieldsTokensRepository } from './fields-tokens.repository';
import { FieldsTokensService } from './fields-tokens.service';

function payloadId(context: JobContext, key: string): string {
  const value = context.job.payload?.[key];
  if (typeof value !== 'string' || !context.job.tenantId) {
    throw new PermanentJobError(`job payload lacks ${key} or tenant`);
  }
  return value;
}

const SWEEP_RUN_LOCK = `${FIELDS_TOKENS_SWEEP_JOB}:run`;

/** One token's pending Saferpay work: recover, retire or revoke. A failure retries the job. */
@Injectable()
@JobHandler(FIELDS_TOKENS_SETTLE_JOB)
export class SettleFieldsTokenHandler implements JobHandlerInstance {
  constructor(private readonly tokens: FieldsTokensService) {}

  async run(context: JobContext): Promise<Record<string, unknown>> {
    const tokenId = payloadId(context, 'tokenId');
    return { tokenId, outcome: await this.tokens.settle(context.job.tenantId!, tokenId) };
  }
}

/** Rotates one shop's token (its source URLs changed, or the token is too old). */
@Injectable()
@JobHandler(FIELDS_TOKENS_ROTATE_JOB)
export class RotateFieldsTokenHandler implements JobHandlerInstance {
  constructor(private readonly tokens: FieldsTokensService) {}

  async run(context: JobContext): Promise<Record<string, unknown>> {
    const shopId = payloadId(context, 'shopId');
    return { shopId, outcome: await this.tokens.rotateIfNeeded(context.job.tenantId!, shopId) };
  }
}

/**
 * The scheduled sweep, cron → enqueue only: finds stale intents, due
 * deletions and tokens past the maximum age across tenants and enqueues one
 * deduplicated job each. Also run once at start-up, so work left by a crash
 * resumes without waiting for the next minute.
 */
@Injectable()
@JobHandler(FIELDS_TOKENS_SWEEP_JOB)
export class SweepFieldsTokensHandler implements JobHandlerInstance, OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly lock: SchedulerLock,
    private readonly jobs: JobsService,
    private readonly tokens: FieldsTokensRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(SweepFieldsTokensHandler.name);
  }

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_WORKER_ENABLED) return;
    this.schedule().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Enqueuing the start-up Fields token sweep failed'),
    );
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: FIELDS_TOKENS_SWEEP_JOB })
  schedule(): Promise<void> {
    return this.jobs.enqueueScheduled(FIELDS_TOKENS_SWEEP_JOB, 3);
  }

  async run(): Promise<Record<string, unknown>> {
    const now = Date.now();
    // Its own lock, not the enqueue step's: a replica enqueuing the next sweep must not make
    // this run skip its work (seen with two replicas starting at once).
    const result = await this.lock.runExclusive(SWEEP_RUN_LOCK, async (manager) => {
      const stale = await this.tokens.staleProvisioning(
        new Date(now - this.config.FIELDS_TOKEN_RECOVERY_SECONDS * 1000),
        manager,
      );
      const deletions = await this.tokens.dueDeletions(new Date(now), manager);
      const old = await this.tokens.activeOlderThan(
        new Date(now - this.config.FIELDS_TOKEN_MAX_AGE_DAYS * 86_400_000),
        manager,
      );
      for (const token of [...stale, ...deletions]) {
        await this.enqueue(
          manager,
          token.tenantId,
          FIELDS_TOKENS_SETTLE_JOB,
          settleDedupeKey(token.id),
          { tokenId: token.id },
        );
      }
      for (const token of old.filter((t) => t.shopId !== null)) {
        await this.enqueue(
          manager,
          token.tenantId,
          FIELDS_TOKENS_ROTATE_JOB,
          rotateDedupeKey(token.shopId!),
          { shopId: token.shopId, reason: 'max_age' },
        );
      }
      return { recover: stale.length, delete: deletions.length, rotate: old.length };
    });
    return result ?? { skipped: 'another replica is sweeping' };
  }

  private async enqueue(
    manager: EntityManager,
    tenantId: string,
    type: string,
    dedupeKey: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    await this.jobs.enqueue(tenantId, type, { manager, dedupeKey, payload, maxAttempts: 10 });
  }
}
