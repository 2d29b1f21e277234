import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@api/config/app-config';
import { EventsModule } from '@api/events/events.module';
import { EventPublisher } from './event-publisher';
import { PruneWebhookDeliveriesHandler } from './prune-webhook-deliveries.handler';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRunner } from './webhook-delivery-runner';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecretStore } from './webhook-secret.secret-store';
import { WebhookTargetPolicy } from './webhook-target-policy';
import { WebhookWakeup } from './webhook-wakeup';
import { WebhooksController } from './webhooks.controller';

/**
 * Webhook endpoints, the event outbox (EventPublisher: events and their
 * deliveries in one transaction) and the dispatcher that delivers them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      WebhookEndpointEntity,
      WebhookDeliveryEntity,
      WebhookDeliveryAttemptEntity,
    ]),
    EventsModule,
  ],
  controllers: [WebhooksController],
  providers: [
    WebhookSecretStore,
    {
      provide: WebhookTargetPolicy,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new WebhookTargetPolicy({
          requireHttps: config.webhookRequireHttps,
          allowedNetworks: config.webhookAllowedNetworks,
        }),
    },
    WebhookWakeup,
    WebhookEndpointsRepository,
    WebhookDeliveriesRepository,
    WebhookEndpointsService,
    WebhookDeliveriesService,
    EventPublisher,
    WebhookDeliveryRunner,
    WebhookDispatcherService,
    PruneWebhookDeliveriesHandler,
  ],
  exports: [EventPublisher],
})
export class WebhooksModule {}
