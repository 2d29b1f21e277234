import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { JobEntity, type JobError, type JobStatus } from './job.entity';
import { returnedRows } from '@api/common/database/returned-rows';

export interface NewJob {
  tenantId: string | null;
  type: string;
  payload?: Record<string, unknown>;
  dedupeKey?: string | null;
  maxAttempts?: number;
  runAt?: Date;
}

/** Queue storage. Writes by a worker are conditioned on it still holding the lease. */
@Injectable()
export class JobsRepository {
  constructor(@InjectRepository(JobEntity) private readonly repo: Repository<JobEntity>) {}

  private repository(manager?: EntityManager): Repository<JobEntity> {
    return manager?.getRepository(JobEntity) ?? this.repo;
  }

  /** Inserts a job; with a dedupe key already queued or running, returns that job instead. */
  async enqueue(job: NewJob, manager?: EntityManager): Promise<JobEntity> {
    const repo = this.repository(manager);
    if (job.dedupeKey) {
      const existing = await repo.findOneBy({
        dedupeKey: job.dedupeKey,
        status: In(['queued', 'running']),
      });
      if (existing) return existing;
    }
    const values = repo.create({
      tenantId: job.tenantId,
      type: job.type,
      payload: job.payload ?? {},
      dedupeKey: job.dedupeKey ?? null,
      maxAttempts: job.maxAttempts ?? 5,
      ...(job.runAt ? { runAt: job.runAt } : {}),
    });
    if (!job.dedupeKey) return repo.save(values);
    // Two enqueuers can pass the check above at once; the partial unique index decides.
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .into(JobEntity)
      .values(values as QueryDeepPartialEntity<JobEntity>) // jsonb payload: see finish()
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as { id?: string }[])[0]?.id;
    const stored = await repo.findOneBy(
      id ? { id } : { dedupeKey: job.dedupeKey, status: In(['queued', 'running']) },
    );
    if (!stored) throw new Error(`Job with dedupe key ${job.dedupeKey} vanished while enqueuing`);
    return stored;
  }

  /**
   * Fails the jobs whose lease expired after their last allowed attempt: their workers died
   * (or lost the lease) every time, so taking them over again would crash-loop replica after
   * replica. A graceful shutdown refunds its attempt, so only crashes and lost leases count.
   */
  async failAbandoned(): Promise<{ id: string; type: string; attempts: number }[]> {
    const rows: unknown = await this.repo.query(
      `UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL,
              finished_at = now(), updated_at = now(),
              error = jsonb_build_object('message', 'Its worker stopped during each of its '
                || attempts || ' attempts (a crash or a lost lease); not taken over again.')
        WHERE id IN (
          SELECT id FROM jobs
           WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts
           FOR UPDATE SKIP LOCKED)
        RETURNING id, type, attempts`,
    );
    return returnedRows<{ id: string; type: string; attempts: number }>(rows);
  }

  /**
   * Claims the next due job, or one whose worker's lease expired. SKIP LOCKED
   * lets concurrent workers claim different jobs without waiting on each other.
   * A worker never re-claims its own job: if its heartbeat was late, the job is
   * still running here, and the lost-lease check aborts it if another worker took it.
   */
  async claimNext(workerId: string, leaseMs: number): Promise<JobEntity | null> {
    const rows: unknown = await this.repo.query(
      `UPDATE jobs SET status = 'running', locked_by = $1,
              locked_until = now() + make_interval(secs => $2::double precision / 1000),
              attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
        WHERE id = (
          SELECT id FROM jobs
           WHERE (status = 'queued' AND run_at <= now())
              OR (status = 'running' AND locked_until < now() AND locked_by <> $1
                  AND attempts < max_attempts)
           ORDER BY run_at, created_at
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [workerId, leaseMs],
    );
    const id = returnedRows<{ id: string }>(rows)[0]?.id;
    return id ? this.repo.findOneBy({ id }) : null;
  }

  /** Extends the lease and stores progress; false when the worker no longer owns the job. */
  async heartbeat(
    id: string,
    workerId: string,
    leaseMs: number,
    progress: Partial<Pick<JobEntity, 'progressTotal' | 'progressDone' | 'progressFailed'>> = {},
  ): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(JobEntity)
      .set({
        ...(progress.progressTotal !== undefined ? { progressTotal: progress.progressTotal } : {}),
        // Counters only grow: concurrent reporters of one job may write out of order.
        ...(progress.progressDone !== undefined
          ? {
              progressDone: () =>
                `GREATEST(progress_done, ${Math.trunc(Number(progress.progressDone))})`,
            }
          : {}),
        ...(progress.progressFailed !== undefined
          ? {
              progressFailed: () =>
                `GREATEST(progress_failed, ${Math.trunc(Number(progress.progressFailed))})`,
            }
          : {}),
        lockedUntil: () => `now() + make_interval(secs => ${Number(leaseMs) / 1000})`,
      })
      .where({ id, lockedBy: workerId, status: 'running' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async finish(
    id: string,
    workerId: string,
    outcome:
      | { status: 'succeeded'; result: Record<string, unknown> | null }
      | { status: 'failed'; error: JobError },
  ): Promise<void> {
    // jsonb values are plain JSON; TypeORM's deep-partial type cannot see that through `unknown`.
    const values = { ...outcome, lockedBy: null, lockedUntil: null, finishedAt: new Date() };
    await this.repo.update(
      { id, lockedBy: workerId, status: 'running' },
      values as QueryDeepPartialEntity<JobEntity>,
    );
  }

  /** Puts a job back in the queue (a retry after backoff, or a release at shutdown). */
  async requeue(
    id: string,
    workerId: string,
    runAt: Date,
    error: JobError | null,
    options: { refundAttempt?: boolean } = {},
  ): Promise<void> {
    await this.repo.update(
      { id, lockedBy: workerId, status: 'running' },
      {
        status: 'queued',
        runAt,
        error,
        lockedBy: null,
        lockedUntil: null,
        // A planned continuation is not a failed attempt.
        ...(options.refundAttempt ? { attempts: () => 'GREATEST(attempts - 1, 0)' } : {}),
      },
    );
  }

  findForTenant(tenantId: string, id: string): Promise<JobEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  listPage(
    tenantId: string,
    options: { limit: number; after?: CursorPosition; status?: JobStatus; type?: string },
  ): Promise<JobEntity[]> {
    const query = this.repo
      .createQueryBuilder('job')
      .where('job.tenant_id = :tenantId', { tenantId });
    if (options.status) query.andWhere('job.status = :status', { status: options.status });
    if (options.type) query.andWhere('job.type = :type', { type: options.type });
    return keysetPage(query, {
      limit: options.limit,
      after: options.after,
      order: 'DESC',
    }).getMany();
  }

  async deleteFinishedBefore(before: Date): Promise<number> {
    const result = await this.repo.delete({
      status: In(['succeeded', 'failed', 'cancelled']),
      finishedAt: LessThan(before),
    });
    return result.affected ?? 0;
  }

  /** Jobs waiting to run, for readiness and metrics. */
  countQueued(): Promise<number> {
    return this.repo.countBy({ status: 'queued' });
  }
}
