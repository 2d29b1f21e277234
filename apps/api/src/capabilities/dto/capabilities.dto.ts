import { ComplianceDto } from '@api/compliance/dto/policy.dto';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_DB_INTEGER } from '@api/common/http/int-param';
import { ACCOUNT_STATES, type AccountState } from '@api/merchant-accounts/merchant-account.entity';
import type { CapabilitySnapshotEntity } from '@api/snapshots/capability-snapshot.entity';
import { upperCaseCode } from '@api/common/http/transforms';

export class SnapshotVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'SHA-256 of the normalized content.' }) contentHash!: string;
  @ApiProperty({ format: 'date-time', description: 'When Saferpay was read.' }) readAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: CapabilitySnapshotEntity): SnapshotVersionDto {
    return {
      version: entity.version,
      contentHash: entity.contentHash,
      readAt: entity.readAt.toISOString(),
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class SnapshotVersionListDto {
  @ApiProperty({ type: [SnapshotVersionDto], description: 'Newest first.' })
  items!: SnapshotVersionDto[];
}

export class SnapshotDto extends SnapshotVersionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The normalized capabilities: license, terminals (payment methods, currencies, wallets), payment page configs.',
  })
  snapshot!: Record<string, unknown>;

  static withContent(entity: CapabilitySnapshotEntity): SnapshotDto {
    return { ...SnapshotVersionDto.from(entity), snapshot: entity.snapshot };
  }
}

export class SnapshotDiffQueryDto {
  @ApiProperty({ minimum: 1, maximum: MAX_DB_INTEGER })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DB_INTEGER)
  from!: number;

  @ApiProperty({ minimum: 1, maximum: MAX_DB_INTEGER })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DB_INTEGER)
  to!: number;
}

export class CapabilityChangeDto {
  @ApiProperty({
    enum: [
      'package',
      'feature',
      'terminal',
      'payment_method',
      'currency',
      'wallet',
      'payment_page_config',
    ],
  })
  kind!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change!: string;
  @ApiProperty() code!: string;
  @ApiPropertyOptional() terminalKey?: string;
  @ApiPropertyOptional() paymentMethod?: string;
  @ApiPropertyOptional() currency?: string;
  @ApiPropertyOptional({ description: 'Any JSON value.' }) before?: unknown;
  @ApiPropertyOptional({ description: 'Any JSON value.' }) after?: unknown;
}

export class SnapshotDiffDto {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ type: [CapabilityChangeDto] }) changes!: CapabilityChangeDto[];
  @ApiProperty({ type: [String], description: 'The changes as sentences.' }) summary!: string[];
}

const CODE = /^[A-Z0-9_-]{1,64}$/;

export class MatrixQueryDto {
  @ApiPropertyOptional({ example: 'VISA' })
  @IsOptional()
  @Transform(upperCaseCode)
  @Matches(CODE)
  paymentMethod?: string;

  @ApiPropertyOptional({ example: 'CHF' })
  @IsOptional()
  @Transform(upperCaseCode)
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: 'APPLEPAY' })
  @IsOptional()
  @Transform(upperCaseCode)
  @Matches(CODE)
  wallet?: string;

  @ApiPropertyOptional({ example: 'PAYMENT_API' })
  @IsOptional()
  @Transform(upperCaseCode)
  @Matches(CODE)
  feature?: string;

  @ApiPropertyOptional({ enum: ['ECOM', 'SPG', 'MPO'] })
  @IsOptional()
  @Transform(upperCaseCode)
  @IsString()
  @MaxLength(16)
  terminalType?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATES })
  @IsOptional()
  @IsIn(ACCOUNT_STATES)
  accountState?: AccountState;
}

export class MatrixTerminalDto {
  @ApiProperty() key!: string;
  @ApiProperty() terminalId!: string;
  @ApiProperty() type!: string;
}

export class MatrixColumnDto {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty({ type: [MatrixTerminalDto] }) terminals!: MatrixTerminalDto[];
  @ApiProperty({
    type: ComplianceDto,
    nullable: true,
    description: "The account's compliance with the franchise policy (what is missing).",
  })
  compliance!: ComplianceDto | null;
}

export class MatrixCellDto {
  @ApiProperty({ type: [MatrixTerminalDto] }) terminals!: MatrixTerminalDto[];
  @ApiPropertyOptional() isDefault?: boolean;
}

export class MatrixSummaryDto {
  @ApiProperty() availableOn!: number;
  @ApiProperty() of!: number;
  @ApiProperty({ example: 'VISA in CHF on 412 of 430 accounts' }) sentence!: string;
}

@ApiExtraModels(MatrixCellDto)
export class MatrixRowDto {
  @ApiProperty({ example: 'payment_method:VISA:CHF' }) key!: string;
  @ApiProperty({ enum: ['feature', 'payment_method', 'wallet', 'payment_page_config'] })
  kind!: string;
  @ApiProperty() code!: string;
  @ApiPropertyOptional() currency?: string;
  @ApiProperty({ example: 'VISA in CHF' }) label!: string;
  @ApiProperty({
    type: 'array',
    items: { nullable: true, allOf: [{ $ref: getSchemaPath(MatrixCellDto) }] },
    description: 'Aligned with columns; null where not available.',
  })
  cells!: (MatrixCellDto | null)[];
  @ApiProperty({ type: MatrixSummaryDto }) summary!: MatrixSummaryDto;
  @ApiProperty({ description: 'The franchise policy requires this capability (highlight it).' })
  required!: boolean;
}

export class MatrixComplianceDto {
  @ApiProperty({ description: '0 when the franchise has no policy.' }) policyVersion!: number;
  @ApiProperty({ description: 'Columns whose account meets the policy.' }) compliant!: number;
  @ApiProperty() of!: number;
  @ApiProperty({ example: '2 of 3 accounts meet the franchise policy.' }) sentence!: string;
}

export class CapabilityMatrixDto {
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty({ type: [MatrixColumnDto] }) columns!: MatrixColumnDto[];
  @ApiProperty({ type: [MatrixRowDto] }) rows!: MatrixRowDto[];
  @ApiProperty({ type: MatrixComplianceDto }) compliance!: MatrixComplianceDto;
}
