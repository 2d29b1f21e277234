import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { EventDto, EventPageDto, ListEventsQueryDto } from './dto/event.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Drift and endpoint events, newest first, filtered by type, account, franchise and time. */
  @Get()
  @ApiOkResponse({ type: EventPageDto })
  @ApiProblemResponses(400, 401)
  listEvents(
    @TenantContext() { tenantId }: TenantContextValue,
    @Query() query: ListEventsQueryDto,
  ): Promise<EventPageDto> {
    return this.events.list(tenantId, query);
  }

  @Get(':eventId')
  @ApiOkResponse({ type: EventDto })
  @ApiProblemResponses(400, 401, 404)
  getEvent(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('eventId') id: string,
  ): Promise<EventDto> {
    return this.events.get(tenantId, id);
  }
}
