import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAPABILITY_DOCUMENT_SCHEMA_VERSION } from '../capability-document';

/*
 * The OpenAPI schema of the capability document (`CapabilityDocument` in
 * capability-document.ts is what is serialized; the two are kept equal by the e2e test
 * that validates a served document against this schema).
 */

export class CapabilityAccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '401860' }) customerId!: string;
  @ApiProperty({ enum: ['test', 'live'] }) environment!: string;
  @ApiProperty({
    example: 'ready',
    description:
      '`ready` and `non_compliant` take payments; anything else (`needs_attention`, `credentials_rejected`, `disabled`, …) means do not offer Saferpay now.',
  })
  state!: string;
}

export class CapabilityTerminalDto {
  @ApiProperty({ example: '17757531' }) terminalId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'ECOM',
    description: 'Null when the terminal is no longer in the account (then nothing is offered).',
  })
  type!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}

export class CapabilityPaymentMethodDto {
  @ApiProperty({ example: 'VISA' }) code!: string;
  @ApiProperty({ type: [String], example: ['CHF', 'EUR'], description: 'ISO 4217, sorted.' })
  currencies!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) logoUrl!: string | null;
}

export class CapabilityWalletDto {
  @ApiProperty({ example: 'APPLEPAY' }) code!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) logoUrl!: string | null;
}

export class CapabilityPaymentPageConfigDto {
  @ApiProperty({ example: 'default' }) name!: string;
  @ApiProperty() isDefault!: boolean;
}

export class CapabilityFieldsAccessTokenDto {
  @ApiProperty({
    description:
      'The Saferpay Fields access token of the shop (a secret for its pages only). It has no expiry; a rotation replaces it and the old one keeps working for FIELDS_TOKEN_GRACE_SECONDS.',
  })
  value!: string;
  @ApiProperty({ example: '401860' }) customerId!: string;
  @ApiProperty({ example: '17757531' }) terminalId!: string;
}

export class CapabilitySnapshotRefDto {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({
    format: 'date-time',
    description: "When this version's content was read (an unchanged re-read keeps it).",
  })
  readAt!: string;
}

export class CapabilityGapDto {
  @ApiProperty({ example: 'payment_method' }) kind!: string;
  @ApiProperty({ example: 'TWINT' }) code!: string;
  @ApiPropertyOptional({ example: 'ECOM' }) terminalType?: string;
  @ApiPropertyOptional() paymentMethod?: string;
  @ApiPropertyOptional({ example: 'CHF' }) currency?: string;
  @ApiProperty() message!: string;
}

export class CapabilityComplianceDto {
  @ApiProperty() compliant!: boolean;
  @ApiProperty({ type: [CapabilityGapDto] }) gaps!: CapabilityGapDto[];
}

/**
 * What a shop may offer at checkout. Versioned by `schemaVersion`: fields may be added
 * within a version, a breaking change bumps it.
 */
export class CapabilityDocumentDto {
  @ApiProperty({
    enum: [CAPABILITY_DOCUMENT_SCHEMA_VERSION],
    description:
      'Version of this schema. Fields may be added within a version; removing or changing one bumps it.',
  })
  schemaVersion!: typeof CAPABILITY_DOCUMENT_SCHEMA_VERSION;
  @ApiProperty({ format: 'uuid' }) shopId!: string;
  @ApiProperty({ example: 'Pizza Nord Online' }) name!: string;
  @ApiProperty({ type: CapabilityAccountDto }) account!: CapabilityAccountDto;
  @ApiProperty({ type: CapabilityTerminalDto }) terminal!: CapabilityTerminalDto;
  @ApiProperty({
    type: [CapabilityPaymentMethodDto],
    description: "On the shop's terminal, sorted by code.",
  })
  paymentMethods!: CapabilityPaymentMethodDto[];
  @ApiProperty({ type: [CapabilityWalletDto], description: "On the shop's terminal." })
  wallets!: CapabilityWalletDto[];
  @ApiProperty({ type: [CapabilityPaymentPageConfigDto], description: "The account's." })
  paymentPageConfigs!: CapabilityPaymentPageConfigDto[];
  @ApiProperty({
    type: CapabilityFieldsAccessTokenDto,
    nullable: true,
    description: 'The active Fields access token; null while the shop has none.',
  })
  fieldsAccessToken!: CapabilityFieldsAccessTokenDto | null;
  @ApiProperty({
    type: CapabilitySnapshotRefDto,
    nullable: true,
    description: 'The snapshot this document comes from; null before the account was read.',
  })
  snapshot!: CapabilitySnapshotRefDto | null;
  @ApiProperty({
    type: CapabilityComplianceDto,
    nullable: true,
    description: "The account against its franchise's policy; null before it was judged.",
  })
  compliance!: CapabilityComplianceDto | null;
}
