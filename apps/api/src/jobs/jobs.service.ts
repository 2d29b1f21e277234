import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toPage } from '@platform/pagination';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { notFound } from '@api/common/problem/problem.exception';
import { JobDto, JobPageDto, ListJobsQueryDto } from './dto/job.dto';
import type { JobEntity } from './job.entity';
import { JobWorkerService } from './job-worker.service';
import { JobsRepository } from './jobs.repository';
import { SchedulerLock } from './scheduler-lock';

export interface EnqueueOptions {
  payload?: Record<string, unknown>;
  dedupeKey?: string;
  maxAttempts?: number;
  runAt?: Date;
  /** Enqueue inside the caller's transaction, so the job exists only if its data does. */
  manager?: EntityManager;
}

/** The queue as features see it: enqueue work, read the job resource. */
@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly worker: JobWorkerService,
    private readonly lock: SchedulerLock,
  ) {}

  /** `tenantId` null: a platform job (housekeeping, sweeps across tenants). */
  async enqueue(
    tenantId: string | null,
    type: string,
    options: EnqueueOptions = {},
  ): Promise<JobEntity> {
    const job = await this.jobs.enqueue({ tenantId, type, ...options }, options.manager);
    if (!options.manager) this.worker.poke();
    return job;
  }

  /**
   * The enqueue step of a platform job that a cron starts on every replica: one replica wins
   * the scheduler lock, and the dedupe key keeps it to one queued or running job.
   */
  async enqueueScheduled(type: string, maxAttempts: number): Promise<void> {
    await this.lock.runExclusive(type, (manager) =>
      this.jobs.enqueue({ tenantId: null, type, dedupeKey: type, maxAttempts }, manager),
    );
    this.worker.poke();
  }

  /** Lets this process's worker look for work now (call after the enqueuing transaction committed). */
  wakeWorker(): void {
    this.worker.poke();
  }

  async get(tenantId: string, id: string): Promise<JobDto> {
    const job = await this.jobs.findForTenant(tenantId, id);
    if (!job) throw notFound('Job', id);
    return JobDto.from(job);
  }

  async list(tenantId: string, query: ListJobsQueryDto): Promise<JobPageDto> {
    const rows = await this.jobs.listPage(tenantId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
      status: query.status,
      type: query.type,
    });
    const page = toPage(rows, query.limit);
    return { items: page.items.map((job) => JobDto.from(job)), nextCursor: page.nextCursor };
  }
}
