import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ProblemException } from '@api/common/problem/problem.exception';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { CreatePaymentLinkDto } from './dto/create-payment-link.dto';
import {
  CreatedPaymentLinkDto,
  DELETE_NOTICE,
  DeletedPaymentLinkDto,
  ListPaymentLinksQueryDto,
  PaymentLinkDto,
  PaymentLinkPageDto,
} from './dto/payment-link.dto';
import { PaymentLinksService } from './payment-links.service';

/** Printable ASCII, 1..255: what we hash and compare. */
function idempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new ProblemException('validationFailed', 'The Idempotency-Key header is not valid.', [
      { pointer: '/header/idempotency-key', detail: 'must be 1 to 255 printable ASCII characters' },
    ]);
  }
  return value;
}

@ApiTags('payment-links')
@ApiBearerAuth()
@Controller()
export class PaymentLinksController {
  constructor(private readonly paymentLinks: PaymentLinksService) {}

  /**
   * Creates a Secure PayGate single-use link on an SPG terminal of the account. Every field
   * is checked (against the latest snapshot too) before Saferpay is called. Saferpay does not
   * send the link: send `link.paymentLink` (or `emailText`) to the payer yourself.
   */
  @Post('merchant-accounts/:accountId/payment-links')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 255 characters. A retry with the same key and body answers the same link without a second offer; the same key with another body is a 422.',
  })
  @ApiCreatedResponse({ type: CreatedPaymentLinkDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415, 422, 503)
  async createPaymentLink(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Body() body: CreatePaymentLinkDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CreatedPaymentLinkDto> {
    const created = await this.paymentLinks.create(tenantId, accountId, body, idempotencyKey(key));
    if (created.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return created;
  }

  /** The account's links, newest first; filters `status`, `orderId`, `createdFrom`, `createdTo`. */
  @Get('merchant-accounts/:accountId/payment-links')
  @ApiOkResponse({ type: PaymentLinkPageDto })
  @ApiProblemResponses(400, 401, 404)
  listAccountPaymentLinks(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Query() query: ListPaymentLinksQueryDto,
  ): Promise<PaymentLinkPageDto> {
    return this.paymentLinks.listForAccount(tenantId, accountId, query);
  }

  /** The franchise's links across its accounts, newest first (same filters, plus `accountId`). */
  @Get('franchises/:franchiseId/payment-links')
  @ApiOkResponse({ type: PaymentLinkPageDto })
  @ApiProblemResponses(400, 401, 404)
  listFranchisePaymentLinks(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Query() query: ListPaymentLinksQueryDto,
  ): Promise<PaymentLinkPageDto> {
    return this.paymentLinks.listForFranchise(tenantId, franchiseId, query);
  }

  /** The stored link (status as last read from Saferpay; see `lastSyncedAt`). */
  @Get('payment-links/:linkId')
  @ApiOkResponse({ type: PaymentLinkDto })
  @ApiProblemResponses(400, 401, 404)
  getPaymentLink(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('linkId') linkId: string,
  ): Promise<PaymentLinkDto> {
    return this.paymentLinks.get(tenantId, linkId);
  }

  /** Reads the status from Saferpay now (PAID with its `transactionId`, EXPIRED, DISABLED). */
  @Post('payment-links/:linkId/refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: PaymentLinkDto })
  @ApiProblemResponses(400, 401, 404, 409, 422, 503)
  refreshPaymentLink(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('linkId') linkId: string,
  ): Promise<PaymentLinkDto> {
    return this.paymentLinks.refresh(tenantId, linkId);
  }

  @Delete('payment-links/:linkId')
  @ApiOperation({
    summary: 'Voids the link at Saferpay (DISABLED).',
    description: `${DELETE_NOTICE} A paid link cannot be voided (409); an expired or disabled one is answered unchanged.`,
  })
  @ApiOkResponse({ type: DeletedPaymentLinkDto })
  @ApiProblemResponses(400, 401, 404, 409, 422, 503)
  deletePaymentLink(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('linkId') linkId: string,
  ): Promise<DeletedPaymentLinkDto> {
    return this.paymentLinks.delete(tenantId, linkId);
  }
}
