import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import type { WebhookDeliveryAttemptEntity } from '../webhook-delivery-attempt.entity';
import {
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDeliveryEntity,
  type WebhookDeliveryStatus,
} from '../webhook-delivery.entity';

export class WebhookDeliveryAttemptDto {
  @ApiProperty({ description: '1 for the first attempt.' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Null when no HTTP answer came.' })
  statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'timed out after 10000 ms' })
  error!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The start of the answer body (at most 1 KiB).',
  })
  responseExcerpt!: string | null;

  static from(attempt: WebhookDeliveryAttemptEntity): WebhookDeliveryAttemptDto {
    return {
      attempt: attempt.attempt,
      startedAt: attempt.startedAt.toISOString(),
      durationMs: attempt.durationMs,
      statusCode: attempt.statusCode,
      error: attempt.error,
      responseExcerpt: attempt.responseExcerpt,
    };
  }
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid', description: 'Also the `webhook-id` header of every attempt.' })
  eventId!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status!: WebhookDeliveryStatus;
  @ApiProperty({ description: 'Attempts started so far.' }) attemptCount!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The delivery this one replays.',
  })
  replayOf!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [WebhookDeliveryAttemptDto], description: 'Oldest first.' })
  attempts!: WebhookDeliveryAttemptDto[];

  static from(
    delivery: WebhookDeliveryEntity,
    attempts: readonly WebhookDeliveryAttemptEntity[],
  ): WebhookDeliveryDto {
    return {
      id: delivery.id,
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      status: delivery.status,
      attemptCount: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
      lastStatusCode: delivery.lastStatusCode,
      lastError: delivery.lastError,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      replayOf: delivery.replayOf,
      createdAt: delivery.createdAt.toISOString(),
      attempts: attempts.map((attempt) => WebhookDeliveryAttemptDto.from(attempt)),
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Newest first.' })
  items!: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListWebhookDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class ReplayWebhookEventsDto {
  @ApiProperty({ format: 'date-time', description: 'Events created at or after.' })
  @Type(() => Date)
  @IsDate()
  since!: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events created before; default now.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

export class WebhookReplayResultDto {
  @ApiProperty({ description: 'Deliveries queued (events matching the endpoint’s filter).' })
  queued!: number;
}
