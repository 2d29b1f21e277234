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
import type { ReportTransactionState } from './report-settings.entity';

export const REPORT_WINDOW_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type ReportWindowStatus = (typeof REPORT_WINDOW_STATUSES)[number];

/**
 * One business day of one transaction state of an account: exactly one Saferpay query,
 * walked page by page. `pagesDone` is the checkpoint (committed with the page's rows), so a
 * crash resumes at the next page, and a `done` window is never requested again unless an
 * operator forces it (`forcedCount`).
 */
@Entity({ name: 'transaction_report_windows' })
@Index('uq_report_windows_day', ['accountId', 'transactionState', 'businessDay'], { unique: true })
@Index('idx_report_windows_tenant', ['tenantId', 'accountId', 'windowStart'])
export class ReportWindowEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => MerchantAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'transaction_state', type: 'text' })
  transactionState!: ReportTransactionState;

  /** The account's business day (`yyyy-mm-dd`) this window covers. */
  @Column({ name: 'business_day', type: 'text' })
  businessDay!: string;

  @Column({ name: 'window_start', type: 'timestamptz', precision: 3 })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz', precision: 3 })
  windowEnd!: Date;

  @Column({ type: 'text', default: 'pending' })
  status!: ReportWindowStatus;

  /** The PageSize Saferpay applied on page 1 (later pages are requested with it). */
  @Column({ name: 'page_size', type: 'int', nullable: true })
  pageSize!: number | null;

  @Column({ name: 'total_transactions', type: 'int', nullable: true })
  totalTransactions!: number | null;

  /** ceil(TotalTransactions / PageSize), known after page 1. */
  @Column({ name: 'pages_total', type: 'int', nullable: true })
  pagesTotal!: number | null;

  @Column({ name: 'pages_done', type: 'int', default: 0 })
  pagesDone!: number;

  @Column({ name: 'transactions_stored', type: 'int', default: 0 })
  transactionsStored!: number;

  /** GetTransactions requests that were answered and stored for this window (all runs). */
  @Column({ type: 'int', default: 0 })
  requests!: number;

  @Column({ name: 'forced_count', type: 'int', default: 0 })
  forcedCount!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'fetched_at', type: 'timestamptz', precision: 3, nullable: true })
  fetchedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
