import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsIP,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { trimString, upperCaseCode } from '@api/common/http/transforms';

/** Saferpay's `Id` type: `A-Za-z0-9.:-_`. */
export const SAFERPAY_ID = /^[A-Za-z0-9.:\-_]+$/;
/** `yyyy-MM-ddTHH:mm:ssK` with K = `Z` or `±HH:mm` (no fractions). */
export const EXPIRATION_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
export const MAX_PAYMENT_ATTEMPTS = [0, 1, 3, 5, 10] as const;
export const CONDITIONS = [
  'NONE',
  'THREE_DS_AUTHENTICATION_SUCCESSFUL_OR_ATTEMPTED',
  'WITH_SUCCESSFUL_THREE_DS_CHALLENGE',
] as const;
export const ADDRESS_SOURCES = ['NONE', 'SAFERPAY', 'PREFER_PAYMENTMETHOD'] as const;
export const ADDRESS_FIELDS = [
  'CITY',
  'COMPANY',
  'VATNUMBER',
  'COUNTRY',
  'EMAIL',
  'FIRSTNAME',
  'LASTNAME',
  'PHONE',
  'SALUTATION',
  'STATE',
  'STREET',
  'ZIP',
] as const;
export const GENDERS = ['MALE', 'FEMALE', 'DIVERSE', 'COMPANY'] as const;
export const EMAIL_LOCALES = ['de', 'en', 'fr', 'it'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** `Utf8[1..max]` text: trimmed, non-empty, at most `max` characters. */
function Text(max: number, example?: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ minLength: 1, maxLength: max, example })(target, key);
    IsOptional()(target, key);
    Transform(trimString)(target, key);
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };
}

export class AmountDto {
  @ApiProperty({
    example: 1050,
    description: 'Minor units (CHF 10.50 ⇒ 1050), a positive integer.',
  })
  @IsInt({ message: 'must be an integer amount in minor units' })
  @Min(1, { message: 'must be at least 1 (minor units)' })
  value!: number;

  @ApiProperty({ example: 'CHF', description: 'ISO 4217; enabled on the SPG terminal.' })
  @Transform(upperCaseCode)
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 three-letter code' })
  currency!: string;
}

/** Saferpay's RequestBillingAddress, field limits as in the specification. */
export class BillingAddressDto {
  @Text(100, 'John') firstName?: string;
  @Text(100, 'Doe') lastName?: string;
  @Text(100) company?: string;
  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @Transform(upperCaseCode)
  @IsIn(GENDERS)
  gender?: string;
  @Text(100, 'Bakerstreet 32') street?: string;
  @Text(100) street2?: string;
  @Text(100, '8000') zip?: string;
  @Text(100, 'Zurich') city?: string;

  @ApiPropertyOptional({ example: 'CH', description: 'ISO 3166-1 alpha-2 (XK for Kosovo).' })
  @IsOptional()
  @Transform(upperCaseCode)
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code' })
  countryCode?: string;

  @ApiPropertyOptional({ example: 'CH-ZH', description: 'ISO 3166-2 (`ZH` or `CH-ZH`).' })
  @IsOptional()
  @Transform(upperCaseCode)
  @IsString()
  @Matches(/^([A-Z]{2}-)?[A-Z0-9]{1,3}$/, { message: 'must be an ISO 3166-2 subdivision code' })
  countrySubdivisionCode?: string;

  @ApiPropertyOptional({ example: '1990-05-31' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'must be YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: 'payer@provider.com', maxLength: 100 })
  @IsOptional()
  @Transform(trimString)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(100)
  email?: string;

  @Text(100, '+41123456789') phone?: string;
  @Text(25) vatNumber?: string;
}

export class PayerDto {
  @ApiPropertyOptional({ example: 'de', description: 'ISO 639-1, optionally `-` ISO 3166-1.' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'must be like de or de-CH' })
  languageCode?: string;

  @ApiPropertyOptional({ example: '111.111.111.111' })
  @IsOptional()
  @IsIP(4, { message: 'must be an IPv4 address (dotted quad)' })
  ipAddress?: string;

  @ApiPropertyOptional({ example: '2001:db8::8a2e:70:7344' })
  @IsOptional()
  @IsIP(6, { message: 'must be an IPv6 address' })
  ipv6Address?: string;

  @ApiPropertyOptional({ type: BillingAddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BillingAddressDto)
  billingAddress?: BillingAddressDto;
}

export class BillingAddressFormDto {
  @ApiProperty({ enum: ADDRESS_SOURCES })
  @Transform(upperCaseCode)
  @IsIn(ADDRESS_SOURCES)
  addressSource!: string;

  @ApiPropertyOptional({ enum: ADDRESS_FIELDS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ADDRESS_FIELDS.length)
  @IsIn(ADDRESS_FIELDS, { each: true })
  mandatoryFields?: string[];
}

export class RenderEmailDto {
  @ApiProperty({ enum: EMAIL_LOCALES })
  @IsIn(EMAIL_LOCALES)
  locale!: EmailLocale;

  @Text(100, 'Anna Meier') payerName?: string;
}

/**
 * A Secure PayGate single-use link. Everything is checked before Saferpay is called:
 * formats here, the terminal, currency, ConfigSet and the expiration window against the
 * account's latest snapshot and the clock in the service.
 */
export class CreatePaymentLinkDto {
  @ApiProperty({ example: '1000002', description: 'An SPG terminal of the account.' })
  @IsString()
  @Matches(/^\d{1,16}$/, { message: 'must be a numeric Saferpay terminal id' })
  terminalId!: string;

  @ApiProperty({ type: AmountDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AmountDto)
  amount!: AmountDto;

  @ApiProperty({ example: 'INV-2025-0042', maxLength: 80, description: 'Saferpay `Id[1..80]`.' })
  @IsString()
  @Matches(SAFERPAY_ID, { message: 'may contain only A-Z a-z 0-9 . : - _' })
  @MaxLength(80)
  orderId!: string;

  @ApiProperty({ example: 'Invoice 42', minLength: 1, maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  description!: string;

  @ApiPropertyOptional({ description: 'Pre-authorization instead of a final authorization.' })
  @IsOptional()
  @IsBoolean()
  preAuth?: boolean;

  @ApiProperty({
    example: '2025-10-20T00:00:00+02:00',
    description: '`yyyy-MM-ddTHH:mm:ssK`, at least 1 hour and at most 180 days ahead.',
  })
  @IsString()
  @Matches(EXPIRATION_FORMAT, {
    message: 'must be yyyy-MM-ddTHH:mm:ssK (e.g. 2025-10-20T00:00:00+02:00)',
  })
  expirationDate!: string;

  @ApiPropertyOptional({ enum: MAX_PAYMENT_ATTEMPTS, description: '0 = unlimited.' })
  @IsOptional()
  @IsIn(MAX_PAYMENT_ATTEMPTS, { message: 'must be one of 0, 1, 3, 5, 10' })
  maxPaymentAttempts?: number;

  @ApiPropertyOptional({
    example: 'default',
    description: 'A payment page config of the account (any casing).',
  })
  @IsOptional()
  @IsString()
  @Matches(SAFERPAY_ID, { message: 'may contain only A-Z a-z 0-9 . : - _' })
  @MaxLength(20)
  configSet?: string;

  @ApiPropertyOptional({ enum: CONDITIONS })
  @IsOptional()
  @IsIn(CONDITIONS)
  condition?: string;

  @ApiPropertyOptional({ description: 'Store the means of payment (Saferpay Secure Card Data).' })
  @IsOptional()
  @IsBoolean()
  registerAlias?: boolean;

  @ApiProperty({ type: PayerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PayerDto)
  payer!: PayerDto;

  @ApiPropertyOptional({ type: BillingAddressFormDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BillingAddressFormDto)
  billingAddressForm?: BillingAddressFormDto;

  @ApiPropertyOptional({
    type: RenderEmailDto,
    description: 'Also answer a plain-text email body with the link (sending it is yours).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RenderEmailDto)
  renderEmail?: RenderEmailDto;
}
