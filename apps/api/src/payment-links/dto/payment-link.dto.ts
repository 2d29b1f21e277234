import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { upperCaseCode } from '@api/common/http/transforms';
import {
  PAYMENT_LINK_STATUSES,
  type PaymentLinkEntity,
  type PaymentLinkStatus,
} from '../payment-link.entity';
import { SAFERPAY_ID } from './create-payment-link.dto';

/** What deleting a link does not do, in every delete answer (Saferpay documents it). */
export const DELETE_NOTICE =
  'The link is voided (DISABLED) and can no longer be opened. A payment session the payer had ' +
  'already started is not stopped by Saferpay and may still complete: the link can still turn PAID.';

export class PaymentLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() terminalId!: string;
  @ApiProperty({
    enum: PAYMENT_LINK_STATUSES,
    description:
      "Saferpay's OPEN, PAID, EXPIRED, DISABLED; CREATING until Saferpay confirmed, FAILED when it refused.",
  })
  status!: PaymentLinkStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Send it to the payer yourself.' })
  paymentLink!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) offerId!: string | null;
  @ApiProperty({ example: { value: 1050, currency: 'CHF' } })
  amount!: { value: number; currency: string };
  @ApiProperty() orderId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '2025-10-20T00:00:00+02:00' }) expirationDate!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Once PAID.' })
  transactionId!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSyncedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt!: string | null;

  static from(entity: PaymentLinkEntity): PaymentLinkDto {
    return {
      id: entity.id,
      franchiseId: entity.franchiseId,
      accountId: entity.accountId,
      terminalId: entity.terminalId,
      status: entity.status,
      paymentLink: entity.paymentLink,
      offerId: entity.offerId,
      amount: { value: Number(entity.amountValue), currency: entity.currency },
      orderId: entity.orderId,
      description: entity.description,
      expirationDate: entity.expirationText,
      transactionId: entity.transactionId,
      lastSyncedAt: entity.lastSyncedAt?.toISOString() ?? null,
      lastError: entity.lastError,
      createdAt: entity.createdAt.toISOString(),
      disabledAt: entity.disabledAt?.toISOString() ?? null,
    };
  }
}

export class CreatedPaymentLinkDto {
  @ApiProperty({ type: PaymentLinkDto }) link!: PaymentLinkDto;
  @ApiPropertyOptional({
    description: 'Plain-text email body with the link, when `renderEmail` was asked.',
  })
  emailText?: string;
  @ApiProperty({ description: 'True when this answers a repeated Idempotency-Key.' })
  replayed!: boolean;
}

export class DeletedPaymentLinkDto {
  @ApiProperty({ type: PaymentLinkDto }) link!: PaymentLinkDto;
  @ApiProperty({ example: DELETE_NOTICE }) notice!: string;
}

export class PaymentLinkPageDto {
  @ApiProperty({ type: [PaymentLinkDto], description: 'Newest first.' }) items!: PaymentLinkDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListPaymentLinksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_LINK_STATUSES })
  @IsOptional()
  @Transform(upperCaseCode)
  @IsIn(PAYMENT_LINK_STATUSES)
  status?: PaymentLinkStatus;

  @ApiPropertyOptional({ description: 'Exact order id.' })
  @IsOptional()
  @IsString()
  @Matches(SAFERPAY_ID)
  @MaxLength(80)
  orderId?: string;

  @ApiPropertyOptional({ description: 'Only this account (franchise lists).', format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'must be a UUID',
  })
  accountId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;
}
