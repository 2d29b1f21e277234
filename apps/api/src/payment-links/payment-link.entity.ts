import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

/** Saferpay's offer states, plus ours before (CREATING) and instead of (FAILED) an offer. */
export const PAYMENT_LINK_STATUSES = [
  'CREATING',
  'OPEN',
  'PAID',
  'EXPIRED',
  'DISABLED',
  'FAILED',
] as const;
export type PaymentLinkStatus = (typeof PAYMENT_LINK_STATUSES)[number];

/** Statuses Saferpay reports for an offer (GetSpgOffer `Status`). */
export const SAFERPAY_OFFER_STATUSES = ['OPEN', 'PAID', 'EXPIRED', 'DISABLED'] as const;

/**
 * A Secure PayGate single-use payment link, and before that the intent to create one: the
 * row is written (`CREATING`, with its Saferpay-RequestId and the exact request) before
 * Saferpay is called, so a retried create (same Idempotency-Key) re-sends the same request
 * with the same RequestId instead of making a second offer.
 */
@Entity({ name: 'payment_links' })
@Index('uq_payment_links_idempotency', ['tenantId', 'idempotencyKeyHash'], {
  unique: true,
  where: '"idempotency_key_hash" IS NOT NULL',
})
@Index('idx_payment_links_account_page', ['tenantId', 'accountId', 'createdAt', 'id'])
@Index('idx_payment_links_franchise_page', ['tenantId', 'franchiseId', 'createdAt', 'id'])
@Index('idx_payment_links_sync', ['status', 'lastSyncedAt'])
export class PaymentLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ name: 'franchise_id', type: 'uuid' })
  franchiseId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'terminal_id', type: 'text' })
  terminalId!: string;

  @Column({ type: 'text' })
  status!: PaymentLinkStatus;

  /** Saferpay's OfferId; null until Saferpay confirmed the create. Part of the link: not logged. */
  @Column({ name: 'offer_id', type: 'uuid', nullable: true })
  offerId!: string | null;

  @Column({ name: 'payment_link', type: 'text', nullable: true })
  paymentLink!: string | null;

  /** The Saferpay-RequestId of the create; every retry of it sends this same id. */
  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** SHA-256 of the client's Idempotency-Key (unique per tenant); the key itself is not kept. */
  @Column({ name: 'idempotency_key_hash', type: 'char', length: 64, nullable: true })
  idempotencyKeyHash!: string | null;

  /** SHA-256 of the normalized create body: the same key with another body is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** The Saferpay create request exactly as sent (and re-sent by a retry). */
  @Column({ name: 'saferpay_request', type: 'jsonb' })
  saferpayRequest!: Record<string, unknown>;

  /** Minor units, as a decimal string (bigint). */
  @Column({ name: 'amount_value', type: 'bigint' })
  amountValue!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'order_id', type: 'text' })
  orderId!: string;

  @Column({ type: 'text' })
  description!: string;

  /** As sent (`yyyy-MM-ddTHH:mm:ssK`), and as an instant. */
  @Column({ name: 'expiration_text', type: 'text' })
  expirationText!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  /** Set once Saferpay reports the offer PAID. */
  @Column({ name: 'transaction_id', type: 'text', nullable: true })
  transactionId!: string | null;

  /** Until when one create call owns the intent (a concurrent retry waits instead of calling). */
  @Column({ name: 'call_locked_until', type: 'timestamptz', precision: 3, nullable: true })
  callLockedUntil!: Date | null;

  @Column({ name: 'last_synced_at', type: 'timestamptz', precision: 3, nullable: true })
  lastSyncedAt!: Date | null;

  /** Saferpay's ErrorName (or the error kind) of the last failed call. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', precision: 3, nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
