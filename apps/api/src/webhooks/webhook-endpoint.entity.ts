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
import type { EventType } from '@api/events/event.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

/** A signing secret as stored: AES-256-GCM ciphertext bound to the endpoint id. */
export interface StoredWebhookSecret {
  id: string;
  ciphertext: string;
  createdAt: string;
  /** Null for the current secret; a rotated-out one signs until then. */
  expiresAt: string | null;
}

/** Where a tenant wants its events POSTed, and the secrets that sign them. */
@Entity({ name: 'webhook_endpoints' })
@Index('idx_webhook_endpoints_tenant_page', ['tenantId', 'createdAt', 'id'])
export class WebhookEndpointEntity {
  /** Assigned by the app before insert: the secrets' ciphertexts are bound to it. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Event types delivered here; empty means every type. */
  @Column({ name: 'event_types', type: 'text', array: true, default: () => "'{}'" })
  eventTypes!: EventType[];

  @Column({ type: 'text', default: 'enabled' })
  status!: WebhookEndpointStatus;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', precision: 3, nullable: true })
  disabledAt!: Date | null;

  /** Newest last; never returned by the API (only metadata is). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  secrets!: StoredWebhookSecret[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
