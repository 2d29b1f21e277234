import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobError {
  message: string;
  /** Per-item errors a handler chose to report (e.g. one per merchant account). */
  items?: { ref: string; message: string; code?: string }[];
}

/**
 * A unit of background work, claimed by one worker at a time with
 * `FOR UPDATE SKIP LOCKED` and a lease, so several API replicas share a queue.
 * Handlers persist their own per-item checkpoints; a job whose lease expires
 * (its worker died) is claimed again and resumes from them.
 */
@Entity({ name: 'jobs' })
@Index('idx_jobs_claimable', ['status', 'runAt'])
@Index('idx_jobs_tenant_page', ['tenantId', 'createdAt', 'id'])
@Index('uq_jobs_active_dedupe_key', ['dedupeKey'], {
  unique: true,
  where: `"status" IN ('queued', 'running')`,
})
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for platform housekeeping jobs that belong to no tenant. */
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: JobStatus;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: JobError | null;

  @Column({ name: 'progress_total', type: 'int', default: 0 })
  progressTotal!: number;

  @Column({ name: 'progress_done', type: 'int', default: 0 })
  progressDone!: number;

  @Column({ name: 'progress_failed', type: 'int', default: 0 })
  progressFailed!: number;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'int', default: 5 })
  maxAttempts!: number;

  /** At most one queued or running job per key (e.g. one drift cycle per tenant). */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey!: string | null;

  @Column({ name: 'run_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  runAt!: Date;

  @Column({ name: 'locked_by', type: 'text', nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'locked_until', type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
