import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { EVENT_TYPES, type EventEntity, type EventJson, type EventType } from '../event.entity';

export class EventSubjectDto {
  @ApiProperty({
    description:
      'What kind of thing: feature, package, terminal, payment_method, currency, wallet, payment_page_config, compliance, credentials or webhook_endpoint.',
    example: 'payment_method',
  })
  kind!: string;
  @ApiProperty({ example: 'TWINT' }) code!: string;
  @ApiPropertyOptional({ example: '17812345:ECOM' }) terminalKey?: string;
  @ApiPropertyOptional({ example: 'TWINT' }) paymentMethod?: string;
  @ApiPropertyOptional({ example: 'CHF' }) currency?: string;
}

const JSON_VALUE = {
  nullable: true,
  description: 'Any JSON value: what it was before / is after the change (null when absent).',
};

export class EventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) type!: EventType;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) franchiseId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) accountId!: string | null;
  @ApiProperty({ type: EventSubjectDto }) subject!: EventSubjectDto;
  @ApiProperty(JSON_VALUE) before!: EventJson | null;
  @ApiProperty(JSON_VALUE) after!: EventJson | null;
  @ApiProperty({ example: 'TWINT was removed from terminal 17812345 (ECOM).' }) summary!: string;
  @ApiProperty({ nullable: true, type: Number }) snapshotVersionBefore!: number | null;
  @ApiProperty({ nullable: true, type: Number }) snapshotVersionAfter!: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) driftCheckId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(event: EventEntity): EventDto {
    return {
      id: event.id,
      type: event.type,
      franchiseId: event.franchiseId,
      accountId: event.accountId,
      subject: event.subject as unknown as EventSubjectDto,
      before: event.before,
      after: event.after,
      summary: event.summary,
      snapshotVersionBefore: event.snapshotVersionBefore,
      snapshotVersionAfter: event.snapshotVersionAfter,
      driftCheckId: event.driftCheckId,
      createdAt: event.createdAt.toISOString(),
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** `type=a,b` or repeated `type=a&type=b`. */
const commaList = ({ value }: { value: unknown }): unknown => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  return parts.flatMap((part) =>
    typeof part === 'string' ? part.split(',').map((v) => v.trim()) : [part],
  );
};

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only these types; comma-separated or repeated.',
    type: [String],
    enum: EVENT_TYPES,
    isArray: true,
  })
  @IsOptional()
  @Transform(commaList)
  @IsIn(EVENT_TYPES, { each: true })
  type?: EventType[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  franchiseId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}
