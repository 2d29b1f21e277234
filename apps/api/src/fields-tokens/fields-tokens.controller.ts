import { Controller, Delete, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  FieldsTokenDto,
  FieldsTokenPageDto,
  ProvisionedFieldsTokenDto,
} from './dto/fields-token.dto';
import { FieldsTokensService } from './fields-tokens.service';

@ApiTags('fields-tokens')
@ApiBearerAuth()
@Controller()
export class FieldsTokensController {
  constructor(private readonly fieldsTokens: FieldsTokensService) {}

  /** Creates the shop's Fields access token at Saferpay. The value is in this answer only. */
  @Post('shops/:shopId/fields-tokens')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiCreatedResponse({ type: ProvisionedFieldsTokenDto })
  @ApiProblemResponses(400, 401, 404, 409, 422, 503)
  provisionFieldsToken(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
  ): Promise<ProvisionedFieldsTokenDto> {
    return this.fieldsTokens.provision(tenantId, shopId);
  }

  /** A new token becomes active; the old one keeps working for the grace period, then is deleted. */
  @Post('shops/:shopId/fields-tokens/rotate')
  @ApiCreatedResponse({ type: ProvisionedFieldsTokenDto })
  @ApiProblemResponses(400, 401, 404, 409, 422, 503)
  rotateFieldsToken(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
  ): Promise<ProvisionedFieldsTokenDto> {
    return this.fieldsTokens.rotate(tenantId, shopId);
  }

  /** The shop's tokens, newest first, masked. */
  @Get('shops/:shopId/fields-tokens')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: FieldsTokenPageDto })
  @ApiProblemResponses(400, 401, 404)
  listFieldsTokens(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
    @Query() query: PageQueryDto,
  ): Promise<FieldsTokenPageDto> {
    return this.fieldsTokens.list(tenantId, shopId, query);
  }

  /** Deletes the token at Saferpay: `revoked`, or `revoking` while a job retries a Saferpay failure. */
  @Delete('fields-tokens/:tokenId')
  @ApiOkResponse({ type: FieldsTokenDto })
  @ApiProblemResponses(400, 401, 404, 409)
  revokeFieldsToken(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('tokenId') tokenId: string,
  ): Promise<FieldsTokenDto> {
    return this.fieldsTokens.revoke(tenantId, tokenId);
  }
}
