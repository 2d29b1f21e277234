import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { trimString } from '@api/common/http/transforms';
import { EVENT_TYPES, type EventType } from '@api/events/event.entity';
import {
  WEBHOOK_ENDPOINT_STATUSES,
  type WebhookEndpointEntity,
  type WebhookEndpointStatus,
} from '../webhook-endpoint.entity';
import { validWebhookSecrets } from '../webhook-secrets';
import { MAX_WEBHOOK_URL_LENGTH } from '../webhook-target-policy';

const URL_DOC = {
  description:
    'Absolute http(s) URL (https required in production), without credentials, whose host is a public address.',
  example: 'https://hooks.example.com/saferpay',
  maxLength: MAX_WEBHOOK_URL_LENGTH,
};

const EVENT_TYPES_DOC = {
  description: 'Event types delivered to the endpoint; empty or absent means all types.',
  enum: EVENT_TYPES,
  enumName: 'EventType',
  isArray: true,
};

export class CreateWebhookEndpointDto {
  @ApiProperty(URL_DOC)
  @IsString()
  @IsNotEmpty()
  url!: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trimString)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional(EVENT_TYPES_DOC)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: EventType[];
}

/** Every field optional; `null` clears the description. */
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional(URL_DOC)
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  url?: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trimString)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional(EVENT_TYPES_DOC)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: EventType[];

  @ApiPropertyOptional({
    description:
      '`false` disables the endpoint (its pending deliveries are cancelled); `true` enables it again and clears the disabled reason.',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** A signing secret without its value: which exist and until when they sign. */
export class WebhookSigningSecretDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'A rotated-out secret signs until then; null for the current one.',
  })
  expiresAt!: string | null;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'https://hooks.example.com/saferpay' }) url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ ...EVENT_TYPES_DOC, description: 'Empty means all types.' })
  eventTypes!: EventType[];
  @ApiProperty({ enum: WEBHOOK_ENDPOINT_STATUSES }) status!: WebhookEndpointStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '410 Gone',
    description: 'Why the endpoint was disabled.',
  })
  disabledReason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt!: string | null;
  @ApiProperty({
    type: [WebhookSigningSecretDto],
    description: 'Secrets signing deliveries now (values are shown only at creation and rotation).',
  })
  signingSecrets!: WebhookSigningSecretDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(entity: WebhookEndpointEntity, now: Date = new Date()): WebhookEndpointDto {
    return {
      id: entity.id,
      url: entity.url,
      description: entity.description,
      eventTypes: entity.eventTypes,
      status: entity.status,
      disabledReason: entity.disabledReason,
      disabledAt: entity.disabledAt?.toISOString() ?? null,
      signingSecrets: validWebhookSecrets(entity.secrets, now).map(
        ({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt }),
      ),
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

/** The answer of a create or a rotation: the only time a secret's value is returned. */
export class WebhookEndpointWithSecretDto {
  @ApiProperty({ type: WebhookEndpointDto }) endpoint!: WebhookEndpointDto;
  @ApiProperty({
    description:
      'The signing secret (Standard Webhooks format: whsec_ and the base64 key). Shown once; store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret!: string;
}

export class WebhookEndpointPageDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items!: WebhookEndpointDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
