import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';

export const REPORT_TRANSACTION_STATES = ['SUCCESSFUL', 'FAILED', 'PENDING'] as const;
export type ReportTransactionState = (typeof REPORT_TRANSACTION_STATES)[number];

/**
 * How an account's transactions are reported: whether the daily export runs, where its
 * business day starts (zone + minute), and which transaction states are fetched (each
 * state is its own Saferpay query, so only what is needed is asked for).
 */
@Entity({ name: 'transaction_report_settings' })
export class ReportSettingsEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @OneToOne(() => MerchantAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: MerchantAccountEntity;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'daily_enabled', type: 'boolean', default: false })
  dailyEnabled!: boolean;

  @Column({ name: 'time_zone', type: 'text', default: 'Europe/Zurich' })
  timeZone!: string;

  @Column({ name: 'day_start_minute', type: 'int', default: 0 })
  dayStartMinute!: number;

  @Column({
    name: 'transaction_states',
    type: 'text',
    array: true,
    default: () => "'{SUCCESSFUL}'",
  })
  transactionStates!: ReportTransactionState[];

  /** The last business day the daily export planned; the next plan catches up from here. */
  @Column({ name: 'daily_planned_through', type: 'date', nullable: true })
  dailyPlannedThrough!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
