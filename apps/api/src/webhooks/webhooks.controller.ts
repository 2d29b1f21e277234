import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  ListWebhookDeliveriesQueryDto,
  ReplayWebhookEventsDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookReplayResultDto,
} from './dto/webhook-delivery.dto';
import {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhook-endpoints')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  /** Creates an endpoint. Its signing secret is in this answer only. */
  @Post()
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblemResponses(400, 401, 413, 415, 422)
  createWebhookEndpoint(
    @TenantContext() { tenantId }: TenantContextValue,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointWithSecretDto> {
    return this.endpoints.create(tenantId, body);
  }

  /** Lists endpoints oldest first, a page at a time. */
  @Get()
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiProblemResponses(400, 401)
  listWebhookEndpoints(
    @TenantContext() { tenantId }: TenantContextValue,
    @Query() query: PageQueryDto,
  ): Promise<WebhookEndpointPageDto> {
    return this.endpoints.list(tenantId, query);
  }

  @Get(':endpointId')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblemResponses(400, 401, 404)
  getWebhookEndpoint(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
  ): Promise<WebhookEndpointDto> {
    return this.endpoints.get(tenantId, id);
  }

  /** Changes the URL, description, event types, or enables/disables the endpoint. */
  @Patch(':endpointId')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblemResponses(400, 401, 404, 413, 415, 422)
  updateWebhookEndpoint(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    return this.endpoints.update(tenantId, id, body);
  }

  /** Deletes the endpoint with its delivery log. */
  @Delete(':endpointId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponses(400, 401, 404)
  deleteWebhookEndpoint(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
  ): Promise<void> {
    return this.endpoints.delete(tenantId, id);
  }

  /** A new signing secret (in this answer only); the old one keeps signing for the grace period. */
  @Post(':endpointId/rotate-secret')
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblemResponses(400, 401, 404)
  rotateWebhookEndpointSecret(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
  ): Promise<WebhookEndpointWithSecretDto> {
    return this.endpoints.rotateSecret(tenantId, id);
  }

  /** The endpoint's deliveries newest first, each with its attempts. */
  @Get(':endpointId/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblemResponses(400, 401, 404)
  listWebhookDeliveries(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.list(tenantId, id, query);
  }

  /** Sends the delivery's event again (same webhook-id) as a new delivery. */
  @Post(':endpointId/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblemResponses(400, 401, 404, 409)
  replayWebhookDelivery(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
    @UuidParam('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.deliveries.replay(tenantId, id, deliveryId);
  }

  /** Queues the events of a time range that match the endpoint's filter again. */
  @Post(':endpointId/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookReplayResultDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415)
  replayWebhookEvents(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('endpointId') id: string,
    @Body() body: ReplayWebhookEventsDto,
  ): Promise<WebhookReplayResultDto> {
    return this.deliveries.replayRange(tenantId, id, body);
  }
}
