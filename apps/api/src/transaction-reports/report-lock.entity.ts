import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The per-Saferpay-customer report lease (`<environment>:<customerId>`): whoever holds an
 * unexpired row may send one GetTransactions request. Shared by every replica through the
 * database; a holder that dies loses it after REPORTING_LOCK_TTL_MS.
 */
@Entity({ name: 'transaction_report_locks' })
export class ReportLockEntity {
  @PrimaryColumn({ name: 'lock_key', type: 'text' })
  lockKey!: string;

  @Column({ type: 'text' })
  holder!: string;

  @Column({ name: 'acquired_at', type: 'timestamptz', precision: 3 })
  acquiredAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;
}
