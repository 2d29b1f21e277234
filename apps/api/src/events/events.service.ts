import { Injectable } from '@nestjs/common';
import { toPage } from '@platform/pagination';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { notFound } from '@api/common/problem/problem.exception';
import { EventDto, EventPageDto, ListEventsQueryDto } from './dto/event.dto';
import { EventsRepository } from './events.repository';

/** Reading the event log; writing happens through the webhook outbox (EventPublisher). */
@Injectable()
export class EventsService {
  constructor(private readonly events: EventsRepository) {}

  async list(tenantId: string, query: ListEventsQueryDto): Promise<EventPageDto> {
    const rows = await this.events.listPage(tenantId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
      types: query.type,
      accountId: query.accountId,
      franchiseId: query.franchiseId,
      since: query.since,
      until: query.until,
    });
    const page = toPage(rows, query.limit);
    return { items: page.items.map((event) => EventDto.from(event)), nextCursor: page.nextCursor };
  }

  async get(tenantId: string, id: string): Promise<EventDto> {
    const event = await this.events.findById(tenantId, id);
    if (!event) throw notFound('Event', id);
    return EventDto.from(event);
  }
}
