import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEntity } from '@api/events/event.entity';
import { EventsRepository, type NewEvent } from '@api/events/events.repository';

/** Records events in the caller's transaction (outbox). Webhook fan-out lands with the webhooks feature. */
@Injectable()
export class EventPublisher {
  constructor(private readonly events: EventsRepository) {}

  publish(tenantId: string, events: NewEvent[], manager: EntityManager): Promise<EventEntity[]> {
    return this.events.insertMany(tenantId, events, manager);
  }

  /** After the publishing transaction committed. */
  wake(): void {}
}
