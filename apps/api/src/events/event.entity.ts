import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { DRIFT_EVENT_TYPES } from '@platform/capabilities';
import { TenantEntity } from '@api/tenants/tenant.entity';

/** Every event type the platform emits: the drift types of `@platform/capabilities` and the webhook endpoint's own. */
export const EVENT_TYPES = [...DRIFT_EVENT_TYPES, 'webhook.endpoint_disabled'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** JSON carried in `before` / `after` (a recursive JSON type would defeat TypeORM's typings). */
export type EventJson = Record<string, unknown> | readonly unknown[] | string | number | boolean;

/**
 * Something that happened to a tenant's accounts or endpoints. Written in the same
 * transaction as the change that caused it (outbox): a crash never loses or doubles one.
 * Webhook deliveries are fanned out from these rows in that same transaction.
 */
@Entity({ name: 'events' })
@Index('idx_events_tenant_page', ['tenantId', 'createdAt', 'id'])
@Index('idx_events_tenant_account', ['tenantId', 'accountId', 'createdAt'])
@Index('idx_events_tenant_type', ['tenantId', 'type', 'createdAt'])
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  type!: EventType;

  /** Null for events about something other than an account (a webhook endpoint). */
  @Column({ name: 'franchise_id', type: 'uuid', nullable: true })
  franchiseId!: string | null;

  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId!: string | null;

  /** What the event is about: `{ kind, code, terminalKey?, paymentMethod?, currency? }`. */
  @Column({ type: 'jsonb' })
  subject!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  before!: EventJson | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: EventJson | null;

  /** One sentence for people. */
  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'snapshot_version_before', type: 'int', nullable: true })
  snapshotVersionBefore!: number | null;

  @Column({ name: 'snapshot_version_after', type: 'int', nullable: true })
  snapshotVersionAfter!: number | null;

  /** The drift check that found it, when one did. */
  @Column({ name: 'drift_check_id', type: 'uuid', nullable: true })
  driftCheckId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
