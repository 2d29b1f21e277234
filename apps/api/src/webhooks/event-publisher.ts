import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEntity } from '@api/events/event.entity';
import { EventsRepository, type NewEvent } from '@api/events/events.repository';
import { Metrics } from '@api/metrics/metrics.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookWakeup } from './webhook-wakeup';

/**
 * The one way to record events: writes them and their webhook deliveries in the
 * caller's transaction (the outbox), so a committed event always has its
 * deliveries and a rolled-back one has none.
 *
 * ```ts
 * await dataSource.transaction((m) => publisher.publish(tenantId, events, m));
 * publisher.wake();
 * ```
 */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly events: EventsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly wakeup: WebhookWakeup,
    private readonly metrics: Metrics,
  ) {}

  /** Inserts the events and one pending delivery per enabled endpoint whose filter matches. */
  async publish(
    tenantId: string,
    events: readonly NewEvent[],
    manager: EntityManager,
  ): Promise<EventEntity[]> {
    const rows = await this.events.insertMany(tenantId, events, manager);
    await this.deliveries.fanOut(tenantId, rows, manager);
    // Counted at insert: a rolled-back transaction still counts (rare; metrics are not a ledger).
    this.metrics.eventsPublished(rows.map((row) => row.type));
    return rows;
  }

  /** Call after the transaction committed: this process's dispatcher looks now, not at its next poll. */
  wake(): void {
    this.wakeup.wake();
  }
}
