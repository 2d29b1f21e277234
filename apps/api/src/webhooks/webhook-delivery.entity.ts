import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { EventEntity } from '@api/events/event.entity';
import { TenantEntity } from '@api/tenants/tenant.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event on its way to one endpoint: written with the event (outbox), then
 * claimed by a dispatcher under a lease, attempted until it succeeds, fails or
 * is cancelled. A replay is a new row pointing at the one it repeats.
 */
@Entity({ name: 'webhook_deliveries' })
// Fan-out writes one original delivery per (endpoint, event); replays are extra rows.
@Index('uq_webhook_deliveries_endpoint_event', ['endpointId', 'eventId'], {
  unique: true,
  where: '"replay_of" IS NULL',
})
// What dispatchers claim: pending and due.
@Index('idx_webhook_deliveries_due', ['nextAttemptAt'], { where: '"status" = \'pending\'' })
@Index('idx_webhook_deliveries_endpoint_page', ['endpointId', 'createdAt', 'id'])
@Index('idx_webhook_deliveries_event', ['eventId'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpointEntity;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: EventEntity;

  @Column({ type: 'text', default: 'pending' })
  status!: WebhookDeliveryStatus;

  /** Attempts started; incremented when claimed, so it also fences a stale worker's writes. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** When the next attempt is due; null once the delivery is final. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3, nullable: true })
  nextAttemptAt!: Date | null;

  /** A dispatcher's lease: nobody else claims the row before this. */
  @Column({ name: 'locked_until', type: 'timestamptz', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  /** The delivery this one replays (sent again on request), else null. */
  @Column({ name: 'replay_of', type: 'uuid', nullable: true })
  replayOf!: string | null;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replay_of' })
  replayed?: WebhookDeliveryEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
