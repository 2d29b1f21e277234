import { EventDto } from '@api/events/dto/event.dto';
import type { EventEntity } from '@api/events/event.entity';

/** The JSON body POSTed for an event: the same `data` as `GET /events/{id}`. */
export function webhookBody(event: EventEntity): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: EventDto.from(event),
  });
}
