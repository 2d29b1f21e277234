import { ApiProperty } from '@nestjs/swagger';
import {
  FIELDS_TOKEN_STATES,
  type FieldsTokenEntity,
  type FieldsTokenState,
} from '../fields-token.entity';

/** A Fields access token as lists show it: masked, with its lifecycle metadata. */
export class FieldsTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) shopId!: string | null;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() terminalId!: string;
  @ApiProperty({ enum: FIELDS_TOKEN_STATES }) state!: FieldsTokenState;
  @ApiProperty({ nullable: true, type: String, example: '67f4…86f3' }) tokenHint!: string | null;
  @ApiProperty({ description: 'The Description sent to Saferpay.' }) description!: string;
  @ApiProperty({ type: [String] }) sourceUrls!: string[];
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The token this one replaced (rotation).',
  })
  replacesId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last Saferpay call failed.' })
  lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) activatedAt!: string | null;
  @ApiProperty({ description: 'Seconds since activation (or creation, before it).' })
  ageSeconds!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'A retiring token is deleted at Saferpay after this.',
  })
  retireAfter!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(entity: FieldsTokenEntity, now: Date): FieldsTokenDto {
    const since = entity.activatedAt ?? entity.createdAt;
    return {
      id: entity.id,
      shopId: entity.shopId,
      accountId: entity.accountId,
      terminalId: entity.terminalId,
      state: entity.state,
      tokenHint: entity.tokenHint,
      description: entity.description,
      sourceUrls: entity.sourceUrls,
      replacesId: entity.replacesId,
      lastError: entity.lastError,
      createdAt: entity.createdAt.toISOString(),
      activatedAt: entity.activatedAt?.toISOString() ?? null,
      ageSeconds: Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000)),
      retireAfter: entity.retireAfter?.toISOString() ?? null,
      revokedAt: entity.revokedAt?.toISOString() ?? null,
    };
  }
}

/** The answer of a create or rotation: the only time the token value is returned. */
export class ProvisionedFieldsTokenDto {
  @ApiProperty({ type: FieldsTokenDto }) token!: FieldsTokenDto;
  @ApiProperty({ description: 'The access token for Saferpay Fields. Shown once.' })
  accessToken!: string;
}

export class FieldsTokenPageDto {
  @ApiProperty({ type: [FieldsTokenDto], description: 'Newest first.' }) items!: FieldsTokenDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the active token replaced its predecessor.',
  })
  lastRotatedAt!: string | null;
}
