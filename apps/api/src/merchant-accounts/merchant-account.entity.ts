import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FranchiseEntity } from '@api/franchises/franchise.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

export const SAFERPAY_ENVIRONMENTS = ['test', 'live'] as const;
export type SaferpayEnvironment = (typeof SAFERPAY_ENVIRONMENTS)[number];

export const ACCOUNT_STATES = [
  'pending',
  'onboarding',
  'ready',
  'non_compliant',
  'credentials_rejected',
  'needs_attention',
  'disabled',
] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** Readable and usable for payments (`non_compliant` only lacks what the franchise requires). */
export const OPERATIONAL_ACCOUNT_STATES: readonly AccountState[] = ['ready', 'non_compliant'];

/** The latest snapshot judged against the franchise policy (`ComplianceResult` plus provenance). */
export interface AccountCompliance {
  compliant: boolean;
  gaps: {
    kind: string;
    code: string;
    terminalType?: string;
    paymentMethod?: string;
    currency?: string;
    message: string;
  }[];
  /** 0 when the franchise has no policy. */
  policyVersion: number;
  snapshotVersion: number;
  evaluatedAt: string;
}

/**
 * A Saferpay merchant account of a franchise. The JSON API credentials are one
 * AES-256-GCM ciphertext bound to this row's id; they are never returned.
 */
@Entity({ name: 'merchant_accounts' })
@Index('uq_merchant_accounts_customer', ['tenantId', 'franchiseId', 'customerId', 'environment'], {
  unique: true,
})
@Index('idx_merchant_accounts_page', ['tenantId', 'franchiseId', 'createdAt', 'id'])
export class MerchantAccountEntity {
  /** Assigned by the app before insert: the credentials' ciphertext is bound to it. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ name: 'franchise_id', type: 'uuid' })
  franchiseId!: string;

  @ManyToOne(() => FranchiseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'franchise_id' })
  franchise?: FranchiseEntity;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  environment!: SaferpayEnvironment;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'credentials_ciphertext', type: 'text' })
  credentialsCiphertext!: string;

  @Column({ type: 'text', default: 'pending' })
  state!: AccountState;

  /** Saferpay's ErrorName (or our own code) behind `needs_attention`/`credentials_rejected`. */
  @Column({ name: 'state_reason', type: 'text', nullable: true })
  stateReason!: string | null;

  /** A sentence a franchise manager understands. */
  @Column({ name: 'state_detail', type: 'text', nullable: true })
  stateDetail!: string | null;

  @Column({ name: 'latest_snapshot_version', type: 'int', nullable: true })
  latestSnapshotVersion!: number | null;

  @Column({ name: 'last_read_at', type: 'timestamptz', precision: 3, nullable: true })
  lastReadAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  compliance!: AccountCompliance | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
