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

export const ONBOARDING_ITEM_STATUSES = ['pending', 'done', 'failed'] as const;
export type OnboardingItemStatus = (typeof ONBOARDING_ITEM_STATUSES)[number];

/**
 * One account of one onboarding job: the job's checkpoint. A job resumed after
 * a crash reads only items still pending, so finished accounts are not read again.
 */
@Entity({ name: 'onboarding_items' })
@Index('idx_onboarding_items_pending', ['jobId', 'status'])
export class OnboardingItemEntity {
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
  status!: OnboardingItemStatus;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
