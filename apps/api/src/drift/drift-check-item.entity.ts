import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { JobEntity } from '@api/jobs/job.entity';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';

export const DRIFT_ITEM_STATUSES = ['pending', 'retry_wait', 'done', 'failed', 'skipped'] as const;
export type DriftItemStatus = (typeof DRIFT_ITEM_STATUSES)[number];

/**
 * One account of one drift check (the check is its job). Finished in the same transaction
 * as the snapshot and events it produced, so a re-run after a crash skips it: each
 * account is checked once per cycle.
 */
@Entity({ name: 'drift_check_items' })
@Index('idx_drift_check_items_tenant', ['tenantId', 'accountId'])
export class DriftCheckItemEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => JobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job?: JobEntity;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: DriftItemStatus;

  /** Reads tried so far (a transient Saferpay failure waits and tries again). */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt!: Date | null;

  /** Set when done: did the snapshot change. */
  @Column({ type: 'boolean', nullable: true })
  changed!: boolean | null;

  @Column({ name: 'snapshot_version', type: 'int', nullable: true })
  snapshotVersion!: number | null;

  @Column({ name: 'event_count', type: 'int', default: 0 })
  eventCount!: number;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
