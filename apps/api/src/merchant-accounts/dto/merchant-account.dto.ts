import { ComplianceDto } from '@api/compliance/dto/policy.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { JobDto } from '@api/jobs/dto/job.dto';
import {
  ACCOUNT_STATES,
  SAFERPAY_ENVIRONMENTS,
  type AccountState,
  type MerchantAccountEntity,
  type SaferpayEnvironment,
} from '@api/merchant-accounts/merchant-account.entity';
import { trimString } from '@api/common/http/transforms';

export class RegisterMerchantAccountDto {
  @ApiProperty({ example: '123456', description: 'Saferpay customer id (digits).' })
  @Transform(trimString)
  @IsString()
  @Matches(/^\d{1,20}$/, { message: 'customerId must be the numeric Saferpay customer id' })
  customerId!: string;

  @ApiProperty({ enum: SAFERPAY_ENVIRONMENTS })
  @IsIn(SAFERPAY_ENVIRONMENTS)
  environment!: SaferpayEnvironment;

  @ApiProperty({ example: 'Pizza Nord Zürich', maxLength: 120 })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  label!: string;

  @ApiProperty({
    example: 'API_123456_10592483',
    description: 'JSON API user. Stored encrypted, never returned.',
  })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username!: string;

  @ApiProperty({
    description: 'JSON API password. Stored encrypted, never returned.',
    writeOnly: true,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class RegisterMerchantAccountsDto {
  @ApiProperty({ type: [RegisterMerchantAccountDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RegisterMerchantAccountDto)
  accounts!: RegisterMerchantAccountDto[];
}

export class UpdateMerchantAccountDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  label?: string;

  @ApiPropertyOptional({ description: 'New JSON API user; onboarding runs again.' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username?: string;

  @ApiPropertyOptional({
    description: 'New JSON API password; onboarding runs again.',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({
    description: 'true stops all reads of the account; false reads it again.',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListMerchantAccountsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACCOUNT_STATES })
  @IsOptional()
  @IsIn(ACCOUNT_STATES)
  state?: AccountState;
}

export class MerchantAccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: SAFERPAY_ENVIRONMENTS }) environment!: SaferpayEnvironment;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ACCOUNT_STATES }) state!: AccountState;
  @ApiProperty({ nullable: true, type: String, description: "Saferpay's ErrorName or our code." })
  stateReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What happened, in plain words.' })
  stateDetail!: string | null;
  @ApiProperty({ nullable: true, type: Number }) latestSnapshotVersion!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastReadAt!: string | null;
  @ApiProperty({
    type: ComplianceDto,
    nullable: true,
    description:
      'The latest snapshot judged against the franchise policy; null until the account was read.',
  })
  compliance!: ComplianceDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(entity: MerchantAccountEntity): MerchantAccountDto {
    return {
      id: entity.id,
      franchiseId: entity.franchiseId,
      customerId: entity.customerId,
      environment: entity.environment,
      label: entity.label,
      state: entity.state,
      stateReason: entity.stateReason,
      stateDetail: entity.stateDetail,
      latestSnapshotVersion: entity.latestSnapshotVersion,
      lastReadAt: entity.lastReadAt?.toISOString() ?? null,
      compliance: entity.compliance,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class MerchantAccountPageDto {
  @ApiProperty({ type: [MerchantAccountDto] }) items!: MerchantAccountDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RegisteredMerchantAccountsDto {
  @ApiProperty({ type: [MerchantAccountDto] }) accounts!: MerchantAccountDto[];
  @ApiProperty({ type: JobDto, description: 'The onboarding job; poll GET /jobs/{id}.' })
  job!: JobDto;
}
