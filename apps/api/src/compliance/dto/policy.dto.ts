import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { POLICY_TERMINAL_TYPES, type CapabilityPolicy } from '@platform/capabilities';

// Shapes only; the meaning (codes, ISO currencies, terminal types) is checked by
// validatePolicy of @platform/capabilities, which answers with the same pointers.

export class RequiredPaymentMethodDto {
  @ApiProperty({ example: 'TWINT', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  paymentMethod!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['CHF'],
    maxItems: 50,
    description: 'ISO 4217 codes the method must accept; empty: only the method is required.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  currencies?: string[];

  @ApiProperty({ enum: POLICY_TERMINAL_TYPES, example: 'ECOM' })
  @IsString()
  @MaxLength(16)
  terminalType!: string;
}

export class RequiredWalletDto {
  @ApiProperty({ example: 'APPLEPAY', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  wallet!: string;

  @ApiProperty({ enum: POLICY_TERMINAL_TYPES, example: 'ECOM' })
  @IsString()
  @MaxLength(16)
  terminalType!: string;
}

export class PutPolicyDto {
  @ApiPropertyOptional({ type: [String], example: ['MANAGEMENT_API'], maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  requiredFeatures?: string[];

  @ApiPropertyOptional({ type: [RequiredPaymentMethodDto], maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RequiredPaymentMethodDto)
  requiredPaymentMethods?: RequiredPaymentMethodDto[];

  @ApiPropertyOptional({ type: [RequiredWalletDto], maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RequiredWalletDto)
  requiredWallets?: RequiredWalletDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Default',
    maxLength: 100,
    description: 'A payment page config that must exist (name compared case-insensitively).',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(100)
  requiredPaymentPageConfig?: string | null;
}

export class PolicyEvaluationDto {
  @ApiProperty() accounts!: number;
  @ApiProperty() compliant!: number;
  @ApiProperty() nonCompliant!: number;
  @ApiProperty({ description: 'compliance.violated / compliance.restored events written.' })
  events!: number;
}

export class PolicyDto {
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty({ description: 'Grows on every write; 0 when the franchise never had a policy.' })
  version!: number;
  @ApiProperty({ type: [String] }) requiredFeatures!: string[];
  @ApiProperty({ type: [RequiredPaymentMethodDto] })
  requiredPaymentMethods!: RequiredPaymentMethodDto[];
  @ApiProperty({ type: [RequiredWalletDto] }) requiredWallets!: RequiredWalletDto[];
  @ApiProperty({ type: String, nullable: true }) requiredPaymentPageConfig!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
  @ApiPropertyOptional({
    type: () => PolicyEvaluationDto,
    description:
      'Accounts judged by this write: how many are compliant and how many lack something.',
  })
  evaluated?: PolicyEvaluationDto;

  static from(
    franchiseId: string,
    stored: { policy: CapabilityPolicy; version: number; updatedAt: Date | null },
    evaluated?: PolicyEvaluationDto,
  ): PolicyDto {
    return {
      franchiseId,
      version: stored.version,
      requiredFeatures: [...stored.policy.requiredFeatures],
      requiredPaymentMethods: stored.policy.requiredPaymentMethods.map((m) => ({
        ...m,
        currencies: [...m.currencies],
      })),
      requiredWallets: stored.policy.requiredWallets.map((w) => ({ ...w })),
      requiredPaymentPageConfig: stored.policy.requiredPaymentPageConfig,
      updatedAt: stored.updatedAt?.toISOString() ?? null,
      ...(evaluated ? { evaluated } : {}),
    };
  }
}

export class PolicyGapDto {
  @ApiProperty({ enum: ['feature', 'payment_method', 'currency', 'wallet', 'payment_page_config'] })
  kind!: string;
  @ApiProperty({ example: 'TWINT' }) code!: string;
  @ApiPropertyOptional({ enum: POLICY_TERMINAL_TYPES }) terminalType?: string;
  @ApiPropertyOptional() paymentMethod?: string;
  @ApiPropertyOptional() currency?: string;
  @ApiProperty({ example: 'No ECOM terminal offers TWINT.' }) message!: string;
}

export class ComplianceDto {
  @ApiProperty() compliant!: boolean;
  @ApiProperty({ type: [PolicyGapDto] }) gaps!: PolicyGapDto[];
  @ApiProperty({ description: 'The policy version it was judged by (0: no policy).' })
  policyVersion!: number;
  @ApiProperty() snapshotVersion!: number;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
}

export class AccountComplianceDto {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() label!: string;
  @ApiProperty() state!: string;
  @ApiProperty({
    type: ComplianceDto,
    nullable: true,
    description: 'Null until the account was read once.',
  })
  compliance!: ComplianceDto | null;
}

export class FranchiseComplianceDto {
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty() policyVersion!: number;
  @ApiProperty({ example: '2 of 3 accounts meet the franchise policy.' }) summary!: string;
  @ApiProperty({ type: [AccountComplianceDto] }) accounts!: AccountComplianceDto[];
}
