import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';

/**
 * A transaction as Saferpay's report listed it, stored once per account and transaction id
 * (a later report of the same id overwrites it: the upsert makes re-fetches harmless).
 */
@Entity({ name: 'report_transactions' })
@Index('idx_report_transactions_account_export', [
  'tenantId',
  'accountId',
  'occurredAt',
  'transactionId',
])
@Index('idx_report_transactions_franchise_export', [
  'tenantId',
  'franchiseId',
  'occurredAt',
  'transactionId',
])
export class ReportTransactionEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PrimaryColumn({ name: 'transaction_id', type: 'text' })
  transactionId!: string;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'franchise_id', type: 'uuid' })
  franchiseId!: string;

  /** SUCCESSFUL, FAILED or PENDING: the report query it came from. */
  @Column({ name: 'transaction_state', type: 'text' })
  transactionState!: string;

  /** AUTHORIZED, CAPTURED or CANCELED for successful ones. */
  @Column({ name: 'authorization_state', type: 'text', nullable: true })
  authorizationState!: string | null;

  /** PAYMENT or REFUND. */
  @Column({ type: 'text', nullable: true })
  type!: string | null;

  @Column({ name: 'terminal_id', type: 'text' })
  terminalId!: string;

  @Column({ name: 'terminal_type', type: 'text', nullable: true })
  terminalType!: string | null;

  @Column({ name: 'payment_method', type: 'text' })
  paymentMethod!: string;

  /** Authorization, failure or pending-since date (Zurich wall clock in the report). */
  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  @Column({ name: 'amount_value', type: 'bigint' })
  amountValue!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'captured_value', type: 'bigint', nullable: true })
  capturedValue!: string | null;

  @Column({ name: 'order_id', type: 'text', nullable: true })
  orderId!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId!: string;

  /** The transaction exactly as Saferpay sent it. */
  @Column({ type: 'jsonb' })
  raw!: Record<string, unknown>;

  @Column({ name: 'fetched_at', type: 'timestamptz', precision: 3 })
  fetchedAt!: Date;
}
