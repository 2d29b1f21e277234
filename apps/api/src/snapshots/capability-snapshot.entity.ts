import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';

/**
 * One version of an account's capabilities. A new version is stored only when
 * the content hash changes; the raw Saferpay reads are kept beside it for audit.
 */
@Entity({ name: 'capability_snapshots' })
@Index('uq_capability_snapshots_version', ['accountId', 'version'], { unique: true })
@Index('idx_capability_snapshots_tenant', ['tenantId', 'accountId'])
export class CapabilitySnapshotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  @Column({ name: 'raw_reads', type: 'jsonb' })
  rawReads!: Record<string, unknown>;

  @Column({ name: 'read_at', type: 'timestamptz', precision: 3 })
  readAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
