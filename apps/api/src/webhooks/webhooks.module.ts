import { Module } from '@nestjs/common';
import { EventsModule } from '@api/events/events.module';
import { EventPublisher } from './event-publisher';

@Module({
  imports: [EventsModule],
  providers: [EventPublisher],
  exports: [EventPublisher],
})
export class WebhooksModule {}
