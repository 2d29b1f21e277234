import { Injectable } from '@nestjs/common';
import { toPage } from '@platform/pagination';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import {
  ListWebhookDeliveriesQueryDto,
  ReplayWebhookEventsDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookReplayResultDto,
} from './dto/webhook-delivery.dto';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookWakeup } from './webhook-wakeup';

/** The delivery log and replays of one endpoint, scoped to the caller's tenant. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly wakeup: WebhookWakeup,
  ) {}

  async list(
    tenantId: string,
    endpointId: string,
    query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    await this.endpoint(tenantId, endpointId);
    const rows = await this.deliveries.listPage(tenantId, endpointId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
      status: query.status,
      eventId: query.eventId,
    });
    const page = toPage(rows, query.limit);
    const attempts = await this.deliveries.attemptsOf(
      tenantId,
      page.items.map((row) => row.id),
    );
    return {
      items: page.items.map((row) =>
        WebhookDeliveryDto.from(
          row,
          attempts.filter((attempt) => attempt.deliveryId === row.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** Sends the delivery's event again as a new delivery, whatever became of the original. */
  async replay(
    tenantId: string,
    endpointId: string,
    deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    this.requireEnabled(await this.endpoint(tenantId, endpointId));
    const original = await this.deliveries.findById(tenantId, endpointId, deliveryId);
    if (!original) throw notFound('Webhook delivery', deliveryId);
    const replay = await this.deliveries.insertReplay(original);
    this.wakeup.wake();
    return WebhookDeliveryDto.from(replay, []);
  }

  /** Queues every event of the time range that matches the endpoint's filter again. */
  async replayRange(
    tenantId: string,
    endpointId: string,
    input: ReplayWebhookEventsDto,
  ): Promise<WebhookReplayResultDto> {
    const until = input.until ?? new Date();
    if (until.getTime() <= input.since.getTime()) {
      throw new ProblemException('validationFailed', 'until must be after since.', [
        { pointer: '/until', detail: 'must be after since' },
      ]);
    }
    const endpoint = this.requireEnabled(await this.endpoint(tenantId, endpointId));
    const queued = await this.deliveries.replayRange(endpoint, input.since, until);
    if (queued > 0) this.wakeup.wake();
    return { queued };
  }

  private async endpoint(tenantId: string, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await this.endpoints.findById(tenantId, id);
    if (!endpoint) throw notFound('Webhook endpoint', id);
    return endpoint;
  }

  private requireEnabled(endpoint: WebhookEndpointEntity): WebhookEndpointEntity {
    if (endpoint.status !== 'enabled') {
      throw new ProblemException(
        'conflict',
        'The webhook endpoint is disabled; enable it (PATCH enabled: true) before replaying.',
      );
    }
    return endpoint;
  }
}
